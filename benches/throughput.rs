//! End-to-end benchmark on the ANT bench file: indexing with khabar's full pipeline and with
//! Tantivy's stock pipeline in one run, query latency on both indexes, and one whole `khabar
//! search` process against one `search` process of the stock baseline binary
//! (`../shared/tools/tantivy-baseline`, built here into `target/tantivy-baseline`, with an index
//! of its own), run alternately on the same query.
//!
//! Run: `cargo bench --bench throughput` (release build). Each indexing run happens in a child
//! process (this program re-executed with `--child`), so its peak RSS is its own. The corpus is
//! `../shared/corpus-real/bench/ant-arabic-news.jsonl.gz` (ANT corpus, https://antcorpus.github.io;
//! Chouigui, Ben Khiroun, Elayeb, AICCSA 2017), or the file named by `KHABAR_BENCH_FILE`.
//! Options: `--threads N` (the stock writer's threads, default 2; khabar indexes with its own
//! default, [`WriterOptions::default_threads`]), `--memory-mb N` (default 600, khabar's default),
//! `--queries N` (default 500), `--only-queries` (reuse the indexes of a previous run).

use std::collections::HashSet;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use khabar::analysis::{self, Buffers, Outcome};
use khabar::api::Request;
use khabar::backend::tantivy::{index_folder, WriterOptions};
use khabar::config::Config;
use khabar::corpus::{jsonl, Article};
use khabar::indexing::{IndexOptions, DEFAULT_BATCH};
use khabar::Khabar;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument, Term};

const STOCK: &str = "stock";

/// Whole processes timed for each side, alternately: a process takes a few milliseconds on a
/// shared machine whose load moves them by a third, so the medians need many.
const PROCESS_RUNS: usize = 101;

/// The query of the whole-process row (the issue's).
const PROCESS_QUERY: &str = "رئيس الوزراء";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bench_file() -> PathBuf {
    std::env::var_os("KHABAR_BENCH_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/corpus-real/bench/ant-arabic-news.jsonl.gz"))
}

fn work_dir() -> PathBuf {
    std::env::temp_dir().join("khabar-bench")
}

fn stock_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build()
}

/// Reads every article of the bench file.
fn read_articles(path: &Path, each: impl FnMut(Article)) {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let gz = flate2::read::MultiGzDecoder::new(BufReader::new(file));
    let mut problems = Vec::new();
    let read = jsonl::read(
        BufReader::with_capacity(1 << 16, gz),
        "bench",
        "bench",
        each,
        &mut problems,
    );
    assert!(read.is_ok() && problems.is_empty(), "{read:?} {problems:?}");
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn dir_mb(dir: &Path) -> f64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6
}

/// Indexing in this process; prints `wall_s rss_mb index_mb`.
fn child(mode: &str, dir: &Path, threads: usize, memory_mb: usize) {
    let _ = std::fs::remove_dir_all(dir);
    let started = Instant::now();
    if mode == STOCK {
        index_stock(dir, threads, memory_mb);
    } else {
        let corpus = dir.with_extension("corpus");
        let _ = std::fs::remove_dir_all(&corpus);
        std::fs::create_dir_all(&corpus).unwrap();
        std::os::unix::fs::symlink(bench_file(), corpus.join("ant.jsonl.gz")).unwrap();
        let opts = IndexOptions {
            corpus,
            batch: DEFAULT_BATCH,
        };
        // khabar's own default: the analysis on every core, one writer thread per four.
        let writer = WriterOptions {
            threads: WriterOptions::default_threads(),
            memory_mb,
            rebuild: true,
        };
        let summary = index_folder(dir, &opts, &writer, &Config::built_in(), &|_| {})
            .expect("khabar indexes the bench file");
        assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    }
    let wall = started.elapsed().as_secs_f64();
    println!("{wall} {} {}", peak_rss_mb(), dir_mb(dir));
}

