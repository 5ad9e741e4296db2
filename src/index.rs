//! Building and updating an index: corpus → articles → paragraph documents → Tantivy.
//!
//! Incremental: each document carries its article's hash; a new run re-indexes only articles
//! whose hash changed, adds new ones and deletes those whose file is gone (not those of a file
//! that could not be read to its end). Commits come in batches, and a changed article's delete
//! and add share one, so a killed run leaves the last commit searchable and the next run
//! completes it. An existing index is locked first: a second writer fails at once. The index
//! folder also holds `khabar/info.json` (config hash, build time) and a copy of the config it
//! was built with, so searching needs nothing but the index folder; they are written after the
//! commit they describe. Nothing is ever written under the corpus folder.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::schema::Facet;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::analysis::{self, Pipeline};
use crate::config::Config;
use crate::corpus::{self, dateline::Datelines, encoding, jsonl, txt, Article, Format, Problem};
use crate::facets::{self, Facets};
use crate::schema::{self, Fields};

/// Where the default index lives.
pub const DEFAULT_INDEX: &str = ".khabar-index";
/// `.txt` files larger than this are reported and skipped.
pub const MAX_TXT_BYTES: u64 = 64 << 20;

/// What `khabar index` was asked to do.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub config: PathBuf,
    pub threads: usize,
    pub memory_mb: usize,
    pub rebuild: bool,
    /// Commit after this many new or changed articles.
    pub batch: usize,
    /// Show a progress bar on stderr.
    pub progress: bool,
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

/// `khabar/info.json` in an index folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Info {
    pub config_hash: String,
    pub built_at: String,
    pub corpus: String,
    pub khabar_version: String,
}

/// The khabar folder inside an index folder.
pub fn khabar_dir(index: &Path) -> PathBuf {
    index.join("khabar")
}

/// Reads `khabar/info.json` of an index.
pub fn read_info(index: &Path) -> Result<Info> {
    let path = khabar_dir(index).join("info.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is damaged", path.display()))
}

fn write_info(index: &Path, info: &Info) -> Result<()> {
    let dir = khabar_dir(index);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("info.json");
    let tmp = dir.join("info.json.tmp");
    fs::write(&tmp, serde_json::to_string_pretty(info)?)
        .with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Whether `dir` holds a Tantivy index.
pub fn is_index(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// The id, hash and path of every article in the index.
fn indexed_articles(index: &Index) -> Result<HashMap<String, (u64, String)>> {
    let reader = index.reader().context("opening the index for reading")?;
    let searcher = reader.searcher();
    let mut out = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(ids), Some(paths)) = (fast.str("article_id")?, fast.str("path")?) else {
            continue;
        };
        let hashes = fast.u64("article_hash")?;
        let alive = segment.alive_bitset();
        // Terms are read once per segment, in order: looking each document's up on its own
        // decompresses a dictionary block per document, and made a run with nothing to do slow.
        let (id_terms, path_terms) = (all_terms(&ids)?, all_terms(&paths)?);
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

/// Every term of a fast text column, indexed by its ordinal: one pass over the dictionary,
/// where `ord_to_str` per document decompresses a block each time (seconds on 270k documents).
pub fn all_terms(column: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}

/// Turns articles into documents.
pub struct DocBuilder {
    pub fields: Fields,
    pub pipeline: Arc<Pipeline>,
    pub facets: Facets,
    pub datelines: Datelines,
}

impl DocBuilder {
    /// A builder for `config`.
    pub fn new(config: &Config, fields: Fields) -> DocBuilder {
        let pipeline = config.pipeline();
        DocBuilder {
            fields,
            facets: Facets::new(config, pipeline.clone()),
            pipeline,
            datelines: config.dateline_parser(),
        }
    }

    /// Fills the article's dateline fields and returns its paragraph documents.
    pub fn documents(&self, article: &mut Article, hash: u64) -> Vec<TantivyDocument> {
        let dateline_len = article.apply_dateline(&self.datelines);
        let f = &self.fields;
        let paragraphs: Vec<&str> = article.paragraphs.iter().map(String::as_str).collect();
        let (words, found) = self.facets.of_article(&paragraphs, dateline_len);
        let mut docs = Vec::with_capacity(paragraphs.len());
        for (i, ((text, words), facets)) in paragraphs.iter().zip(&words).zip(found).enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.article_id, &article.id);
            doc.add_u64(f.paragraph, i as u64 + 1);
            if let Some(title) = &article.title {
                doc.add_text(f.title, title);
            }
            if let Some(date) = article.date {
                doc.add_text(f.date, date.format("%Y-%m-%d").to_string());
                doc.add_u64(f.day, day_number(date));
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
            doc.add_text(f.text, text);
            for code in &facets.countries {
                doc.add_facet(f.country, Facet::from_path(["country", code.as_str()]));
            }
            for name in &facets.persons {
                doc.add_facet(f.person, Facet::from_path(["person", name.as_str()]));
            }
            doc.add_u64(f.article_hash, hash);
            doc.add_u64(f.dup_key, dup_key(words));
            docs.push(doc);
        }
        docs
    }
}

/// A date as the number YYYYMMDD.
pub fn day_number(date: chrono::NaiveDate) -> u64 {
    use chrono::Datelike;
    date.year() as u64 * 10_000 + date.month() as u64 * 100 + date.day() as u64
}

/// The hash of a paragraph's normalised words: paragraphs that read the same share it.
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

/// How `open_for_writing` found the index folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opened {
    /// Created now.
    Fresh,
    /// An index built with this config, to update.
    Existing,
    /// An index to empty and fill again (`--rebuild`).
    Rebuild,
}

