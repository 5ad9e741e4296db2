//! The local backend: a Tantivy index in a folder, holding every Tantivy type of khabar.
//!
//! `schema.rs` names the fields; `query.rs` turns a plan into a Tantivy query; `snapshot.rs`
//! answers a request from one searcher, counting sources and months with `columns.rs` and
//! finding near spellings with `similar.rs`; `writer.rs` is the indexing sink; `folder.rs` is the
//! index folder's own files (`khabar/info.json` and the stored configuration).

mod columns;
mod folder;
mod members;
mod open_columns;
mod ordinal_counts;
mod query;
mod ranked_counts;
pub mod schema;
mod similar;
mod snapshot;
mod writer;

use std::path::{Path, PathBuf};

use anyhow::Result;
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::analysis;
use crate::api::Unavailable;
use crate::backend::{Backend, Info, Snapshot};
use crate::stored_config::StoredConfig;

pub use folder::{is_index, read_info, DEFAULT_INDEX};
pub use schema::Fields;
pub use writer::{index_folder, Writer, WriterOptions};

/// Matches read at once by the passes over them (the facet counts, the copies of hits): the
/// blocks Tantivy hands a pass that needs no scores.
const BLOCK: usize = 64;

/// An opened local index.
pub struct TantivyIndex {
    dir: PathBuf,
    reader: IndexReader,
    fields: Fields,
    info: Info,
    /// The configuration the index was built with (its stored copy).
    config: StoredConfig,
    /// Facet values named so far, kept for the next query.
    names: columns::Names,
}

impl TantivyIndex {
    /// Opens the index in `dir` with the configuration stored in it. With `watch`, the reader
    /// follows new commits by itself (for long-running processes).
    pub fn open(dir: &Path, watch: bool) -> Result<TantivyIndex, Unavailable> {
        // A writer in another process may commit and clean up old segment files between our
        // reading meta.json and opening the segments: try again on the new commit.
        let mut attempt = 0;
        loop {
            match TantivyIndex::open_once(dir, watch) {
                Err(Unavailable::Damaged(..)) if attempt < 3 && is_index(dir) => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
                }
                result => return result,
            }
        }
    }

    fn open_once(dir: &Path, watch: bool) -> Result<TantivyIndex, Unavailable> {
        let shown = dir.display().to_string();
        if !is_index(dir) {
            let has_files = dir
                .read_dir()
                .map(|mut d| d.next().is_some())
                .unwrap_or(false);
            return Err(if has_files && !folder::khabar_dir(dir).exists() {
                Unavailable::Damaged(shown, "no meta.json".to_string())
            } else {
                Unavailable::Missing(shown)
            });
        }
        let damaged = |why: String| Unavailable::Damaged(shown.clone(), why);
        let info = read_info(dir).map_err(|e| damaged(format!("{e:#}")))?;
        if info.format != schema::FORMAT {
            return Err(damaged(format!(
                "built by another version of khabar (index format {}, this khabar reads {})",
                info.format,
                schema::FORMAT
            )));
        }
        let config =
            folder::stored_config(dir, &info.config_hash).map_err(|e| damaged(format!("{e:#}")))?;
        let index = Index::open_in_dir(dir).map_err(|e| damaged(e.to_string()))?;
        let fields = Fields::of(&index.schema())
            .map_err(|e| damaged(format!("built by another version of khabar ({e})")))?;
        analysis::register(&index, config.pipeline());
        let policy = if watch {
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = index
            .reader_builder()
            .reload_policy(policy)
            .try_into()
            .map_err(|e: tantivy::TantivyError| damaged(e.to_string()))?;
        // Touch every segment so a missing file is reported now, not in the middle of a search.
        for segment in reader.searcher().segment_readers() {
            segment
                .inverted_index(fields.terms)
                .map_err(|e| damaged(e.to_string()))?;
        }
        Ok(TantivyIndex {
            dir: dir.to_path_buf(),
            reader,
            fields,
            info,
            config,
            names: columns::Names::default(),
        })
    }
}

impl Backend for TantivyIndex {
    fn snapshot(&self) -> Result<Box<dyn Snapshot + '_>> {
        let searcher = self.reader.searcher();
        let live = searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        self.names.keep_only(&live);
        Ok(Box::new(snapshot::TantivySnapshot {
            searcher,
            fields: self.fields,
            index: self,
            matched: Default::default(),
            ranked: Default::default(),
            columns: Default::default(),
        }))
    }

    fn config(&self) -> &StoredConfig {
        &self.config
    }

    fn location(&self) -> String {
        self.dir.display().to_string()
    }

    fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }
}
