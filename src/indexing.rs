//! Indexing, backend-neutral: corpus → articles → paragraph documents → a backend's [`Sink`],
//! incrementally.
//!
//! Each article carries its hash: a run re-indexes only articles whose hash changed, adds new
//! ones and deletes those whose file is gone (not those of a file that could not be read to its
//! end). The sink commits in batches, and a changed article's delete and add share one, so a
//! killed run leaves the last commit searchable and the next run completes it. Progress reaches
//! the caller through a callback; nothing here draws. Nothing is ever written under the corpus.

use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{Outcome, Pipeline, Terms, TermsWriter};
use crate::config::Config;
use crate::corpus::{self, dateline::Datelines, file::Broken, Article, Problem};
use crate::facets::{self, Facets};

/// How many new or changed articles a run commits at a time unless told otherwise: a killed run
/// loses at most that many (about ten seconds of work on two cores), and fewer commits make fewer
/// segments, which every search visits and whose facet values it names and looks up one by one.
pub const DEFAULT_BATCH: usize = 50_000;

/// What an indexing run is asked to do (the backend's own settings go to its sink).
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The folder of articles, or one file.
    pub corpus: PathBuf,
    /// Commit after this many new or changed articles.
    pub batch: usize,
}

/// What a run has done so far, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The run will read this many bytes of files.
    Started { total_bytes: u64 },
    /// This many more bytes were read.
    Read(u64),
    /// The run is over.
    Finished,
}

/// What a run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    /// Articles in the corpus now.
    pub articles: usize,
    /// Paragraphs of those articles.
    pub paragraphs: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Bytes of corpus files read.
    pub bytes: u64,
    /// Files of kinds khabar does not read (`.md`, `.tsv` …).
    pub other_files: usize,
    /// Files, lines and entries reported and skipped.
    pub problems: Vec<String>,
    pub seconds: f64,
}

impl Summary {
    /// Whether the run found nothing to do.
    pub fn nothing_changed(&self) -> bool {
        self.added + self.changed + self.removed == 0
    }
}

/// One paragraph, as a backend stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphDoc {
    /// 1-based.
    pub paragraph: u64,
    pub text: String,
    /// The text's index terms, from the same analysis as the facets.
    pub terms: Terms,
    /// ISO codes, sorted.
    pub countries: Vec<String>,
    /// Person names, sorted.
    pub persons: Vec<String>,
    /// The hash of the paragraph's normalised words: paragraphs that read the same share it.
    pub dup_key: u64,
}

/// An article's paragraph documents, as a backend stores them.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleDocs {
    /// The title's terms (stems and alternatives, no unstemmed terms), analysed once for all
    /// the paragraphs; `None` without a title.
    pub title_terms: Option<Terms>,
    pub paragraphs: Vec<ParagraphDoc>,
}