/// Opens the index for writing, creating it (or starting over with `rebuild`). An existing
/// index is locked before anything else is checked, so a second writer is told so at once.
fn open_for_writing(
    opts: &IndexOptions,
    config: &Config,
) -> Result<(Index, IndexWriter, Fields, Opened)> {
    let dir = &opts.index;
    if dir.exists()
        && !is_index(dir)
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "{} exists but is not a khabar index; choose another --index folder or remove it yourself",
            dir.display()
        );
    }
    if is_index(dir) {
        let index = Index::open_in_dir(dir).with_context(|| {
            format!(
                "opening the index at {} (damaged? run `khabar index --rebuild`)",
                dir.display()
            )
        })?;
        let writer = writer(&index, opts)?;
        let fields = Fields::of(&index.schema());
        let info = read_info(dir);
        match (fields, info) {
            (Ok(fields), _) if opts.rebuild => {
                return Ok((index, writer, fields, Opened::Rebuild))
            }
            (Ok(fields), Ok(info)) if info.config_hash == config.hash => {
                return Ok((index, writer, fields, Opened::Existing))
            }
            (Ok(_), Ok(_)) => bail!(
                "{} changed since the index at {} was built; run `khabar index --rebuild` to index with the new settings",
                config.dir.display(),
                dir.display()
            ),
            (Ok(_), Err(err)) => {
                return Err(err.context(format!(
                    "the index at {} lacks its khabar settings; run `khabar index --rebuild`",
                    dir.display()
                )))
            }
            (Err(_), _) if opts.rebuild => {
                // An index of an older schema: start over (we hold its lock up to here).
                drop(writer);
                drop(index);
                fs::remove_dir_all(dir)
                    .with_context(|| format!("removing the old index at {}", dir.display()))?;
            }
            (Err(_), _) => bail!(
                "the index at {} was built by another version of khabar; run `khabar index --rebuild`",
                dir.display()
            ),
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
    let writer = writer(&index, opts)?;
    Ok((index, writer, fields, Opened::Fresh))
}

fn writer(index: &Index, opts: &IndexOptions) -> Result<IndexWriter> {
    let threads = opts.threads.max(1);
    let memory = (opts.memory_mb.max(16 * threads)) << 20;
    index
        .writer_with_num_threads(threads, memory)
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                "another `khabar index` is writing to {}; wait for it to finish, then run again",
                opts.index.display()
            ),
            other => anyhow::Error::new(other)
                .context(format!("opening a writer on {}", opts.index.display())),
        })
}

