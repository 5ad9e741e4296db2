//! Writing a local index: the indexing [`Sink`] over a Tantivy `IndexWriter`.
//!
//! An existing index is locked before anything else is checked, so a second writer is told so at
//! once. The folder's `khabar/info.json` and stored configuration are kept in step with what is
//! committed: the configuration is written first and the info last, so a run killed in between
//! leaves an index that asks for a rebuild rather than one searched with a wrong configuration.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::folder::{self, is_index};
use super::schema::{self, name, Fields};
use crate::analysis::{self, Terms};
use crate::backend::Info;
use crate::config::Config;
use crate::corpus::Article;
use crate::indexing::{
    self, ArticleDocs, IndexOptions, ParagraphDoc, Progress, Sink, Summary, WriteError,
};

/// How the index folder was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opened {
    /// Created now.
    Fresh,
    /// An index built with this configuration, to update.
    Existing,
    /// An index to empty and fill again.
    Rebuild,
}

/// What a local writer needs besides the corpus.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Tantivy's writer threads; each commit writes a segment for each.
    pub threads: usize,
    pub memory_mb: usize,
    /// Delete every document and index the whole corpus again.
    pub rebuild: bool,
}

impl WriterOptions {
    /// Writer threads by default: one for every four cores. The analysis, the larger part of
    /// indexing, runs on every core before the writer; one writer thread keeps up with two
    /// cores of analysis and makes one segment where two threads make two, so a search opens
    /// and counts facets over half the segments.
    pub fn default_threads() -> usize {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .div_ceil(4)
    }
}

/// A writer on a local index.
pub struct Writer<'a> {
    dir: PathBuf,
    index: Index,
    writer: IndexWriter,
    fields: Fields,
    opened: Opened,
    info: Info,
    config: &'a Config,
    /// The configuration still has to be stored (a new or rebuilt index).
    store_config: bool,
    /// Something was put or deleted since the last commit.
    dirty: bool,
}

/// Builds or updates the local index `dir` from `opts.corpus`: the whole indexing job.
pub fn index_folder(
    dir: &Path,
    opts: &IndexOptions,
    writer: &WriterOptions,
    config: &Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    ensure_index_outside_corpus(dir, &opts.corpus)?;
    // The corpus must be readable before an index folder is made for it.
    crate::corpus::list_files(&opts.corpus)?;
    let mut sink = Writer::open(dir, writer, config, &opts.corpus)?;
    let summary = indexing::run(opts, config, &mut sink, progress)?;
    sink.finish()?;
    Ok(summary)
}

impl<'a> Writer<'a> {
    /// Opens the index in `dir` for writing, creating it (or starting over with `rebuild`).
    pub fn open(
        dir: &Path,
        opts: &WriterOptions,
        config: &'a Config,
        corpus: &Path,
    ) -> Result<Writer<'a>> {
        let (index, writer, fields, opened) = open_for_writing(dir, opts, config)?;
        // The writer shares the index's tokenizer registry: registering now is in time.
        analysis::register(&index, config.pipeline());
        let mut this = Writer {
            dir: dir.to_path_buf(),
            index,
            writer,
            fields,
            opened,
            info: Info {
                config_hash: config.index_hash().to_string(),
                built_at: folder::now(),
                corpus: corpus.display().to_string(),
                khabar_version: env!("CARGO_PKG_VERSION").to_string(),
                format: schema::FORMAT,
            },
            config,
            store_config: opened != Opened::Existing,
            dirty: opened == Opened::Rebuild,
        };
        match opened {
            // Nothing to lose: seal at once, so even a run killed before its first commit
            // leaves an index that opens.
            Opened::Fresh => this.seal()?,
            // The old documents and the old info stay until the first commit replaces both.
            Opened::Rebuild => {
                this.writer.delete_all_documents()?;
            }
            Opened::Existing => {}
        }
        Ok(this)
    }

    fn seal(&mut self) -> Result<()> {
        if self.store_config {
            folder::store_config(&self.dir, self.config)?;
            self.store_config = false;
        }
        self.info.built_at = folder::now();
        folder::write_info(&self.dir, &self.info)
    }

    /// Waits for the merges the last commit started.
    pub fn finish(self) -> Result<()> {
        self.writer
            .wait_merging_threads()
            .context("finishing segment merges")
    }

    fn document(
        &self,
        article: &Article,
        title_terms: Option<&Terms>,
        hash: u64,
        p: ParagraphDoc,
    ) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.article_id, &article.id);
        doc.add_u64(f.paragraph, p.paragraph);
        if let Some(title) = &article.title {
            doc.add_text(f.title, title);
        }
        if let Some(terms) = title_terms {
            doc.add_text(f.title_terms, terms.as_str());
        }
        if let Some(date) = article.date {
            doc.add_text(f.date, date.format("%Y-%m-%d").to_string());
            doc.add_u64(f.day, schema::day_number(date));
        }
        for (field, value) in [
            (f.place, &article.place),
            (f.source, &article.source),
            (f.category, &article.category),
            (f.url, &article.url),
        ] {
            if let Some(value) = value {
                doc.add_text(field, value);
            }
        }
        doc.add_text(f.path, &article.path);
        doc.add_text(f.text, p.text);
        doc.add_text(f.terms, p.terms.into_string());
        for code in &p.countries {
            doc.add_text(f.country, code);
        }
        for person in &p.persons {
            doc.add_text(f.person, person);
        }
        doc.add_u64(f.article_hash, hash);
        doc.add_u64(f.dup_key, p.dup_key);
        doc
    }
}