/// Why a backend's writer cannot write, where its caller must tell the cases apart.
#[derive(Debug)]
pub enum WriteError {
    /// Another process is writing to the index (named).
    Busy(String),
    /// The index must be rebuilt from scratch before this configuration can write to it.
    NeedsRebuild(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Busy(at) => write!(
                f,
                "another indexing run is writing to {at}; wait for it to finish, then run again"
            ),
            WriteError::NeedsRebuild(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for WriteError {}

/// Where indexed articles go: a backend's writer.
pub trait Sink {
    /// The id, hash and path of every article already stored.
    fn existing(&mut self) -> Result<HashMap<String, (u64, String)>>;
    /// Stores an article's paragraphs, replacing its old ones when `replace`.
    fn put(&mut self, article: &Article, hash: u64, docs: ArticleDocs, replace: bool)
        -> Result<()>;
    /// Deletes an article.
    fn delete(&mut self, article_id: &str) -> Result<()>;
    /// Makes what was put and deleted so far durable and searchable.
    fn commit(&mut self) -> Result<()>;
}

/// Turns articles into paragraph documents: datelines, facets, duplicate keys.
pub struct DocBuilder {
    pub pipeline: Arc<Pipeline>,
    pub facets: Facets,
    pub datelines: Datelines,
}

impl DocBuilder {
    /// A builder for `config`.
    pub fn new(config: &Config) -> DocBuilder {
        let pipeline = config.pipeline();
        DocBuilder {
            facets: Facets::new(config, pipeline.clone()),
            pipeline,
            datelines: config.dateline_parser(),
        }
    }

    /// Fills the article's dateline fields and returns its documents. Each paragraph is analysed
    /// once: the same pass gives the facets their words and the index its terms.
    pub fn documents(&self, article: &mut Article) -> ArticleDocs {
        let dateline_len = article.apply_dateline(&self.datelines);
        let paragraphs: Vec<&str> = article.paragraphs.iter().map(String::as_str).collect();
        let (words, terms): (Vec<_>, Vec<_>) = paragraphs
            .iter()
            .map(|text| {
                let mut terms = TermsWriter::new(true);
                let words = facets::words_by(text, |surface, buf| {
                    let outcome = self.pipeline.process(surface, buf);
                    terms.push(&self.pipeline, outcome, buf);
                    outcome == Outcome::Stopword
                });
                (words, terms.finish())
            })
            .unzip();
        let found = self.facets.extract(&paragraphs, &words, dateline_len);
        let paragraphs = paragraphs
            .iter()
            .zip(&words)
            .zip(terms)
            .zip(found)
            .enumerate()
            .map(|(i, (((text, words), terms), facets))| ParagraphDoc {
                paragraph: i as u64 + 1,
                text: text.to_string(),
                terms,
                countries: facets.countries,
                persons: facets.persons,
                dup_key: dup_key(words),
            })
            .collect();
        ArticleDocs {
            title_terms: article
                .title
                .as_deref()
                .map(|t| Terms::of(&self.pipeline, t, false)),
            paragraphs,
        }
    }
}

/// The hash of a paragraph's normalised words.
fn dup_key(words: &[facets::Tok]) -> u64 {
    let mut hasher = blake3::Hasher::new();
    for w in words {
        hasher.update(w.normalized.as_bytes());
        hasher.update(b" ");
    }
    u64::from_le_bytes(
        hasher.finalize().as_bytes()[..8]
            .try_into()
            .expect("8 bytes"),
    )
}

/// Articles handed from the reading thread to the indexing one.
const CHUNK: usize = 256;

/// What the reading thread sends: articles, then the end of their file.
enum FromReader {
    Articles(Vec<Article>),
    FileEnd {
        rel: String,
        problems: Vec<Problem>,
        read: Result<u64, Broken>,
    },
}

/// Indexes `opts.corpus` with `config` into `sink`, telling `progress` how far it got.
pub fn run(
    opts: &IndexOptions,
    config: &Config,
    sink: &mut dyn Sink,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    let started = Instant::now();
    let listing = corpus::list_files(&opts.corpus)?;
    let before = sink.existing()?;
    let builder = DocBuilder::new(config);
    let mut summary = Summary {
        other_files: listing.other_files,
        problems: listing.problems.iter().map(ToString::to_string).collect(),
        ..Summary::default()
    };
    // Articles under these paths (relative to the corpus) are kept even when not seen this
    // run: their file or folder could not be read to its end.
    let mut not_read: Vec<String> = listing
        .problems
        .iter()
        .map(|p| corpus::relative_path(&opts.corpus, Path::new(&p.location)))
        .collect();
    let total_bytes: u64 = listing
        .files
        .iter()
        .filter_map(|(p, _)| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    progress(Progress::Started { total_bytes });
    let on_bytes = |n: u64| progress(Progress::Read(n));
    let mut seen: HashSet<String> = HashSet::new();
    let mut pending = 0usize;
    // One thread reads, decompresses and parses the files while this one analyses and indexes
    // what it has read: the two overlap instead of taking turns.
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<FromReader>(4);
        let files = &listing.files;
        let corpus_root = &opts.corpus;
        let on_bytes = &on_bytes;
        scope.spawn(move || {
            for (path, format) in files {
                let rel = corpus::relative_path(corpus_root, path);
                let mut problems = Vec::new();
                let mut batch = Vec::with_capacity(CHUNK);
                let mut receiver_gone = false;
                let read = corpus::file::read(path, &rel, *format, on_bytes, &mut problems, |a| {
                    batch.push(a);
                    if batch.len() == CHUNK && !receiver_gone {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(CHUNK));
                        receiver_gone = send.send(FromReader::Articles(full)).is_err();
                    }
                });
                let end = FromReader::FileEnd {
                    rel,
                    problems,
                    read,
                };
                if receiver_gone
                    || send.send(FromReader::Articles(batch)).is_err()
                    || send.send(end).is_err()
                {
                    return; // The indexer stopped on an error; it reports it.
                }
            }
        });
        for message in receive {
            match message {
                FromReader::Articles(mut articles) => {
                    pending += index_chunk(
                        &mut articles,
                        &before,
                        &mut seen,
                        &builder,
                        sink,
                        &opts.corpus,
                        &mut summary,
                    )?;
                    if pending >= opts.batch.max(1) {
                        sink.commit()?;
                        pending = 0;
                    }
                }
                FromReader::FileEnd {
                    rel,
                    problems,
                    read,
                } => {
                    summary
                        .problems
                        .extend(problems.iter().map(ToString::to_string));
                    match read {
                        Ok(bytes) => summary.bytes += bytes,
                        Err(broken) => {
                            summary.problems.push(broken.problem().to_string());
                            not_read.push(rel);
                        }
                    }
                }
            }
        }
        Ok(())
    })?;
    let kept = |path: &str| {
        not_read.iter().any(|p| {
            p.is_empty()
                || path
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    };
    for (id, (_, path)) in &before {
        if !seen.contains(id) && !kept(path) {
            sink.delete(id)?;
            summary.removed += 1;
        }
    }
    sink.commit()?;
    progress(Progress::Finished);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Indexes one chunk of articles; returns how many were added or changed.
fn index_chunk(
    chunk: &mut [Article],
    before: &HashMap<String, (u64, String)>,
    seen: &mut HashSet<String>,
    builder: &DocBuilder,
    sink: &mut dyn Sink,
    corpus_root: &Path,
    summary: &mut Summary,
) -> Result<usize> {
    let mut todo: Vec<(&mut Article, u64, bool)> = Vec::new();
    for article in chunk.iter_mut() {
        if !seen.insert(article.id.clone()) {
            summary.problems.push(format!(
                "{}: duplicate article id {:?}, only the first is indexed",
                corpus_root.join(&article.path).display(),
                article.id
            ));
            continue;
        }
        summary.articles += 1;
        summary.paragraphs += article.paragraphs.len();
        let hash = article.content_hash();
        match before.get(&article.id) {
            Some((old, _)) if *old == hash => summary.unchanged += 1,
            Some(_) => todo.push((article, hash, true)),
            None => todo.push((article, hash, false)),
        }
    }
    // A bug in the analysis of one article must not cost the user the rest of the archive:
    // that article is reported and skipped (a changed one keeps its old version).
    let docs: Vec<_> = todo
        .into_par_iter()
        .map(|(article, hash, existed)| {
            let docs = panic::catch_unwind(AssertUnwindSafe(|| builder.documents(article)));
            (&*article, hash, existed, docs)
        })
        .collect();
    let mut count = 0;
    for (article, hash, existed, docs) in docs {
        let Ok(docs) = docs else {
            summary.problems.push(format!(
                "{}: article {:?} skipped: khabar failed on it (a bug, please report it with this article)",
                corpus_root.join(&article.path).display(),
                article.id
            ));
            continue;
        };
        count += 1;
        if existed {
            summary.changed += 1;
        } else {
            summary.added += 1;
        }
        sink.put(article, hash, docs, existed)?;
    }
    Ok(count)
}
