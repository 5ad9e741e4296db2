//! `khabar search` as users run it: the paragraphs indexed by khabar's own indexer into a
//! temporary folder, each query answered by `Khabar::search` (every word required, else any of
//! them ranked by how many they hold; the query language read as typed), top 10 without
//! collapsing copies, so every document keeps its number.

use std::io::Write as _;

use khabar::api::Request;
use khabar::backend::tantivy::{index_folder, WriterOptions};
use khabar::config::Config;
use khabar::indexing::IndexOptions;
use khabar::Khabar;

use super::engine::Score;

/// A khabar index of a paragraph set, in a temporary folder.
pub struct ServiceEngine {
    _dir: tempfile::TempDir,
    khabar: Khabar,
}

impl ServiceEngine {
    /// Indexes `docs` (article id = position in the slice) with `config`.
    pub fn build(docs: &[String], config: &Config) -> ServiceEngine {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("corpus folder");
        let mut file = std::fs::File::create(corpus.join("docs.jsonl")).expect("docs.jsonl");
        for (n, text) in docs.iter().enumerate() {
            let line = serde_json::json!({"id": n.to_string(), "text": text});
            writeln!(file, "{line}").expect("a line written");
        }
        drop(file);
        let index = dir.path().join("idx");
        let opts = IndexOptions {
            corpus,
            batch: 100_000,
        };
        let writer = WriterOptions {
            threads: 1,
            memory_mb: 300,
            rebuild: false,
        };
        index_folder(&index, &opts, &writer, config, &|_| {}).expect("khabar indexes the set");
        let khabar = Khabar::open(&index, config, false).expect("the index opens");
        ServiceEngine { _dir: dir, khabar }
    }

    /// Document numbers of the top 10 paragraphs for `query`, best first.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let req = Request {
            query: query.to_string(),
            limit: 10,
            no_collapse: true,
            ..Request::default()
        };
        match self.khabar.search(&req) {
            Ok(response) => response
                .hits
                .iter()
                .filter_map(|h| h.article_id.parse().ok())
                .collect(),
            // A query of nothing searchable finds nothing, as for a user.
            Err(_) => Vec::new(),
        }
    }

    /// MRR@10 of `queries`, each with the document numbers that answer it.
    pub fn mrr<'q>(&self, queries: impl Iterator<Item = (&'q str, &'q [usize])>) -> Score {
        let mut score = Score::default();
        for (query, targets) in queries {
            let rank = self.search(query).iter().position(|d| targets.contains(d));
            score.add(rank);
        }
        score
    }
}
