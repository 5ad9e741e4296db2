//! The recall check: MRR@10 of finding a paragraph, for khabar's analyser and two baselines.
//!
//! `cargo bench --bench recall` builds in-RAM Tantivy indexes (BM25) over the same paragraphs with
//! three analysers — khabar's (`index-config/`), Tantivy's stock Arabic pipeline and a
//! re-implementation of Lucene's `ArabicAnalyzer` (`recall/lucene_arabic.rs`) — and prints one
//! table: a held-out known-item set from the ANT corpus queried clean, re-spelled and re-inflected
//! (`recall/ant.rs`), and the ARCD and XQuAD-ar question sets (`recall/external.rs`).
//! The method is written up in `docs/quality.md`.
//!
//! A second khabar row runs every query through `Khabar::search` over an index built by
//! `khabar index` (`recall/service.rs`): what a user gets, not the OR query of the rows above.
//!
//! Options (after `--`): `--half dev|test` (default test), `--docs N` (40000), `--sources N`
//! (500), `--seed N`, `--config DIR` (khabar's config, default `index-config/`), `--ablate`
//! (extra khabar rows with one step off), `--dump FILE` (every query's terms and rank, as TSV).

#[path = "recall/ant.rs"]
mod ant;
#[path = "recall/engine.rs"]
mod engine;
#[path = "recall/external.rs"]
mod external;
#[path = "recall/lucene_arabic.rs"]
mod lucene_arabic;
#[path = "recall/rng.rs"]
mod rng;
#[path = "recall/service.rs"]
mod service;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

use khabar::analysis::{self, AnalyzerSettings, Pipeline};

use ant::Half;
use engine::{Engine, Score, UnderTest};

