//! The library API every front end stands on, called directly: answers, typed errors, reloading.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use khabar::api::{Error, FacetField, Request, Response, Sort, Unavailable};
use khabar::backend::tantivy::{index_folder, WriterOptions};
use khabar::config::Config;
use khabar::indexing::IndexOptions;
use khabar::service::Limits;
use khabar::Khabar;
use serde_json::Value;

use crate::util::*;

/// Indexes `corpus` into `dir` with the built-in configuration.
fn build(corpus: &Path, dir: &Path) {
    let opts = IndexOptions {
        corpus: corpus.to_path_buf(),
        batch: 5000,
    };
    let writer = WriterOptions {
        threads: 1,
        memory_mb: 50,
        rebuild: false,
    };
    index_folder(dir, &opts, &writer, &Config::built_in(), &|_| {}).expect("indexing runs");
}

/// The bundled corpus indexed in a temporary folder, opened.
fn bundled() -> (tempfile::TempDir, Khabar) {
    let dir = tempfile::tempdir().unwrap();
    build(&corpus(), &dir.path().join("idx"));
    let khabar = Khabar::open(&dir.path().join("idx"), &Config::built_in(), false).unwrap();
    (dir, khabar)
}

fn request(query: &str) -> Request {
    Request {
        query: query.to_string(),
        ..Request::default()
    }
}

/// A request from the CLI arguments the fixture lists.
fn request_of(query: &str, args: &[String]) -> Request {
    let mut req = request(query);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().expect("a flag's value").clone();
        match flag.as_str() {
            "--country" => req.countries.push(value()),
            "--person" => req.persons.push(value()),
            "--limit" => req.limit = value().parse().unwrap(),
            "--offset" => req.offset = value().parse().unwrap(),
            "--from" => req.from = Some(value().parse().unwrap()),
            "--to" => req.to = Some(value().parse().unwrap()),
            "--sort" => {
                assert_eq!(value(), "date");
                req.sort = Sort::Date;
            }
            "--group-by-article" => req.group_by_article = true,
            "--no-collapse" => req.no_collapse = true,
            other => panic!("the fixture uses {other}, which this test does not know"),
        }
    }
    req
}