/// Builds or updates the index of `opts.corpus`.
pub fn run(opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    let config = Config::load(&opts.config)?;
    ensure_index_outside_corpus(&opts.index, &opts.corpus)?;
    let listing = corpus::list_files(&opts.corpus)?;
    let (index, mut writer, fields, opened) = open_for_writing(opts, &config)?;
    // The writer shares the index's tokenizer registry: registering now is in time.
    analysis::register(&index, config.pipeline());
    let mut seal = Seal {
        index: &opts.index,
        info: Info {
            config_hash: config.hash.clone(),
            built_at: now(),
            corpus: opts.corpus.display().to_string(),
            khabar_version: env!("CARGO_PKG_VERSION").to_string(),
        },
        config: &config,
        copy_config: opened != Opened::Existing,
    };
    let before = match opened {
        Opened::Existing => indexed_articles(&index)?,
        Opened::Fresh => {
            // Nothing to lose: seal at once, so even a run killed before its first commit
            // leaves an index that opens.
            seal.write()?;
            HashMap::new()
        }
        Opened::Rebuild => {
            // The old documents and the old info stay until the first commit replaces both.
            writer.delete_all_documents()?;
            HashMap::new()
        }
    };

    let builder = DocBuilder::new(&config, fields);
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
        .filter_map(|(p, _)| fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress_bar(opts.progress, total_bytes);
    let mut seen: HashSet<String> = HashSet::new();
    let mut pending = 0usize;
    // One thread reads, decompresses and parses the files while this one analyses and indexes
    // what it has read: the two overlap instead of taking turns.
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<FromReader>(4);
        let files = &listing.files;
        let corpus_root = &opts.corpus;
        let bar = &bar;
        scope.spawn(move || {
            for (path, format) in files {
                let rel = corpus::relative_path(corpus_root, path);
                let mut problems = Vec::new();
                let mut batch = Vec::with_capacity(CHUNK);
                let mut receiver_gone = false;
                let read = read_file(path, &rel, *format, bar, &mut problems, |a| {
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
                        &writer,
                        &opts.corpus,
                        &mut summary,
                    )?;
                    if pending >= opts.batch.max(1) {
                        seal.commit(&mut writer)?;
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
            writer.delete_term(Term::from_field_text(fields.article_id, id));
            summary.removed += 1;
        }
    }
    if !summary.nothing_changed() || opened == Opened::Rebuild {
        seal.commit(&mut writer)?;
    }
    writer
        .wait_merging_threads()
        .context("finishing segment merges")?;
    bar.finish_and_clear();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Refuses an index folder inside the corpus folder: nothing under the corpus is ever written.
fn ensure_index_outside_corpus(index: &Path, corpus: &Path) -> Result<()> {
    let Ok(corpus_dir) = corpus.canonicalize() else {
        return Ok(()); // `list_files` says what is wrong with it.
    };
    if resolved(index).starts_with(&corpus_dir) {
        bail!(
            "the index folder {} is inside the corpus folder {}, and khabar never writes under the corpus; choose an --index outside it",
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

/// Keeps `khabar/info.json` (and, for a new or rebuilt index, the stored config) in step with
/// what is committed: the config is copied first and the info written last, so a run killed in
/// between leaves an index that asks for `--rebuild` rather than one searched with a wrong config.
struct Seal<'a> {
    index: &'a Path,
    info: Info,
    config: &'a Config,
    copy_config: bool,
}

impl Seal<'_> {
    fn write(&mut self) -> Result<()> {
        if self.copy_config {
            self.config
                .copy_to(&khabar_dir(self.index).join("config"))?;
            self.copy_config = false;
        }
        self.info.built_at = now();
        write_info(self.index, &self.info)
    }

    fn commit(&mut self, writer: &mut IndexWriter) -> Result<()> {
        writer.commit().context("committing to the index")?;
        self.write()
    }
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

/// Indexes one chunk of articles; returns how many were added or changed.
fn index_chunk(
    chunk: &mut [Article],
    before: &HashMap<String, (u64, String)>,
    seen: &mut HashSet<String>,
    builder: &DocBuilder,
    writer: &IndexWriter,
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
            let docs = panic::catch_unwind(AssertUnwindSafe(|| builder.documents(article, hash)));
            (&*article, existed, docs)
        })
        .collect();
    let mut count = 0;
    for (article, existed, docs) in docs {
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
            writer.delete_term(Term::from_field_text(
                builder.fields.article_id,
                &article.id,
            ));
            summary.changed += 1;
        } else {
            summary.added += 1;
        }
        for doc in docs {
            writer.add_document(doc).context("adding a document")?;
        }
    }
    Ok(count)
}

/// Reads the articles of one file; returns the bytes read, or why it was not read to its end.
fn read_file(
    path: &Path,
    rel: &str,
    format: Format,
    bar: &indicatif::ProgressBar,
    problems: &mut Vec<Problem>,
    each: impl FnMut(Article),
) -> Result<u64, Broken> {
    let shown = path.display().to_string();
    let problem = |reason: String| Problem {
        location: shown.clone(),
        reason,
    };
    let unreadable = |reason: String| Broken::Unreadable(problem(reason));
    let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    match format {
        Format::Txt => {
            if len > MAX_TXT_BYTES {
                bar.inc(len);
                return Err(unreadable(format!(
                    "larger than {} MiB, skipped",
                    MAX_TXT_BYTES >> 20
                )));
            }
            let mut bytes = Vec::with_capacity(len as usize);
            bar.wrap_read(file)
                .read_to_end(&mut bytes)
                .map_err(|e| unreadable(e.to_string()))?;
            let (text, _) = encoding::decode(&bytes).map_err(|e| unreadable(e.to_string()))?;
            let mut each = each;
            let article = txt::parse(&text, rel);
            if article.paragraphs.is_empty() {
                let reason = match article.title {
                    Some(_) => "a title but no paragraphs",
                    None => "no paragraphs (empty file)",
                };
                problems.push(problem(reason.to_string()));
            } else {
                each(article);
            }
        }
        Format::Jsonl | Format::JsonlGz => {
            let before = problems.len();
            let read = if format == Format::Jsonl {
                jsonl::read(
                    BufReader::new(bar.wrap_read(file)),
                    &shown,
                    rel,
                    each,
                    problems,
                )
            } else {
                let gz = flate2::read::MultiGzDecoder::new(BufReader::new(bar.wrap_read(file)));
                let lines = BufReader::with_capacity(1 << 16, gz);
                jsonl::read(lines, &shown, rel, each, problems)
            };
            match read {
                Ok(0) if problems.len() == before => {
                    problems.push(problem("no articles (empty file)".to_string()));
                }
                Ok(_) => {}
                Err(broken) => return Err(Broken::PartWay(broken)),
            }
        }
    }
    Ok(len)
}

/// Why a file was not read to its end.
enum Broken {
    /// Nothing was read from it.
    Unreadable(Problem),
    /// It broke part-way: the articles before the break were read.
    PartWay(Problem),
}

impl Broken {
    fn problem(&self) -> &Problem {
        match self {
            Broken::Unreadable(p) | Broken::PartWay(p) => p,
        }
    }
}

fn progress_bar(show: bool, total: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} indexing [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .expect("valid progress template")
        .progress_chars("=> "),
    );
    bar
}
