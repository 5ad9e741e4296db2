//! The README's first command on a fresh clone: it builds the default index, then answers.

use crate::util::*;

#[test]
fn search_on_a_fresh_clone_builds_the_index_then_answers_with_highlights() {
    // A copy of the repository layout: corpus/ and index-config/, no index yet.
    let clone = tempfile::tempdir().unwrap();
    for dir in ["corpus", "index-config"] {
        copy_dir(&root().join(dir), &clone.path().join(dir));
    }
    let out = khabar(clone.path())
        .args([
            "search",
            "وزير الخارجية",
            "--country",
            "روسيا",
            "--color",
            "always",
        ])
        .output()
        .unwrap();
    assert_status(&out, 0);
    assert!(
        stderr(&out).contains("building .khabar-index from corpus/"),
        "{}",
        stderr(&out)
    );
    assert!(clone.path().join(".khabar-index/meta.json").is_file());
    let text = stdout(&out);
    assert!(text.contains(SEED_ID), "{text}");
    // The matched words are painted in the original text.
    assert!(
        text.contains("\x1b[1;31mوزير\x1b[0m \x1b[1;31mالخارجية\x1b[0m"),
        "{text}"
    );
    // The second run uses the index it built.
    let again = khabar(clone.path())
        .args(["search", "وزير الخارجية", "--country", "روسيا"])
        .output()
        .unwrap();
    assert_status(&again, 0);
    assert!(!stderr(&again).contains("building"), "{}", stderr(&again));
}

#[test]
fn no_colour_when_not_a_terminal_or_when_asked() {
    let indexed = Indexed::bundled();
    let out = indexed.run(&["search", "لافروف"]);
    assert_status(&out, 0);
    assert!(!stdout(&out).contains('\x1b'));
    let out = indexed.run(&["search", "لافروف", "--color", "never"]);
    assert!(!stdout(&out).contains('\x1b'));
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let empty = tempfile::tempdir().unwrap();
    let out = run(empty.path(), &["search", "روسيا"]);
    assert_status(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("no index at .khabar-index"), "{err}");
    assert!(err.contains("khabar index corpus"), "{err}");
}

#[test]
fn help_and_completions() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--help"]);
    assert_status(&out, 0);
    assert!(stdout(&out).contains("Example: khabar search"));
    for sub in [
        "index",
        "search",
        "show",
        "facets",
        "stats",
        "analyze",
        "completions",
    ] {
        let out = run(dir.path(), &[sub, "--help"]);
        assert_status(&out, 0);
        assert!(
            stdout(&out).contains("Example: khabar"),
            "{sub} --help lacks an example"
        );
    }
    for shell in ["bash", "zsh", "fish"] {
        let out = run(dir.path(), &["completions", shell]);
        assert_status(&out, 0);
        assert!(stdout(&out).contains("khabar"), "{shell}");
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn the_bundled_seed_is_the_shared_seed_unchanged() {
    let Some(seed) = shared_or_skip("seed/2024-05-20-wang-yi-sco-astana.txt") else {
        return;
    };
    let shipped = std::fs::read(corpus().join(SEED_ID)).unwrap();
    let original = std::fs::read(seed).unwrap();
    assert_eq!(shipped, original);
}