/// The request of one case of the twenty-query fixture.
fn fixture_request(case: &Value) -> Request {
    let args: Vec<String> = case["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    request_of(case["query"].as_str().unwrap(), &args)
}

/// Hits as (article, paragraph), in rank order, but with hits of equal rank (the same score,
/// or the same date when sorted by date) in a fixed order: ties may come in any order.
fn canonical(response: &Response, sort: Sort, hits: &[(String, u64)]) -> Vec<(String, u64)> {
    let rank_key: HashMap<(String, u64), String> = response
        .hits
        .iter()
        .map(|h| {
            let key = match sort {
                Sort::Relevance => format!("{:.4}", h.score),
                Sort::Date => h.date.clone().unwrap_or_default(),
            };
            ((h.article_id.clone(), h.paragraph), key)
        })
        .collect();
    let mut out: Vec<(String, u64)> = hits.to_vec();
    // Stable: only runs of equal keys are reordered, by article and paragraph.
    let mut start = 0;
    while start < out.len() {
        let key = rank_key.get(&out[start]).cloned();
        let mut end = start + 1;
        while end < out.len() && rank_key.get(&out[end]).cloned() == key {
            end += 1;
        }
        out[start..end].sort();
        start = end;
    }
    out
}

/// The hits of twenty queries on the bundled corpus, pinned: made before the library API
/// change (and renewed when a change of ranking was meant, with `KHABAR_RENEW_FIXTURE=1`).
#[test]
fn twenty_queries_give_the_hits_they_gave_before() {
    let (_dir, khabar) = bundled();
    let path = root().join("tests/fixtures/twenty-queries.json");
    let mut fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if std::env::var_os("KHABAR_RENEW_FIXTURE").is_some() {
        for case in fixture.as_array_mut().unwrap() {
            let response = khabar.search(&fixture_request(case)).unwrap();
            case["total"] = response.total.into();
            case["hits"] = response
                .hits
                .iter()
                .map(|h| serde_json::json!([h.article_id, h.paragraph]))
                .collect();
        }
        let text = serde_json::to_string_pretty(&fixture).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    }
    let cases = fixture.as_array().unwrap();
    assert_eq!(cases.len(), 20);
    for case in cases {
        let (query, args) = (&case["query"], &case["args"]);
        let req = fixture_request(case);
        let response = khabar.search(&req).unwrap();
        let before: Vec<(String, u64)> = case["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap().to_string(), h[1].as_u64().unwrap()))
            .collect();
        let now: Vec<(String, u64)> = response
            .hits
            .iter()
            .map(|h| (h.article_id.clone(), h.paragraph))
            .collect();
        assert_eq!(
            response.total as u64,
            case["total"].as_u64().unwrap(),
            "{query} {args:?}"
        );
        assert_eq!(
            canonical(&response, req.sort, &now),
            canonical(&response, req.sort, &before),
            "{query} {args:?}"
        );
    }
}

#[test]
fn the_cli_prints_exactly_the_library_response() {
    let indexed = Indexed::bundled();
    let cli = indexed.search_json("وزير الخارجية", &["--country", "روسيا"]);
    let khabar = Khabar::open(&indexed.index(), &Config::built_in(), false).unwrap();
    let mut req = request("وزير الخارجية");
    req.countries.push("روسيا".to_string());
    req.facets = true;
    let text = serde_json::to_string(&khabar.search(&req).unwrap()).unwrap();
    let mut library: Value = serde_json::from_str(&text).unwrap();
    let mut cli = cli;
    for value in [&mut library, &mut cli] {
        value.as_object_mut().unwrap().shift_remove("took_ms");
    }
    assert_eq!(cli, library);
    // And the shape the README documents.
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&cli), ["query", "total", "hits", "facets", "warnings"]);
    assert_eq!(
        keys(&cli["hits"][0]),
        [
            "rank",
            "score",
            "article_id",
            "paragraph",
            "title",
            "date",
            "place",
            "source",
            "path",
            "text",
            "snippet",
            "highlights",
            "countries",
            "persons",
            "duplicates"
        ]
    );
    assert_eq!(
        keys(&cli["facets"]),
        ["countries", "persons", "sources", "months"]
    );
    assert_eq!(cli["facets"]["sources"][0]["name"], "شينخوا");
    assert_eq!(cli["facets"]["months"][0]["month"], "2024-05");
    assert_eq!(
        keys(&cli["facets"]["countries"][0]),
        ["code", "name", "count"]
    );
}

#[test]
fn show_stats_facets_and_analyze_print_their_documented_shapes() {
    let indexed = Indexed::bundled();
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let show = json(&indexed.run(&["show", SEED_ID, "--json"]));
    assert_eq!(
        keys(&show),
        [
            "article_id",
            "title",
            "date",
            "place",
            "source",
            "category",
            "url",
            "path",
            "paragraphs"
        ]
    );
    assert_eq!(
        keys(&show["paragraphs"][0]),
        ["paragraph", "text", "countries", "persons"]
    );
    let stats = json(&indexed.run(&["stats", "--json"]));
    assert_eq!(
        keys(&stats),
        [
            "articles",
            "paragraphs",
            "date_range",
            "sources",
            "bytes_on_disk",
            "built_at",
            "config_hash",
            "corpus"
        ]
    );
    assert!(stats["sources"]["شينخوا"].as_u64().is_some(), "{stats}");
    let facets = json(&indexed.run(&["facets", "--json", "--field", "person"]));
    assert_eq!(keys(&facets), ["persons"]);
    assert_eq!(keys(&facets["persons"][0]), ["name", "count"]);
    let analyze = json(&run(indexed.dir.path(), &["analyze", "وزير", "--json"]));
    assert_eq!(keys(&analyze), ["tokens"]);
    assert_eq!(
        keys(&analyze["tokens"][0]),
        ["surface", "normalized", "term", "start", "end", "position"]
    );
}