impl Sink for Writer<'_> {
    fn existing(&mut self) -> Result<HashMap<String, (u64, String)>> {
        if self.opened == Opened::Existing {
            indexed_articles(&self.index)
        } else {
            Ok(HashMap::new())
        }
    }

    fn put(
        &mut self,
        article: &Article,
        hash: u64,
        docs: ArticleDocs,
        replace: bool,
    ) -> Result<()> {
        if replace {
            self.delete(&article.id)?;
        }
        for p in docs.paragraphs {
            let doc = self.document(article, docs.title_terms.as_ref(), hash, p);
            self.writer.add_document(doc).context("adding a document")?;
        }
        self.dirty = true;
        Ok(())
    }

    fn delete(&mut self, article_id: &str) -> Result<()> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.article_id, article_id));
        self.dirty = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        if !self.dirty {
            return Ok(());
        }
        self.writer.commit().context("committing to the index")?;
        self.dirty = false;
        self.seal()
    }
}

/// Opens the index for writing; an existing index is locked before anything else is checked.
fn open_for_writing(
    dir: &Path,
    opts: &WriterOptions,
    config: &Config,
) -> Result<(Index, IndexWriter, Fields, Opened)> {
    if dir.exists()
        && !is_index(dir)
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "{} exists but is not a khabar index; choose another index folder or remove it yourself",
            dir.display()
        );
    }
    if is_index(dir) {
        let index = Index::open_in_dir(dir)
            .with_context(|| format!("opening the index at {} (damaged?)", dir.display()))?;
        let writer = writer(&index, dir, opts)?;
        let fields = Fields::of(&index.schema());
        let info = folder::read_info(dir);
        match (fields, info) {
            (Ok(fields), _) if opts.rebuild => return Ok((index, writer, fields, Opened::Rebuild)),
            (Ok(_), Ok(info)) if info.format != schema::FORMAT => {
                return Err(WriteError::NeedsRebuild(format!(
                    "the index at {} was built by another version of khabar",
                    dir.display()
                ))
                .into())
            }
            (Ok(fields), Ok(info)) if info.config_hash == config.index_hash() => {
                return Ok((index, writer, fields, Opened::Existing))
            }
            (Ok(_), Ok(_)) => {
                return Err(WriteError::NeedsRebuild(format!(
                    "the configuration changed since the index at {} was built",
                    dir.display()
                ))
                .into())
            }
            (Ok(_), Err(err)) => {
                return Err(WriteError::NeedsRebuild(format!(
                    "the index at {} lacks its khabar settings ({err:#})",
                    dir.display()
                ))
                .into())
            }
            (Err(_), _) if opts.rebuild => {
                // An index of an older schema: start over (we hold its lock up to here).
                drop(writer);
                drop(index);
                fs::remove_dir_all(dir)
                    .with_context(|| format!("removing the old index at {}", dir.display()))?;
            }
            (Err(_), _) => {
                return Err(WriteError::NeedsRebuild(format!(
                    "the index at {} was built by another version of khabar",
                    dir.display()
                ))
                .into())
            }
        }
    }
    fs::create_dir_all(dir)
        .with_context(|| format!("creating the index folder {}", dir.display()))?;
    let (schema, fields) = Fields::build();
    let index = Index::builder()
        .schema(schema)
        .settings(schema::settings())
        .create_in_dir(dir)
        .with_context(|| format!("creating an index in {}", dir.display()))?;
    let writer = writer(&index, dir, opts)?;
    Ok((index, writer, fields, Opened::Fresh))
}

fn writer(index: &Index, dir: &Path, opts: &WriterOptions) -> Result<IndexWriter> {
    let threads = opts.threads.max(1);
    let memory = (opts.memory_mb.max(16 * threads)) << 20;
    index
        .writer_with_num_threads(threads, memory)
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => {
                anyhow::Error::new(WriteError::Busy(dir.display().to_string()))
            }
            other => {
                anyhow::Error::new(other).context(format!("opening a writer on {}", dir.display()))
            }
        })
}

/// The id, hash and path of every article in the index.
fn indexed_articles(index: &Index) -> Result<HashMap<String, (u64, String)>> {
    let reader = index.reader().context("opening the index for reading")?;
    let searcher = reader.searcher();
    let mut out = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(ids), Some(paths)) = (fast.str(name::ARTICLE_ID)?, fast.str(name::PATH)?) else {
            continue;
        };
        let hashes = fast.u64(name::ARTICLE_HASH)?;
        let alive = segment.alive_bitset();
        // Terms are read once per segment, in order: looking each document's up on its own
        // decompresses a dictionary block per document, and made a run with nothing to do slow.
        let (id_terms, path_terms) = (schema::all_terms(&ids)?, schema::all_terms(&paths)?);
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let (Some(id_ord), Some(path_ord)) =
                (ids.term_ords(doc).next(), paths.term_ords(doc).next())
            else {
                continue;
            };
            let (Some(id), Some(path)) = (
                id_terms.get(id_ord as usize),
                path_terms.get(path_ord as usize),
            ) else {
                continue;
            };
            if !out.contains_key(id) {
                let hash = hashes.first(doc).unwrap_or(0);
                out.insert(id.clone(), (hash, path.clone()));
            }
        }
    }
    Ok(out)
}

/// Refuses an index folder inside the corpus folder: nothing under the corpus is ever written.
fn ensure_index_outside_corpus(index: &Path, corpus: &Path) -> Result<()> {
    let Ok(corpus_dir) = corpus.canonicalize() else {
        return Ok(()); // Listing the corpus says what is wrong with it.
    };
    if resolved(index).starts_with(&corpus_dir) {
        bail!(
            "the index folder {} is inside the corpus folder {}, and khabar never writes under the corpus; choose an index folder outside it",
            index.display(),
            corpus.display()
        );
    }
    Ok(())
}

/// `path` made absolute with its existing part's symbolic links resolved (it may not exist yet).
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}
