//! The test harness: run the CLI, build indexes in temporary folders, read JSON output.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus.
pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// The shipped config.
pub fn config() -> PathBuf {
    root().join("index-config")
}

/// `../shared/` beside the repository (the team's data; CI has it).
fn shared() -> PathBuf {
    root().join("../shared")
}

/// `rel` inside `../shared/`, or `None` when it is not there: then the test prints that it is
/// skipped and why. With `CI=true` nothing is skipped: a missing file fails the test.
#[track_caller]
pub fn shared_or_skip(rel: &str) -> Option<PathBuf> {
    let path = shared().join(rel);
    if path.exists() {
        return Some(path);
    }
    let caller = std::panic::Location::caller();
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{caller}: needs ../shared/{rel}, which CI must have");
    }
    // Written to stderr itself, not through `eprintln!`, which the test harness would swallow.
    let _ = writeln!(
        std::io::stderr(),
        "skipped ({caller}): needs ../shared/{rel}, which is not beside this clone"
    );
    None
}

/// The seed article's id in the bundled corpus.
pub const SEED_ID: &str = "xinhua/2024-05-20-wang-yi-sco-astana.txt";

/// A `khabar` command run from a temporary working folder, with no index from the environment.
pub fn khabar(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("khabar").expect("the khabar binary is built");
    cmd.current_dir(cwd)
        .env_remove("KHABAR_INDEX")
        .env_remove("KHABAR_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `khabar args…` in `cwd` and returns its output, whatever the exit status.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    khabar(cwd).args(args).output().expect("khabar runs")
}

/// Stdout of a run as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stderr of a run as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit status, showing both streams when it differs.
#[track_caller]
pub fn assert_status(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status\n--- stdout\n{}\n--- stderr\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Parses stdout as JSON.
#[track_caller]
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// A temporary folder holding an index of a corpus.
pub struct Indexed {
    pub dir: tempfile::TempDir,
}

impl Indexed {
    /// Indexes `corpus` with the shipped config.
    pub fn new(corpus: &Path) -> Indexed {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = run(
            dir.path(),
            &[
                "index",
                corpus.to_str().unwrap(),
                "--index",
                dir.path().join("idx").to_str().unwrap(),
                "--config",
                config().to_str().unwrap(),
            ],
        );
        assert_status(&out, 0);
        Indexed { dir }
    }

    /// The bundled corpus, indexed.
    pub fn bundled() -> Indexed {
        Indexed::new(&corpus())
    }

    /// The index folder.
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("idx")
    }

    /// Runs a command against this index (`--index` appended).
    pub fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        let index = self.index();
        all.extend(["--index", index.to_str().unwrap()]);
        run(self.dir.path(), &all)
    }

    /// `khabar search QUERY extra… --json`, expecting exit 0.
    #[track_caller]
    pub fn search_json(&self, query: &str, extra: &[&str]) -> Value {
        let mut args = vec!["search", query];
        args.extend(extra);
        args.push("--json");
        let out = self.run(&args);
        assert_status(&out, 0);
        json(&out)
    }
}

/// The hits array of a search response.
pub fn hits(response: &Value) -> &Vec<Value> {
    response["hits"].as_array().expect("hits is an array")
}

/// (article, paragraph) of each hit, in rank order.
pub fn hit_keys(response: &Value) -> Vec<(String, u64)> {
    hits(response)
        .iter()
        .map(|h| {
            (
                h["article_id"].as_str().unwrap().to_string(),
                h["paragraph"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The highlighted substrings of a hit.
pub fn highlighted(hit: &Value) -> Vec<String> {
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            snippet[a..b].iter().collect()
        })
        .collect()
}