/// The same paragraph documents, analysed by Tantivy's stock pipeline.
fn index_stock(dir: &Path, threads: usize, memory_mb: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut b = Schema::builder();
    let text_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(STOCK)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let article_id = b.add_text_field("article_id", STRING | STORED);
    let paragraph = b.add_u64_field("paragraph", STORED);
    let title = b.add_text_field("title", text_options.clone());
    let date = b.add_text_field("date", STORED);
    let source = b.add_text_field("source", STRING | STORED);
    let text = b.add_text_field("text", text_options);
    let index = Index::create_in_dir(dir, b.build()).unwrap();
    index.tokenizers().register(STOCK, stock_analyzer());
    let mut writer = index
        .writer_with_num_threads(threads, memory_mb << 20)
        .unwrap();
    let mut pending = 0;
    read_articles(&bench_file(), |a| {
        for (i, p) in a.paragraphs.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_text(article_id, &a.id);
            doc.add_u64(paragraph, i as u64 + 1);
            if let Some(t) = &a.title {
                doc.add_text(title, t);
            }
            if let Some(d) = a.date {
                doc.add_text(date, d.to_string());
            }
            if let Some(s) = &a.source {
                doc.add_text(source, s);
            }
            doc.add_text(text, p);
            writer.add_document(doc).unwrap();
        }
        pending += 1;
        if pending == DEFAULT_BATCH {
            writer.commit().unwrap();
            pending = 0;
        }
    });
    writer.commit().unwrap();
    writer.wait_merging_threads().unwrap();
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// A query and, for the filtered ones, a country of its source paragraph.
struct BenchQuery {
    text: String,
    country: Option<String>,
}

/// Two- and three-word queries: consecutive content words of random paragraphs.
fn make_queries(n: usize, filtered: usize) -> (Vec<BenchQuery>, f64, Vec<String>) {
    let config = Config::built_in();
    let pipeline = config.pipeline();
    let facets = khabar::facets::Facets::new(&config, pipeline.clone());
    let mut paragraphs = Vec::new();
    let mut text_bytes = 0usize;
    read_articles(&bench_file(), |a| {
        text_bytes += a.paragraphs.iter().map(String::len).sum::<usize>();
        paragraphs.extend(a.paragraphs);
    });
    let mut rng = Rng(0x6b68_6162_6172);
    let mut out: Vec<BenchQuery> = Vec::new();
    let mut buf = Buffers::default();
    while out.len() < n + filtered {
        let p = &paragraphs[rng.below(paragraphs.len())];
        let words: Vec<&str> = analysis::words(p)
            .map(|r| &p[r])
            .filter(|w| {
                w.chars().count() >= 3 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
            })
            .filter(|w| pipeline.process(w, &mut buf) == Outcome::Term)
            .collect();
        let len = 2 + rng.below(2);
        if words.len() < len {
            continue;
        }
        let start = rng.below(words.len() - len + 1);
        let text = words[start..start + len].join(" ");
        let country = if out.len() >= n {
            let toks = khabar::facets::words(&pipeline, p);
            let found = facets.extract(&[p.as_str()], &[toks], 0);
            match found[0].countries.first() {
                Some(code) => Some(code.clone()),
                None => continue,
            }
        } else {
            None
        };
        out.push(BenchQuery { text, country });
    }
    let mut sample_bytes = 0;
    let sample = paragraphs
        .iter()
        .take_while(|p| {
            sample_bytes += p.len();
            sample_bytes <= 4_000_000
        })
        .cloned()
        .collect();
    (out, text_bytes as f64 / 1e6, sample)
}

/// The analyser alone on one thread: MB of text per second, best of five passes over `sample`.
fn analyser_mb_s(analyzer: &mut TextAnalyzer, sample: &[String]) -> f64 {
    let bytes: usize = sample.iter().map(String::len).sum();
    let best = (0..5)
        .map(|_| {
            let started = Instant::now();
            let mut tokens = 0usize;
            for p in sample {
                let mut stream = analyzer.token_stream(p);
                while stream.advance() {
                    tokens += 1;
                }
            }
            std::hint::black_box(tokens);
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    bytes as f64 / 1e6 / best
}

fn percentiles(mut ms: Vec<f64>) -> [f64; 3] {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    [at(0.5), at(0.95), at(0.99)]
}

fn khabar_latency(dir: &Path, queries: &[BenchQuery]) -> Vec<f64> {
    let engine =
        Khabar::open(dir, &Config::built_in(), false).expect("the khabar bench index opens");
    let run = |q: &BenchQuery| {
        let req = Request {
            query: q.text.clone(),
            countries: q.country.iter().cloned().collect(),
            limit: 10,
            facets: q.country.is_some(),
            ..Request::default()
        };
        let started = Instant::now();
        let resp = engine.search(&req).expect("a bench query runs");
        std::hint::black_box(resp.hits.len());
        started.elapsed().as_secs_f64() * 1e3
    };
    queries.iter().for_each(|q| {
        run(q);
    });
    queries.iter().map(run).collect()
}

fn stock_latency(dir: &Path, queries: &[BenchQuery]) -> Vec<f64> {
    let index = Index::open_in_dir(dir).unwrap();
    index.tokenizers().register(STOCK, stock_analyzer());
    let reader = index.reader().unwrap();
    let searcher = reader.searcher();
    let text = index.schema().get_field("text").unwrap();
    let mut analyzer = stock_analyzer();
    let mut run = |q: &BenchQuery| {
        let started = Instant::now();
        let mut terms = Vec::new();
        let mut stream = analyzer.token_stream(&q.text);
        stream.process(&mut |t| terms.push(t.text.clone()));
        let query = BooleanQuery::new(
            terms
                .iter()
                .map(|t| {
                    let term = Term::from_field_text(text, t);
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                            as Box<dyn Query>,
                    )
                })
                .collect(),
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        let generator = SnippetGenerator::create(&searcher, &query, text).unwrap();
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr).unwrap();
            let body = doc
                .get_first(text)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            std::hint::black_box(generator.snippet(&body).to_html());
        }
        started.elapsed().as_secs_f64() * 1e3
    };
    queries.iter().for_each(|q| {
        run(q);
    });
    queries.iter().map(run).collect()
}

