//! khabar's integration tests, one binary. Each module's first line says what belongs there.

mod util;

/// `khabar analyze` and the analyser through the CLI: spellings that must meet.
mod analyze;
/// The library API called directly: answers, the JSON contract, typed errors, reloading, install.
mod api;
/// The analyser against the behaviour peers document (Lucene, Snowball, CAMeL Tools), as our own vectors.
mod conformance;
/// Country and person facets: the gazetteer tables, extraction on real paragraphs, filters, counts.
mod facets;
/// The whole first-run path on the bundled corpus: index, search, exit codes.
mod first_run;
/// `khabar index` and `khabar stats`: formats, encodings, datelines, incremental runs, safety.
mod index;
/// `--index URL`: every command against an OpenSearch cluster, compared with a local index.
mod opensearch;
/// `khabar search`: query language, ranking, highlights, paging, grouping, `show`.
mod search;
/// `khabar serve`: the JSON API and the page, in-process, over loopback and in headless Chromium.
mod serve;
