//! `--index URL`: the same commands against an OpenSearch cluster (`scripts/opensearch-node`,
//! named by `$KHABAR_TEST_OPENSEARCH_URL`), compared with a local index.

use std::collections::HashSet;

use serde_json::Value;

use crate::util::*;

/// The variable naming the test cluster (`.ci/run` starts one).
const CLUSTER_ENV: &str = "KHABAR_TEST_OPENSEARCH_URL";

/// The test cluster's base URL, or `None` (the test says it is skipped) without one; with
/// `CI=true` a missing cluster fails the test.
fn cluster() -> Option<String> {
    if let Some(url) = std::env::var(CLUSTER_ENV).ok().filter(|u| !u.is_empty()) {
        return Some(url.trim_end_matches('/').to_string());
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI needs an OpenSearch cluster in ${CLUSTER_ENV} (scripts/opensearch-node start)");
    }
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "skipped (OpenSearch test): no cluster; run scripts/opensearch-node start and set {CLUSTER_ENV}"
    );
    None
}

/// A fresh index name in the cluster, deleted (with its side index) when dropped.
struct ClusterIndex {
    base: String,
    name: String,
}

impl ClusterIndex {
    fn new(base: &str, label: &str) -> ClusterIndex {
        let name = format!("khabar-test-{}-{label}", std::process::id());
        let index = ClusterIndex {
            base: base.to_string(),
            name,
        };
        index.delete();
        index
    }

    fn url(&self) -> String {
        format!("{}/{}", self.base, self.name)
    }

    fn get(&self, path: &str) -> Value {
        let mut response = ureq::get(&format!("{}/{path}", self.base)).call().unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    }

    fn delete(&self) {
        for name in [self.name.clone(), format!("{}.khabar", self.name)] {
            let _ = ureq::delete(&format!("{}/{name}", self.base)).call();
        }
    }
}

impl Drop for ClusterIndex {
    fn drop(&mut self) {
        self.delete();
    }
}

#[test]
fn the_bundled_corpus_in_a_cluster_answers_as_the_local_index_does() {
    let Some(base) = cluster() else { return };
    let cluster = ClusterIndex::new(&base, "bundled");
    let local = Indexed::bundled();
    let work = local.dir.path();
    let url = cluster.url();
    let corpus = corpus();
    let index = |extra: &[&str]| {
        let mut args = vec!["index", corpus.to_str().unwrap(), "--index", &url];
        args.extend(extra);
        run(work, &args)
    };
    assert_status(&index(&["--shards", "2", "--replicas", "0"]), 0);
    let settings = cluster.get(&format!("{}/_settings", cluster.name));
    assert_eq!(
        settings[&cluster.name]["settings"]["index"]["number_of_shards"],
        "2"
    );
    let stats = json(&run(work, &["stats", "--json", "--index", &url]));
    assert_eq!(stats["paragraphs"], 763);
    assert_eq!(stats["articles"], 106);

    // A second run changes nothing and adds no copies.
    let again = index(&[]);
    assert_status(&again, 0);
    assert!(
        stderr(&again).contains("nothing changed"),
        "{}",
        stderr(&again)
    );
    let count = cluster.get(&format!("{}/_count", cluster.name));
    assert_eq!(count["count"], 763);

    // The query finds the Lavrov paragraph.
    let out = run(
        work,
        &[
            "search",
            "وزير الخارجية",
            "--country",
            "روسيا",
            "--index",
            &url,
            "--json",
        ],
    );
    assert_status(&out, 0);
    assert!(hits(&json(&out))
        .iter()
        .any(|h| h["text"].as_str().unwrap().contains("سيرغي لافروف")));

    // show, facets, stats answer as for the local index.
    for args in [
        vec!["show", SEED_ID, "--json"],
        vec!["facets", "--json", "--limit", "5"],
    ] {
        let mut remote = args.clone();
        remote.extend(["--index", &url]);
        let from_cluster = json(&run(work, &remote));
        let from_local = json(&local.run(&args));
        assert_eq!(from_cluster, from_local, "{args:?}");
    }

    // Twenty queries: the top 10 agree with the local index.
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/twenty-queries.json")).unwrap(),
    )
    .unwrap();
    let mut overlap = 0.0;
    for case in fixture.as_array().unwrap() {
        let mut args = vec!["search", case["query"].as_str().unwrap()];
        args.extend(
            case["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap()),
        );
        args.push("--json");
        let from_local = hit_keys(&json(&local.run(&args)));
        args.extend(["--index", &url]);
        let from_cluster = json(&run(work, &args));
        let from_cluster: HashSet<(String, u64)> = hit_keys(&from_cluster).into_iter().collect();
        overlap += if from_local.is_empty() {
            1.0
        } else {
            from_local
                .iter()
                .filter(|h| from_cluster.contains(h))
                .count() as f64
                / from_local.len() as f64
        };
    }
    let mean = overlap / 20.0;
    eprintln!("mean top-10 overlap with the local index: {mean:.3}");
    assert!(mean >= 0.9, "mean top-10 overlap {mean:.3}");

    // The server over the cluster.
    let served = crate::serve::Served::start(work, std::path::Path::new(&url));
    let (status, body) = served.get("/api/search?q=%D9%84%D8%A7%D9%81%D8%B1%D9%88%D9%81");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("سيرغي لافروف"), "{body}");
}

