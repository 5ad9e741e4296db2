//! Criterion benchmark of the analyser alone, in MB of text per second on one core: khabar's
//! `arabic` analyser and, in the same run, Tantivy's stock Arabic pipeline on the same text.
//!
//! Run: `cargo bench --bench analyzer`. The text is the first ~4 MB of paragraphs of the ANT
//! bench file (https://antcorpus.github.io) when `../shared` is there, else the bundled corpus.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar::config::Config;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

fn sample_text() -> Vec<String> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bench = repo.join("../shared/corpus-real/bench/ant-arabic-news.jsonl.gz");
    let mut paragraphs: Vec<String> = Vec::new();
    let mut bytes = 0;
    if let Ok(file) = std::fs::File::open(&bench) {
        let gz = flate2::read::MultiGzDecoder::new(BufReader::new(file));
        let mut warnings = Vec::new();
        for line in BufReader::new(gz).lines() {
            let line = line.expect("the bench file reads");
            if let Ok(Some(article)) =
                khabar::corpus::jsonl::parse_line(&line, "bench", "bench", &mut warnings)
            {
                bytes += article.paragraphs.iter().map(String::len).sum::<usize>();
                paragraphs.extend(article.paragraphs);
            }
            if bytes >= 4_000_000 {
                break;
            }
        }
    } else {
        for entry in walkdir::WalkDir::new(repo.join("corpus"))
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.path().extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                paragraphs.extend(
                    text.lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(String::from),
                );
            }
        }
    }
    paragraphs
}

fn count_tokens(analyzer: &mut TextAnalyzer, paragraphs: &[String]) -> usize {
    let mut n = 0;
    for p in paragraphs {
        let mut stream = analyzer.token_stream(p);
        while stream.advance() {
            n += 1;
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let paragraphs = sample_text();
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let config = Config::built_in();
    let mut khabar = khabar::analysis::text_analyzer(config.pipeline());
    let mut stock = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build();
    let mut group = c.benchmark_group("analyzer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("khabar arabic", |b| {
        b.iter(|| count_tokens(&mut khabar, &paragraphs))
    });
    group.bench_function("tantivy stock arabic", |b| {
        b.iter(|| count_tokens(&mut stock, &paragraphs))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