#[test]
fn errors_are_typed_and_name_no_flag() {
    let (_dir, khabar) = bundled();
    let mut req = request("الصين");
    req.countries.push("Atlantis".to_string());
    match khabar.search(&req) {
        Err(Error::Unknown(u)) => assert_eq!(u.what, "country"),
        other => panic!("{other:?}"),
    }
    let mut req = request("الصين");
    req.from = Some("2024-01-01".parse().unwrap());
    req.to = Some("2023-01-01".parse().unwrap());
    let mut req_limit = request("الصين");
    req_limit.limit = 1_000_000;
    for (req, about) in [(req, "date range"), (req_limit, "too many")] {
        match khabar.search(&req) {
            Err(Error::BadRequest(why)) => {
                assert!(why.contains(about), "{why}");
                assert!(!why.contains("--"), "a flag in the library's words: {why}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        khabar.search(&request("")),
        Err(Error::BadRequest(_))
    ));
    match khabar.article("xinhua/2024-05-20-wang-yi-sco-astana") {
        Err(Error::NotFound { similar, .. }) => assert_eq!(similar, [SEED_ID]),
        other => panic!("{other:?}"),
    }
    // the file's own path, typed from elsewhere
    match khabar.article(&format!("/home/me/archive/corpus/{SEED_ID}")) {
        Err(Error::NotFound { similar, .. }) => {
            assert_eq!(similar.first().map(String::as_str), Some(SEED_ID))
        }
        other => panic!("{other:?}"),
    }
    let empty = tempfile::tempdir().unwrap();
    let missing = Khabar::open(&empty.path().join("none"), &Config::built_in(), false);
    assert!(matches!(
        missing,
        Err(Error::Unavailable(Unavailable::Missing(_)))
    ));
    std::fs::write(empty.path().join("notes.txt"), "not an index").unwrap();
    let foreign = Khabar::open(empty.path(), &Config::built_in(), false);
    assert!(matches!(
        foreign,
        Err(Error::Unavailable(Unavailable::Damaged(..)))
    ));
}

#[test]
fn a_misspelled_word_gets_the_nearest_indexed_spelling() {
    let (_dir, khabar) = bundled();
    let missing = khabar.search(&request("الفلسطنيين")).unwrap();
    assert_eq!(missing.total, 0);
    assert_eq!(missing.suggestions, ["الفلسطينيين"]);
    // A typo beside a known word: the fallback answers, and the typo is named.
    let partial = khabar.search(&request("وزبر الخارجية")).unwrap();
    assert_eq!(partial.suggestions, ["وزير الخارجية"]);
    // Words the index knows get none.
    assert!(khabar
        .search(&request("وزير الخارجية"))
        .unwrap()
        .suggestions
        .is_empty());
    assert!(khabar
        .search(&request("qqqqqq"))
        .unwrap()
        .suggestions
        .is_empty());
}

#[test]
fn facets_show_and_stats_answer_from_the_library() {
    let (_dir, khabar) = bundled();
    let article = khabar.article(SEED_ID).unwrap();
    assert_eq!(article.paragraphs[0].paragraph, 1);
    assert!(article.paragraphs[1]
        .persons
        .contains(&"سيرغي لافروف".to_string()));
    let stats = khabar.stats().unwrap();
    assert_eq!(stats.articles, 106);
    let only_countries = khabar.facets(Some(FacetField::Country), 3).unwrap();
    assert!(only_countries.persons.is_none());
    assert_eq!(only_countries.countries.unwrap().len(), 3);
}

/// Polls `search` until it finds `query` or 15 s pass; the hits found.
fn eventually_found(khabar: &Khabar, query: &str) -> usize {
    let started = Instant::now();
    loop {
        let total = khabar.search(&request(query)).unwrap().total;
        if total > 0 || started.elapsed() > Duration::from_secs(15) {
            return total;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_long_running_service_sees_a_new_indexing_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "وصل القطار إلى المحطة صباحا.\n").unwrap();
    let index = dir.path().join("idx");
    build(&corpus, &index);
    let watching = Khabar::open(&index, &Config::built_in(), true).unwrap();
    let manual = Khabar::open(&index, &Config::built_in(), false).unwrap();
    assert_eq!(watching.search(&request("الزيتون")).unwrap().total, 0);

    std::fs::write(corpus.join("b.txt"), "حصاد الزيتون في الجليل.\n").unwrap();
    build(&corpus, &index);
    assert_eq!(eventually_found(&watching, "الزيتون"), 1);
    // Without watching, the service sees the new run when told to reload.
    manual.reload().unwrap();
    assert_eq!(manual.search(&request("الزيتون")).unwrap().total, 1);
}

#[test]
fn the_stopword_scan_reads_no_more_than_its_limit() {
    let (_dir, khabar) = bundled();
    let unbounded = khabar.search(&request("من خلال")).unwrap();
    assert!(unbounded.total > 5);
    let khabar = khabar.with_limits(Limits {
        scan: 100,
        ..Limits::default()
    });
    let bounded = khabar.search(&request("من خلال")).unwrap();
    assert!(bounded.total < unbounded.total, "{}", bounded.total);
    assert!(
        bounded
            .warnings
            .iter()
            .any(|w| w.contains("only the first 100")),
        "{:?}",
        bounded.warnings
    );
}

#[test]
fn query_time_settings_apply_without_a_rebuild() {
    let (dir, _) = bundled();
    let settings = tempfile::tempdir().unwrap();
    let analyzer = std::fs::read_to_string(config().join("analyzer.toml"))
        .unwrap()
        .replace("snippet_chars = 200", "snippet_chars = 60");
    std::fs::write(settings.path().join("analyzer.toml"), analyzer).unwrap();
    let short = Config::load(Some(settings.path())).unwrap();
    let khabar = Khabar::open(&dir.path().join("idx"), &short, false).unwrap();
    assert!(
        khabar.built_with(short.index_hash()),
        "a passage length needs no rebuild"
    );
    let response = khabar.search(&request("لافروف")).unwrap();
    let hit = &response.hits[0];
    assert!(hit.text.chars().count() > 100);
    assert!(hit.snippet.chars().count() <= 70, "{}", hit.snippet);
}

/// A copy of the built binary in a folder of its own, as `cargo install` leaves it.
fn installed() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin/khabar");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin("khabar"), &bin).unwrap();
    (dir, bin)
}

#[test]
fn the_installed_binary_works_from_any_folder_with_its_built_in_configuration() {
    let (dir, bin) = installed();
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("news")).unwrap();
    std::fs::copy(corpus().join(SEED_ID), home.join("news/wang-yi.txt")).unwrap();
    let khabar = |args: &[&str]| {
        std::process::Command::new(&bin)
            .args(args)
            .current_dir(&home)
            .env_remove("KHABAR_INDEX")
            .env_remove("KHABAR_CONFIG")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    assert_status(&khabar(&["index", "news", "--index", "news.idx"]), 0);
    let out = khabar(&[
        "search",
        "وزير الخارجية",
        "--country",
        "روسيا",
        "--index",
        "news.idx",
        "--json",
    ]);
    assert_status(&out, 0);
    assert!(hits(&json(&out))
        .iter()
        .any(|h| h["text"].as_str().unwrap().contains("سيرغي لافروف")));
    let out = khabar(&["analyze", "وَزِيرُ الخارجيّة"]);
    assert_status(&out, 0);
    assert!(stdout(&out).contains("وزير"), "{}", stdout(&out));

    // A folder holding only persons.toml: the rest is built in.
    std::fs::create_dir_all(home.join("my-config")).unwrap();
    std::fs::write(
        home.join("my-config/persons.toml"),
        "[[person]]\nname = \"وانغ يي\"\nen = \"Wang Yi\"\nvariants = []\naliases = [\"وانغ\"]\n",
    )
    .unwrap();
    let out = khabar(&["config", "--config", "my-config"]);
    assert_status(&out, 0);
    assert!(
        stdout(&out).contains("my-config/persons.toml"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("countries.toml        built-in"),
        "{}",
        stdout(&out)
    );
    let out = khabar(&[
        "index",
        "news",
        "--index",
        "mine.idx",
        "--config",
        "my-config",
    ]);
    assert_status(&out, 0);
    let out = khabar(&[
        "facets", "--field", "person", "--index", "mine.idx", "--json",
    ]);
    let persons: Vec<String> = json(&out)["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert!(persons.contains(&"وانغ يي".to_string()), "{persons:?}");

    // A --config folder that is not there: one line, exit 2.
    let out = khabar(&["index", "news", "--index", "x.idx", "--config", "nowhere"]);
    assert_status(&out, 2);
    assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("nowhere"), "{}", stderr(&out));

    // The built-ins written out for editing, then used as a folder.
    assert_status(&khabar(&["config", "--dump", "dumped"]), 0);
    assert!(home.join("dumped/countries.toml").is_file());
    let out = khabar(&["config", "--config", "dumped"]);
    assert!(!stdout(&out).contains("built-in"), "{}", stdout(&out));
}

#[test]
fn facet_counts_stay_right_query_after_query_in_one_process() {
    // A long-lived service (the server) keeps the facet names it has read; every answer must
    // still be what a fresh process gives.
    let (_dir, long_lived) = bundled();
    let queries = [
        "وزير الخارجية",
        "الصين",
        "روسيا",
        "وزير الخارجية",
        "منظمة شنغهاي",
    ];
    for query in queries {
        let mut req = request(query);
        req.facets = true;
        let (_fresh_dir, fresh) = bundled();
        let kept = long_lived.search(&req).unwrap().facets;
        let new = fresh.search(&req).unwrap().facets;
        assert!(
            !kept.persons.is_empty() || !kept.countries.is_empty(),
            "{query}: no facets"
        );
        assert_eq!(
            serde_json::to_value(&kept).unwrap(),
            serde_json::to_value(&new).unwrap(),
            "{query}"
        );
    }
}

/// A temporary folder with an empty `corpus/` in it, and where its index goes.
fn empty_corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let index = dir.path().join("idx");
    (dir, corpus, index)
}

/// The searchable segments of the index in `index`.
fn segments(index: &Path) -> usize {
    tantivy::Index::open_in_dir(index)
        .unwrap()
        .searchable_segment_ids()
        .unwrap()
        .len()
}

#[test]
fn the_top_facet_values_are_exact_across_segments() {
    // Two indexing runs make two segments. China is first in neither (Russia leads the first,
    // France the second) but first over both: a merge of each segment's own top values would
    // miss it.
    let (_dir, corpus, index) = empty_corpus();
    let article = |lead: &str| {
        [
            format!("زار {lead} العاصمة أمس"),
            format!("وصل وفد {lead} إلى المطار"),
            format!("تحدث الوزير عن {lead} طويلا"),
            "وقع البلدان اتفاقا مع الصين".to_string(),
            "وعاد الوفد من الصين مساء".to_string(),
        ]
        .join("\n")
    };
    std::fs::write(corpus.join("a.txt"), article("روسيا")).unwrap();
    build(&corpus, &index);
    std::fs::write(corpus.join("b.txt"), article("فرنسا")).unwrap();
    build(&corpus, &index);
    let khabar = Khabar::open(&index, &Config::built_in(), false).unwrap();
    assert_eq!(segments(&index), 2, "the test needs two segments");

    let codes = |limit: usize| -> Vec<(String, u64)> {
        let list = khabar.facets(Some(FacetField::Country), limit).unwrap();
        let countries = list.countries.unwrap();
        countries.into_iter().map(|c| (c.code, c.count)).collect()
    };
    let all = codes(usize::MAX);
    assert_eq!(all[0], ("CN".to_string(), 4), "{all:?}");
    for limit in 1..=all.len() {
        assert_eq!(codes(limit), all[..limit], "limit {limit}");
    }

    // The same through a search: the facet limit cuts the lists, never their order or counts.
    let mut req = request("الوفد");
    req.facets = true;
    req.facet_limit = 1;
    let one = khabar.search(&req).unwrap().facets;
    req.facet_limit = 100;
    let hundred = khabar.search(&req).unwrap().facets;
    assert_eq!(one.countries.len(), 1);
    assert_eq!(one.countries[0], hundred.countries[0]);
    assert!(hundred.countries.len() > 1);
}

#[test]
fn the_top_facet_values_of_one_segment_break_ties_by_name() {
    // One indexing run, one segment. Four countries tie at two paragraphs, two at one: any
    // limit shows the first by count, then by code, as the whole list orders them.
    let (_dir, corpus, index) = empty_corpus();
    let mut lines = Vec::new();
    for country in ["مصر", "الأردن", "تونس", "لبنان"] {
        lines.push(format!("وصل الوفد إلى {country} صباحا"));
        lines.push(format!("وغادر الوفد {country} مساء"));
    }
    for country in ["قطر", "الكويت"] {
        lines.push(format!("ومر الوفد على {country} سريعا"));
    }
    std::fs::write(corpus.join("a.txt"), lines.join("\n")).unwrap();
    build(&corpus, &index);
    assert_eq!(segments(&index), 1, "the test needs one segment");
    let khabar = Khabar::open(&index, &Config::built_in(), false).unwrap();
    let codes = |limit: usize| -> Vec<(String, u64)> {
        let mut req = request("الوفد");
        req.facets = true;
        req.facet_limit = limit;
        let countries = khabar.search(&req).unwrap().facets.countries;
        countries.into_iter().map(|c| (c.code, c.count)).collect()
    };
    let all = codes(100);
    let expected = [
        ("EG", 2),
        ("JO", 2),
        ("LB", 2),
        ("TN", 2),
        ("KW", 1),
        ("QA", 1),
    ];
    assert_eq!(
        all.iter()
            .map(|(c, n)| (c.as_str(), *n))
            .collect::<Vec<_>>(),
        expected
    );
    for limit in 1..=all.len() {
        assert_eq!(codes(limit), all[..limit], "limit {limit}");
    }
}

#[test]
fn a_hit_counts_every_copy_of_its_paragraph_not_only_the_ranked_ones() {
    // One wire paragraph run by 45 outlets: the 5 newest come first by date, then 60 other
    // paragraphs, then the 40 oldest copies. A page of 10 by date ranks only the first 50
    // matches, yet its first hit must count all 44 other copies.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let wire = "وقع البلدان اتفاقا للتعاون في مجال الطاقة المتجددة والربط الكهربائي";
    let mut lines = Vec::new();
    let mut article = |id: String, date: String, text: String| {
        lines.push(
            serde_json::json!({"id": id, "date": date, "title": "خبر", "text": text}).to_string(),
        );
    };
    for i in 0..5 {
        article(
            format!("new-{i}"),
            format!("2024-03-{:02}", 20 + i),
            wire.to_string(),
        );
    }
    for i in 0..60 {
        let day = 1 + i % 28;
        let month = 2 - i / 28 % 2;
        article(
            format!("other-{i}"),
            format!("2024-{month:02}-{day:02}"),
            format!("تحدث التقرير رقم {i} عن الطاقة في المنطقة"),
        );
    }
    for i in 0..40 {
        article(
            format!("old-{i}"),
            format!("2023-{:02}-{:02}", 1 + i / 28, 1 + i % 28),
            wire.to_string(),
        );
    }
    std::fs::write(corpus.join("news.jsonl"), lines.join("\n")).unwrap();
    let index = dir.path().join("idx");
    build(&corpus, &index);
    let khabar = Khabar::open(&index, &Config::built_in(), false).unwrap();

    // With facets, the copies are read from the matches the facet pass kept; without, from a
    // pass of their own.
    for facets in [false, true] {
        let mut req = request("الطاقة");
        req.sort = Sort::Date;
        req.facets = facets;
        let response = khabar.search(&req).unwrap();
        assert_eq!(response.total, 105);
        let first = &response.hits[0];
        assert!(first.text.contains("الربط الكهربائي"), "{}", first.text);
        assert_eq!(first.duplicates, 44, "facets {facets}");
        // The copies are one hit: the other wire paragraphs do not come back on later pages.
        req.limit = 100;
        let all = khabar.search(&req).unwrap();
        assert_eq!(all.hits.len(), 61);
    }
}