#[test]
fn a_rerun_replaces_changed_articles_and_deletes_removed_ones() {
    let Some(base) = cluster() else { return };
    let cluster = ClusterIndex::new(&base, "incremental");
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(
        news.join("a.txt"),
        "الفقرة الأولى عن القطار.\nالفقرة الثانية عن المحطة.\n",
    )
    .unwrap();
    std::fs::write(news.join("b.txt"), "حصاد الزيتون في الجليل.\n").unwrap();
    let url = cluster.url();
    let index = || run(dir.path(), &["index", "news", "--index", &url]);
    assert_status(&index(), 0);
    let count = || {
        cluster.get(&format!("{}/_count", cluster.name))["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count(), 3);
    // a.txt loses a paragraph, b.txt goes.
    std::fs::write(news.join("a.txt"), "الفقرة الأولى عن القطار السريع.\n").unwrap();
    std::fs::remove_file(news.join("b.txt")).unwrap();
    let out = index();
    assert_status(&out, 0);
    assert!(stderr(&out).contains("1 changed"), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 removed"), "{}", stderr(&out));
    assert_eq!(count(), 1);
    let out = run(dir.path(), &["search", "الزيتون", "--index", &url]);
    assert_status(&out, 1);
    let out = run(dir.path(), &["search", "السريع", "--index", &url, "--json"]);
    assert_eq!(json(&out)["total"], 1);
    // A changed configuration asks for a rebuild, which works.
    std::fs::create_dir_all(dir.path().join("cfg")).unwrap();
    std::fs::write(dir.path().join("cfg/stopwords.txt"), "في\n").unwrap();
    let out = run(
        dir.path(),
        &["index", "news", "--index", &url, "--config", "cfg"],
    );
    assert_status(&out, 2);
    assert!(stderr(&out).contains("--rebuild"), "{}", stderr(&out));
    let args = [
        "index",
        "news",
        "--index",
        &url,
        "--config",
        "cfg",
        "--rebuild",
    ];
    assert_status(&run(dir.path(), &args), 0);
    assert_eq!(count(), 1);
}

#[test]
fn an_unreachable_cluster_or_a_missing_index_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 9 of loopback.
    for args in [
        vec!["search", "الصين", "--index", "http://127.0.0.1:9/news"],
        vec!["index", "corpus", "--index", "http://127.0.0.1:9/news"],
    ] {
        std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
        std::fs::write(dir.path().join("corpus/a.txt"), "خبر.\n").unwrap();
        let out = run(dir.path(), &args);
        assert_status(&out, 2);
        let err = stderr(&out);
        assert!(err.contains("cannot be reached"), "{err}");
        assert!(err.contains("127.0.0.1:9"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let out = run(
        dir.path(),
        &["search", "x", "--index", "http://127.0.0.1:9200/News"],
    );
    assert_status(&out, 2);
    assert!(stderr(&out).contains("lower case"), "{}", stderr(&out));
    let Some(base) = cluster() else { return };
    let url = format!("{base}/khabar-test-{}-missing", std::process::id());
    let out = run(dir.path(), &["search", "الصين", "--index", &url]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("no index at"), "{}", stderr(&out));
}