/// The stock baseline's folder in `../shared`.
fn baseline_source() -> PathBuf {
    repo().join("../shared/tools/tantivy-baseline")
}

/// Builds the stock baseline binary (release) into `target/tantivy-baseline`.
fn build_baseline() -> PathBuf {
    let target = repo().join("target/tantivy-baseline");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(baseline_source().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the stock baseline failed");
    target.join("release/tantivy-baseline")
}

/// The baseline's index of the bench file (it reads plain JSON Lines), built when missing.
fn baseline_index(exe: &Path, work: &Path, rebuild: bool) -> PathBuf {
    let dir = work.join("baseline");
    if !rebuild && dir.join("meta.json").is_file() {
        return dir;
    }
    let jsonl = work.join("bench.jsonl");
    let mut from = flate2::read::MultiGzDecoder::new(BufReader::new(
        File::open(bench_file()).expect("the bench file opens"),
    ));
    std::io::copy(&mut from, &mut File::create(&jsonl).unwrap()).expect("the bench file unpacks");
    let out = Command::new(exe)
        .arg("index")
        .arg(&jsonl)
        .arg(&dir)
        .output()
        .expect("the baseline runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_file(&jsonl);
    dir
}

/// Medians of `runs` whole processes each, run alternately after one warm-up pair: `khabar
/// search PROCESS_QUERY --json` on `khabar_dir`, and the baseline's `search` of a one-query TSV
/// on `stock_dir`.
fn process_medians(
    khabar_dir: &Path,
    baseline: &Path,
    stock_dir: &Path,
    runs: usize,
) -> (f64, f64) {
    let tsv = work_dir().join("process-query.tsv");
    std::fs::write(&tsv, format!("query\n{PROCESS_QUERY}\n")).unwrap();
    let time = |cmd: &mut Command| {
        let started = Instant::now();
        let out = cmd.output().expect("the search runs");
        let ms = started.elapsed().as_secs_f64() * 1e3;
        assert!(
            out.status.code().is_some_and(|c| c <= 1) && !out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ms
    };
    let (mut khabar, mut stock) = (Vec::new(), Vec::new());
    for i in 0..=runs {
        let k = time(
            Command::new(env!("CARGO_BIN_EXE_khabar"))
                .args(["search", PROCESS_QUERY, "--json", "--index"])
                .arg(khabar_dir),
        );
        let s = time(
            Command::new(baseline)
                .arg("search")
                .arg(stock_dir)
                .arg(&tsv),
        );
        if i > 0 {
            khabar.push(k);
            stock.push(s);
        }
    }
    (percentiles(khabar)[0], percentiles(stock)[0])
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let threads: usize = arg(&args, "--threads").map_or(2, |v| v.parse().unwrap());
    let memory_mb: usize = arg(&args, "--memory-mb").map_or(600, |v| v.parse().unwrap());
    if let Some(mode) = arg(&args, "--child") {
        child(
            &mode,
            Path::new(&arg(&args, "--dir").unwrap()),
            threads,
            memory_mb,
        );
        return;
    }
    let n_queries: usize = arg(&args, "--queries").map_or(500, |v| v.parse().unwrap());
    let only_queries = args.iter().any(|a| a == "--only-queries");
    if !bench_file().is_file() || !baseline_source().join("Cargo.toml").is_file() {
        println!(
            "skipped: the bench file {} or the stock baseline {} is missing (../shared is not there)",
            bench_file().display(),
            baseline_source().display()
        );
        return;
    }
    eprintln!("building the stock baseline …");
    let baseline = build_baseline();
    let work = work_dir();
    std::fs::create_dir_all(&work).unwrap();
    let dirs = [(STOCK, work.join("stock")), ("khabar", work.join("khabar"))];
    let mut indexing: Vec<(f64, f64, f64)> = Vec::new();
    if !only_queries {
        for (mode, dir) in &dirs {
            eprintln!("indexing with the {mode} pipeline …");
            let out = Command::new(std::env::current_exe().unwrap())
                .args(["--child", mode, "--dir"])
                .arg(dir)
                .args([
                    "--threads",
                    &threads.to_string(),
                    "--memory-mb",
                    &memory_mb.to_string(),
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let line = String::from_utf8_lossy(&out.stdout);
            let v: Vec<f64> = line
                .split_whitespace()
                .map(|x| x.parse().unwrap())
                .collect();
            indexing.push((v[0], v[1], v[2]));
        }
    }
    eprintln!("drawing queries …");
    let (queries, text_mb, sample) = make_queries(n_queries, 100);
    eprintln!("timing the analysers …");
    let config = Config::built_in();
    let khabar_mb_s = analyser_mb_s(
        &mut khabar::analysis::text_analyzer(config.pipeline()),
        &sample,
    );
    let stock_mb_s = analyser_mb_s(&mut stock_analyzer(), &sample);
    let (plain, filtered) = queries.split_at(n_queries);
    eprintln!("timing queries …");
    let stock_plain = percentiles(stock_latency(&dirs[0].1, plain));
    let khabar_plain = percentiles(khabar_latency(&dirs[1].1, plain));
    let khabar_filtered = percentiles(khabar_latency(&dirs[1].1, filtered));
    eprintln!("indexing with the stock baseline binary …");
    let baseline_dir = baseline_index(&baseline, &work, !only_queries);
    eprintln!("timing whole processes …");
    let (process, stock_process) =
        process_medians(&dirs[1].1, &baseline, &baseline_dir, PROCESS_RUNS);

    println!(
        "\n| {memory_mb} MB writer budget; stock: {threads} writer threads; khabar: analysis on every core, {} writer thread(s) | stock Tantivy | khabar | khabar / stock |",
        WriterOptions::default_threads()
    );
    println!("| --- | ---: | ---: | ---: |");
    if let [(sw, srss, ssize), (kw, krss, ksize)] = indexing[..] {
        println!(
            "| indexing wall time | {sw:.1} s | {kw:.1} s | {:.2} |",
            kw / sw
        );
        println!(
            "| indexing throughput ({text_mb:.1} MB of text) | {:.2} MB/s | {:.2} MB/s | {:.2} |",
            text_mb / sw,
            text_mb / kw,
            sw / kw
        );
        println!(
            "| peak RSS while indexing | {srss:.0} MB | {krss:.0} MB | {:.2} |",
            krss / srss
        );
        println!(
            "| index size on disk | {ssize:.1} MB | {ksize:.1} MB | {:.2} |",
            ksize / ssize
        );
    }
    let fmt = |p: [f64; 3]| format!("{:.2} / {:.2} / {:.2} ms", p[0], p[1], p[2]);
    println!(
        "| {} queries, top 10 with snippets, p50 / p95 / p99 | {} | {} | {:.2} (p50) |",
        plain.len(),
        fmt(stock_plain),
        fmt(khabar_plain),
        khabar_plain[0] / stock_plain[0]
    );
    println!(
        "| {} queries with `--country` and facet counts, p50 / p95 / p99 | n/a | {} | |",
        filtered.len(),
        fmt(khabar_filtered)
    );
    println!(
        "| one `search` process, `{PROCESS_QUERY}` (khabar `--json`; stock: the baseline binary, a one-query TSV), median of {PROCESS_RUNS} alternating | {stock_process:.1} ms | {process:.1} ms | {:.2} |",
        process / stock_process
    );
    println!(
        "| analyser alone, one thread, {:.1} MB of paragraphs | {stock_mb_s:.1} MB/s | {khabar_mb_s:.1} MB/s | {:.2} |",
        sample.iter().map(String::len).sum::<usize>() as f64 / 1e6,
        khabar_mb_s / stock_mb_s
    );
    let distinct: HashSet<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    println!(
        "\n{} distinct queries; indexes in {}",
        distinct.len(),
        work.display()
    );
}