struct Options {
    half: Half,
    docs: usize,
    sources: usize,
    seed: u64,
    config: PathBuf,
    ablate: bool,
    dump: Option<PathBuf>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options() -> Options {
    let mut opts = Options {
        half: Half::Test,
        docs: 40_000,
        sources: 500,
        seed: 20_240_520,
        config: root().join("index-config"),
        ablate: false,
        dump: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match arg.as_str() {
            "--bench" => {}
            "--half" => {
                opts.half = match value("--half").as_str() {
                    "dev" => Half::Dev,
                    "test" => Half::Test,
                    other => panic!("--half dev|test, not {other}"),
                }
            }
            "--docs" => opts.docs = value("--docs").parse().expect("--docs N"),
            "--sources" => opts.sources = value("--sources").parse().expect("--sources N"),
            "--seed" => opts.seed = value("--seed").parse().expect("--seed N"),
            "--config" => opts.config = PathBuf::from(value("--config")),
            "--dump" => opts.dump = Some(PathBuf::from(value("--dump"))),
            "--ablate" => opts.ablate = true,
            other => panic!("unknown option {other}"),
        }
    }
    opts
}

fn read(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// khabar's pipeline from a config folder, with `tweak` applied to its settings and lists.
fn khabar(
    dir: &Path,
    tweak: impl Fn(&mut AnalyzerSettings, &mut String, &mut String),
) -> UnderTest {
    let mut settings: AnalyzerSettings =
        toml::from_str(&read(dir, "analyzer.toml")).expect("analyzer.toml parses");
    let mut stopwords = read(dir, "stopwords.txt");
    let mut exceptions = read(dir, "stem-exceptions.txt");
    tweak(&mut settings, &mut stopwords, &mut exceptions);
    let nouns = read(dir, "nouns.txt");
    let pipeline =
        Arc::new(Pipeline::new(&settings, &stopwords, &exceptions).with_nouns(&settings, &nouns));
    UnderTest {
        unstemmed_boost: pipeline.unstemmed_boost(),
        analyzer: analysis::text_analyzer(pipeline),
    }
}

fn tantivy_stock() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build()
}

struct Row {
    name: String,
    ant: [Score; 3],
    arcd: Score,
    xquad: Score,
    dump: String,
}

/// One TSV line of `--dump`: analyser, set, first target, rank (0 = not in the top 10), query, terms.
fn dump_line(
    out: &mut String,
    name: &str,
    set: &str,
    engine: &mut Engine,
    query: &str,
    targets: &[usize],
) {
    let rank = engine
        .search(query)
        .iter()
        .position(|d| targets.contains(d));
    let terms = engine.terms(query).join(" ");
    let _ = writeln!(
        out,
        "{name}\t{set}\t{}\t{}\t{query}\t{terms}",
        targets[0],
        rank.map_or(0, |r| r + 1)
    );
}

fn main() {
    let opts = options();
    lucene_arabic::self_check();
    let shared = root().join("../shared");
    let started = Instant::now();
    let set = ant::build(
        &shared.join("corpus-real/bench/ant-arabic-news.jsonl.gz"),
        opts.half,
        opts.docs,
        opts.sources,
        opts.seed,
    );
    let arcd = external::load(&shared.join("eval-external/arcd"), "arcd");
    let xquad = external::load(&shared.join("eval-external/xquad"), "xquad");
    eprintln!(
        "recall: {:?} half, {} paragraphs, {} queries; ARCD {}/{}, XQuAD {}/{} ({:.1}s)",
        opts.half,
        set.docs.len(),
        set.queries.len(),
        arcd.docs.len(),
        arcd.queries.len(),
        xquad.docs.len(),
        xquad.queries.len(),
        started.elapsed().as_secs_f64()
    );

    let mut analysers: Vec<(String, UnderTest)> = vec![
        ("khabar".into(), khabar(&opts.config, |_, _, _| {})),
        (
            "Lucene ArabicAnalyzer (re-implementation)".into(),
            lucene_arabic::analyzer().into(),
        ),
        (
            "Tantivy stock (Simple, RemoveLong 40, LowerCaser, Snowball Arabic)".into(),
            tantivy_stock().into(),
        ),
    ];
    if opts.ablate {
        analysers.push((
            "khabar without stemming".into(),
            khabar(&opts.config, |s, _, _| s.stem = false),
        ));
        analysers.push((
            "khabar without unstemmed terms".into(),
            khabar(&opts.config, |s, _, _| s.unstemmed = false),
        ));
        analysers.push((
            "khabar without stem exceptions".into(),
            khabar(&opts.config, |_, _, e| e.clear()),
        ));
        analysers.push((
            "khabar without stopwords".into(),
            khabar(&opts.config, |s, _, _| s.stopwords = false),
        ));
    }
    let dumping = opts.dump.is_some();
    let rows: Vec<Row> = analysers
        .into_par_iter()
        .map(|(name, analyzer)| {
            let mut dump = String::new();
            let mut engine = Engine::build(&set.docs, analyzer.clone());
            let mut ant = [Score::default(); 3];
            for (variant, score) in ant.iter_mut().enumerate() {
                *score = engine.mrr(set.variant(variant));
            }
            if dumping {
                for (doc, q) in &set.queries {
                    for (variant, query) in q.iter().enumerate() {
                        dump_line(
                            &mut dump,
                            &name,
                            &variant.to_string(),
                            &mut engine,
                            query,
                            std::slice::from_ref(doc),
                        );
                    }
                }
            }
            let mut arcd_engine = Engine::build(&arcd.docs, analyzer.clone());
            let arcd_score =
                arcd_engine.mrr(arcd.queries.iter().map(|(q, t)| (q.as_str(), t.as_slice())));
            let mut xquad_engine = Engine::build(&xquad.docs, analyzer);
            let xquad_score = xquad_engine.mrr(
                xquad
                    .queries
                    .iter()
                    .map(|(q, t)| (q.as_str(), t.as_slice())),
            );
            if dumping {
                for (q, t) in &arcd.queries {
                    dump_line(&mut dump, &name, "arcd", &mut arcd_engine, q, t);
                }
                for (q, t) in &xquad.queries {
                    dump_line(&mut dump, &name, "xquad", &mut xquad_engine, q, t);
                }
            }
            Row {
                name,
                ant,
                arcd: arcd_score,
                xquad: xquad_score,
                dump,
            }
        })
        .collect();

    // The same sets through `khabar search` as users run it.
    let as_run = {
        let config = khabar::config::Config::load(Some(&opts.config)).expect("the config loads");
        let engine = service::ServiceEngine::build(&set.docs, &config);
        let mut ant = [Score::default(); 3];
        for (variant, score) in ant.iter_mut().enumerate() {
            *score = engine.mrr(set.variant(variant));
        }
        let arcd_engine = service::ServiceEngine::build(&arcd.docs, &config);
        let xquad_engine = service::ServiceEngine::build(&xquad.docs, &config);
        Row {
            name: "khabar search as run (all words, else any ranked by coverage)".into(),
            ant,
            arcd: arcd_engine.mrr(arcd.queries.iter().map(|(q, t)| (q.as_str(), t.as_slice()))),
            xquad: xquad_engine.mrr(
                xquad
                    .queries
                    .iter()
                    .map(|(q, t)| (q.as_str(), t.as_slice())),
            ),
            dump: String::new(),
        }
    };
    let mut rows = rows;
    rows.insert(1, as_run);

    if let Some(path) = &opts.dump {
        let all: String = rows.iter().map(|r| r.dump.as_str()).collect();
        std::fs::write(path, all).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    println!(
        "MRR@10 (success@10), BM25 top 10; ANT {:?} half, {} paragraphs, {} queries, seed {}\n",
        opts.half,
        set.docs.len(),
        set.queries.len(),
        opts.seed
    );
    println!("| analyser | ANT clean | ANT re-spelled | ANT re-inflected | ARCD | XQuAD-ar |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let cell = |s: &Score| format!("{:.3} ({:.2})", s.mrr(), s.success());
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            row.name,
            cell(&row.ant[0]),
            cell(&row.ant[1]),
            cell(&row.ant[2]),
            cell(&row.arcd),
            cell(&row.xquad)
        );
    }
    println!("| Lucene ArabicAnalyzer, published (Anserini BM25) | | | | 0.755 | 0.924 |");
    let k = &rows[0];
    let drop = |i: usize| k.ant[0].mrr() - k.ant[i].mrr();
    println!(
        "\nkhabar: re-spelled costs {:.3} (goal ≤ 0.03), re-inflected costs {:.3} (goal ≤ 0.08); {:.1}s",
        drop(1),
        drop(2),
        started.elapsed().as_secs_f64()
    );
}
