//! `khabar index` and `khabar stats`: formats, encodings, datelines, incremental runs, safety.
//!
//! Fixture folders live in `tests/fixtures/`; what would be opaque as a committed file (other
//! encodings, gzip, binary, huge or unreadable files, symbolic links) is made here in a temporary
//! corpus. Articles are checked through `khabar show --json`, totals through `khabar stats --json`.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use crate::util::*;

fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// A temporary folder with a corpus (`corpus/`) to fill and an index (`idx/`) to build.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// An empty corpus.
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("a temporary folder");
        fs::create_dir(dir.path().join("corpus")).unwrap();
        Scratch { dir }
    }

    /// A copy of a fixture folder as the corpus.
    fn with_fixture(name: &str) -> Scratch {
        let scratch = Scratch::new();
        copy_dir(&fixtures().join(name), &scratch.corpus());
        scratch
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("idx")
    }

    /// Writes a corpus file, creating its folders.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    /// `khabar index corpus --index idx --config index-config extra…`, whatever the exit status.
    fn index_run(&self, extra: &[&str]) -> Output {
        let (corpus, index) = (self.corpus(), self.index());
        index_into(self.dir.path(), &corpus, &index, extra)
    }

    /// Indexes, expecting exit 0; returns the summary printed on stderr.
    #[track_caller]
    fn indexed(&self, extra: &[&str]) -> String {
        let out = self.index_run(extra);
        assert_status(&out, 0);
        stderr(&out)
    }

    fn on_index(&self, args: &[&str]) -> Output {
        let mut all = args.to_vec();
        let index = self.index();
        all.extend(["--index", index.to_str().unwrap()]);
        run(self.dir.path(), &all)
    }

    #[track_caller]
    fn show(&self, id: &str) -> Value {
        let out = self.on_index(&["show", id, "--json"]);
        assert_status(&out, 0);
        json(&out)
    }

    #[track_caller]
    fn stats(&self) -> Value {
        let out = self.on_index(&["stats", "--json"]);
        assert_status(&out, 0);
        json(&out)
    }
}

/// `khabar index CORPUS --index INDEX --config index-config extra…` run in `cwd`.
fn index_into(cwd: &Path, corpus: &Path, index: &Path, extra: &[&str]) -> Output {
    let config = config();
    let mut args = vec![
        "index",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ];
    args.extend(extra);
    run(cwd, &args)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every entry under `dir` (hidden ones too) with its size, time of change and permissions.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime, u32)> {
    use std::os::unix::fs::PermissionsExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let m = fs::symlink_metadata(e.path()).unwrap();
            (
                e.path().to_path_buf(),
                (m.len(), m.modified().unwrap(), m.permissions().mode()),
            )
        })
        .collect()
}

/// The texts of an article's paragraphs, from `show --json`.
fn texts(article: &Value) -> Vec<&str> {
    article["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect()
}

/// The `place`, `date` and `source` of an article, from `show --json`.
fn dateline(article: &Value) -> [Option<&str>; 3] {
    ["place", "date", "source"].map(|k| article[k].as_str())
}

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

// --- formats and encodings -------------------------------------------------------------------

#[test]
fn every_format_becomes_paragraph_documents() {
    let scratch = Scratch::with_fixture("formats");
    // The same articles, gzipped, under other ids.
    let jsonl = fs::read_to_string(fixtures().join("formats/articles.jsonl")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(
        &mut gz,
        jsonl.replace("\"id\":\"", "\"id\":\"gz-").as_bytes(),
    )
    .unwrap();
    scratch.write("gz/articles.jsonl.gz", gz.finish().unwrap());
    let summary = scratch.indexed(&[]);
    // Paragraphs: with-title 3, without-title 2, nested 1, .jsonl 2+3+1, .jsonl.gz 2+1 (its
    // `42` keeps its numeric id and is reported as a duplicate).
    assert_contains(&summary, "indexed 8 articles (8 new");
    assert_contains(&summary, "15 paragraphs");
    // notes.md is counted; the hidden folder is not even seen.
    assert_contains(&summary, "1 other files skipped");
    assert!(!summary.contains("skipped.txt"), "{summary}");
    assert_contains(&summary, "duplicate article id \"42\"");

    let titled = scratch.show("with-title.txt");
    assert_eq!(titled["title"], "وزير الخارجية يزور أستانا");
    assert_eq!(
        texts(&titled),
        [
            "التقى وزير الخارجية نظيره في العاصمة.",
            "-----",
            "وبحث الجانبان التعاون الاقتصادي."
        ]
    );
    let untitled = scratch.show("without-title.txt");
    assert_eq!(untitled["title"], Value::Null);
    assert_eq!(texts(&untitled).len(), 2);
    let nested = scratch.show("nested/deeper/article.txt");
    assert_eq!(nested["path"], "nested/deeper/article.txt");
    assert_eq!(
        nested["source"], "nested",
        "the source falls back to the top folder"
    );

    for prefix in ["", "gz-"] {
        let full = scratch.show(&format!("{prefix}jsonl-1"));
        assert_eq!(full["title"], "قمة اقتصادية في الرياض");
        assert_eq!(
            dateline(&full),
            [Some("الرياض"), Some("2024-03-05"), Some("واس")]
        );
        assert_eq!(full["url"], "https://example.org/1");
        assert_eq!(full["category"], "economy");
        assert_eq!(
            texts(&full).len(),
            2,
            "the empty line between is not a paragraph"
        );
        let bare = scratch.show(&format!("{prefix}jsonl-3"));
        assert_eq!(bare["title"], Value::Null);
        assert_eq!(
            bare["path"],
            if prefix.is_empty() {
                "articles.jsonl"
            } else {
                "gz/articles.jsonl.gz"
            }
        );
    }
    let numeric = scratch.show("42");
    assert_eq!(
        numeric["date"], "2018-06-14",
        "an RFC 3339 date keeps its own day"
    );
    assert_eq!(texts(&numeric).last(), Some(&"-----"));

    let stats = scratch.stats();
    assert_eq!(
        (stats["articles"].as_u64(), stats["paragraphs"].as_u64()),
        (Some(8), Some(15))
    );
}

#[test]
fn a_single_file_is_a_corpus_too() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let file = fixtures().join("formats/articles.jsonl");
    let out = index_into(dir.path(), &file, &index, &[]);
    assert_status(&out, 0);
    assert_contains(&stderr(&out), "indexed 3 articles");
    let out = run(
        dir.path(),
        &[
            "show",
            "jsonl-3",
            "--json",
            "--index",
            index.to_str().unwrap(),
        ],
    );
    assert_eq!(json(&out)["path"], "articles.jsonl");
    let other = index_into(
        dir.path(),
        &fixtures().join("formats/notes.md"),
        &index,
        &[],
    );
    assert_status(&other, 2);
    assert_contains(
        &stderr(&other),
        "is not a folder, nor a .txt, .jsonl or .jsonl.gz file",
    );
}

/// One article, and the encodings khabar must read it in.
const ENCODED: &str = "الحكومة تعلن خطة جديدة\n\nأعلنت الحكومة اليوم خطة جديدة للنقل العام.\nوقال الوزير إن التنفيذ يبدأ الشهر المقبل.\n";

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

#[test]
fn every_encoding_reads_the_same() {
    let scratch = Scratch::new();
    let crlf = ENCODED.replace('\n', "\r\n");
    let files: [(&str, Vec<u8>); 7] = [
        ("utf-8.txt", ENCODED.as_bytes().to_vec()),
        (
            "utf-8-bom.txt",
            [b"\xEF\xBB\xBF", ENCODED.as_bytes()].concat(),
        ),
        ("utf-8-crlf.txt", crlf.into_bytes()),
        ("utf-16le-bom.txt", utf16(ENCODED, true)),
        ("utf-16be-bom.txt", utf16(ENCODED, false)),
        ("utf-16le-no-bom.txt", utf16(ENCODED, true).split_off(2)),
        (
            "windows-1256.txt",
            encoding_rs::WINDOWS_1256.encode(ENCODED).0.into_owned(),
        ),
    ];
    for (name, bytes) in &files {
        scratch.write(name, bytes);
    }
    let summary = scratch.indexed(&[]);
    assert_contains(&summary, "indexed 7 articles");
    assert!(!summary.contains("problems"), "{summary}");
    for (name, _) in &files {
        let article = scratch.show(name);
        assert_eq!(article["title"], "الحكومة تعلن خطة جديدة", "{name}");
        assert_eq!(
            texts(&article),
            [
                "أعلنت الحكومة اليوم خطة جديدة للنقل العام.",
                "وقال الوزير إن التنفيذ يبدأ الشهر المقبل."
            ],
            "{name}"
        );
    }
    // Each is searchable, whatever it was written in.
    let out = scratch.on_index(&[
        "search",
        "التنفيذ",
        "--json",
        "--no-collapse",
        "--limit",
        "20",
    ]);
    assert_status(&out, 0);
    assert_eq!(json(&out)["total"], 7);
}

// --- datelines -------------------------------------------------------------------------------

#[test]
fn each_dateline_form_fills_place_date_and_source() {
    // Indexed in place: the fixture folder is only read.
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let out = index_into(dir.path(), &fixtures().join("datelines"), &index, &[]);
    assert_status(&out, 0);
    let show = |id: &str| {
        let out = run(
            dir.path(),
            &["show", id, "--json", "--index", index.to_str().unwrap()],
        );
        assert_status(&out, 0);
        json(&out)
    };
    // (article, place, date, source)
    let cases = [
        (
            "xinhua.txt",
            Some("أستانا"),
            Some("2024-05-20"),
            Some("شينخوا"),
        ),
        (
            "cnn.txt",
            Some("دبي، الإمارات العربية المتحدة"),
            None,
            Some("CNN"),
        ),
        ("byline", Some("القاهرة"), None, None),
        (
            "levantine-months.txt",
            Some("بيروت"),
            Some("2017-11-03"),
            Some("رويترز"),
        ),
        (
            "maghrebi-months.txt",
            Some("تونس"),
            Some("2016-01-07"),
            Some("وات"),
        ),
        (
            "arabic-indic-digits.txt",
            Some("دمشق"),
            Some("2018-05-15"),
            Some("سانا"),
        ),
        (
            "hijri-with-gregorian.txt",
            Some("جنيف"),
            Some("2015-08-10"),
            Some("واس"),
        ),
        // Metadata wins over the dateline; what metadata lacks still comes from it.
        (
            "metadata-wins",
            Some("أستانا"),
            Some("2024-06-01"),
            Some("وكالة الأنباء"),
        ),
        // No dateline: the date from the file name, the source from the top folder.
        (
            "agency/2019-03-04-date-from-file-name.txt",
            None,
            Some("2019-03-04"),
            Some("agency"),
        ),
    ];
    for (id, place, date, source) in cases {
        let article = show(id);
        assert_eq!(dateline(&article), [place, date, source], "{id}");
    }
    // The dateline stays in the text.
    assert!(texts(&show("xinhua.txt"))[0].starts_with("أستانا 20 مايو 2024 (شينخوا) التقى"));
}

// --- bad and hostile input -------------------------------------------------------------------

#[test]
fn bad_files_and_lines_are_reported_and_skipped_and_the_rest_indexed() {
    let scratch = Scratch::new();
    let good = "خبر سليم يفهرس كما هو.\n";
    scratch.write("good.txt", good);
    scratch.write(
        "bad-line.jsonl",
        "{\"id\":\"ok-1\",\"text\":\"سطر سليم\"}\n{\"id\":\"broken\",\"text\":\n{\"id\":\"no-text\",\"title\":\"بلا نص\"}\n{\"id\":\"ok-4\",\"text\":\"سطر سليم آخر\"}\n{\"id\":\"blank\",\"text\":\" \\n \"}\n",
    );
    scratch.write("empty.txt", "");
    scratch.write("blank-lines.txt", "\n \n\n");
    scratch.write("empty.jsonl", "");
    scratch.write("title-only.txt", "عنوان بلا متن\n\n");
    let lines = "{\"id\":\"u16\",\"text\":\"نص\"}\n".repeat(100);
    scratch.write("utf-16.jsonl", utf16(&lines, true));
    scratch.write(
        "binary.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00>\x00",
    );
    let broken = [good.as_bytes(), b"\xC3\x28", good.as_bytes()].concat();
    scratch.write("invalid-utf-8.txt", broken);
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    scratch.write(
        "deep-nesting.jsonl",
        format!("{deep}\n{{\"id\":\"after-deep\",\"text\":\"بعد التعشيش\"}}\n"),
    );
    // A gzip stream cut in half: the articles before the cut are read.
    let gz =
        gzip_lines((0..3000).map(|i| {
            format!("{{\"id\":\"gz-{i}\",\"text\":\"الخبر رقم {i} في ملف مضغوط مقطوع\"}}\n")
        }));
    scratch.write("truncated.jsonl.gz", &gz[..gz.len() / 2]);
    let spaced = "أخبار محلية/خبر عاجل من المدينة.txt";
    scratch.write(spaced, "وصل الوفد إلى المدينة صباح اليوم.\n");
    // A name in Windows-1256, not UTF-8: read, its id spelt with U+FFFD.
    let legacy_name = std::ffi::OsStr::from_bytes(b"\xC7\xE1\xCE\xC8\xD1.txt");
    fs::write(scratch.corpus().join(legacy_name), good).unwrap();
    // A folder that links to itself.
    fs::create_dir(scratch.corpus().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", scratch.corpus().join("loop/up")).unwrap();
    // A file nobody may read (root reads it anyway: then that check is skipped).
    let locked = scratch.write("unreadable.txt", good);
    set_mode(&locked, 0o000);
    let can_lock = fs::File::open(&locked).is_err();
    // An entry nobody can read, root included: a link to nothing.
    std::os::unix::fs::symlink(
        "/nonexistent/khabar/article.txt",
        scratch.corpus().join("gone.txt"),
    )
    .unwrap();

    let out = scratch.index_run(&[]);
    assert_status(&out, 0);
    let summary = stderr(&out);
    let corpus = scratch.corpus();
    let at = |rel: &str| corpus.join(rel).display().to_string();
    for expected in [
        format!(
            "{}:2: bad JSON line: EOF while parsing",
            at("bad-line.jsonl")
        ),
        format!(
            "{}:3: bad JSON line: missing field `text`",
            at("bad-line.jsonl")
        ),
        format!(
            "{}:5: article \"blank\" has no paragraphs",
            at("bad-line.jsonl")
        ),
        format!("{}: no paragraphs (empty file)", at("empty.txt")),
        format!("{}: no paragraphs (empty file)", at("blank-lines.txt")),
        format!("{}: no articles (empty file)", at("empty.jsonl")),
        format!("{}: a title but no paragraphs", at("title-only.txt")),
        format!("{}: the first 20 lines are all bad", at("utf-16.jsonl")),
        format!("{}: binary file", at("binary.txt")),
        format!(
            "{}: invalid UTF-8 at byte {}",
            at("invalid-utf-8.txt"),
            good.len()
        ),
        format!(
            "{}:1: bad JSON line: recursion limit exceeded",
            at("deep-nesting.jsonl")
        ),
        format!("{}:", at("truncated.jsonl.gz")),
        "read error, rest of file skipped".to_string(),
        format!("{}: symbolic link loop", at("loop/up")),
    ] {
        assert_contains(&summary, &expected);
    }
    if can_lock {
        assert_contains(
            &summary,
            &format!("{}: Permission denied", at("unreadable.txt")),
        );
    }
    assert_contains(
        &summary,
        &format!("{}: No such file or directory", at("gone.txt")),
    );
    // Everything else is indexed.
    for id in [
        "good.txt",
        "ok-1",
        "ok-4",
        "after-deep",
        "gz-0",
        spaced,
        "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}.txt",
    ] {
        scratch.show(id);
    }
    let stats = scratch.stats();
    let gz_read = stats["articles"].as_u64().unwrap() - 6 - u64::from(!can_lock);
    assert!(
        gz_read > 0 && gz_read < 3000,
        "{gz_read} articles of the cut gzip"
    );
    let spaced_hit = scratch.on_index(&["search", "الوفد", "--json"]);
    assert_eq!(hits(&json(&spaced_hit))[0]["path"], spaced);

    // A run over the same corpus keeps the part of the cut file it could not read again.
    let again = scratch.indexed(&[]);
    assert_contains(&again, "nothing changed");
    set_mode(&locked, 0o644);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_huge_line_or_file_is_reported_and_skipped() {
    let scratch = Scratch::new();
    // ~70 MB on one line, then a good line.
    let mut line = br#"{"id":"huge","text":""#.to_vec();
    line.resize(70_000_000, b'x');
    line.extend(b"\"}\n{\"id\":\"after-huge\",\"text\":\"\xD8\xB3\xD8\xB7\xD8\xB1\"}\n");
    scratch.write("huge-line.jsonl", line);
    // A .txt over the limit (sparse: no disk needed).
    let big = scratch.write("huge.txt", "");
    fs::File::options()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(70_000_000)
        .unwrap();
    scratch.write("small.txt", "خبر قصير.\n");
    let summary = scratch.indexed(&[]);
    assert_contains(
        &summary,
        "huge-line.jsonl:1: line longer than 64 MiB, skipped",
    );
    assert_contains(&summary, "huge.txt: larger than 64 MiB, skipped");
    assert_contains(&summary, "indexed 2 articles");
    assert_eq!(texts(&scratch.show("after-huge")), ["سطر"]);
}

// --- incremental runs ------------------------------------------------------------------------

fn article(title: &str, paragraphs: &[&str]) -> String {
    format!("{title}\n\n{}\n", paragraphs.join("\n"))
}

#[test]
fn a_second_run_redoes_only_what_changed() {
    let scratch = Scratch::new();
    scratch.write(
        "a.txt",
        article("أ", &["الفقرة الأولى من أ", "نص قديم سيحذف"]),
    );
    scratch.write("b.txt", article("ب", &["الفقرة الأولى من ب"]));
    scratch.write("c.txt", article("ج", &["الفقرة الأولى من ج"]));
    scratch.write(
        "feed.jsonl",
        "{\"id\":\"j1\",\"text\":\"الخبر الأول\"}\n{\"id\":\"j2\",\"text\":\"الخبر الثاني\"}\n",
    );
    let first = scratch.indexed(&[]);
    assert_contains(
        &first,
        "indexed 5 articles (5 new, 0 changed, 0 unchanged, 0 removed), 6 paragraphs",
    );
    assert_status(&scratch.on_index(&["search", "سيحذف"]), 0);

    // Unchanged: says so, and writes nothing to the index.
    let before = snapshot(&scratch.index());
    let unchanged = scratch.indexed(&[]);
    assert_contains(&unchanged, "nothing changed: 5 articles, 6 paragraphs");
    let after = snapshot(&scratch.index());
    let written: Vec<_> = after
        .iter()
        .filter(|(path, meta)| {
            before.get(*path) != Some(meta) && !path.to_string_lossy().ends_with(".lock")
        })
        .collect();
    assert!(
        written.is_empty(),
        "a run with nothing to do wrote {written:?}"
    );

    // Change, add, remove; one JSON line changed, one not.
    scratch.write(
        "a.txt",
        article("أ", &["الفقرة الأولى من أ", "فقرة ثانية جديدة", "وثالثة"]),
    );
    scratch.write("d.txt", article("د", &["مقال جديد"]));
    fs::remove_file(scratch.corpus().join("c.txt")).unwrap();
    scratch.write(
        "feed.jsonl",
        "{\"id\":\"j1\",\"text\":\"الخبر الأول\"}\n{\"id\":\"j2\",\"text\":\"الخبر الثاني معدلا\"}\n",
    );
    let second = scratch.indexed(&[]);
    assert_contains(
        &second,
        "indexed 5 articles (1 new, 2 changed, 2 unchanged, 1 removed), 7 paragraphs",
    );
    assert_eq!(
        texts(&scratch.show("a.txt")),
        ["الفقرة الأولى من أ", "فقرة ثانية جديدة", "وثالثة"]
    );
    assert_eq!(texts(&scratch.show("j2")), ["الخبر الثاني معدلا"]);
    scratch.show("d.txt");
    let gone = scratch.on_index(&["show", "c.txt"]);
    assert_status(&gone, 2);
    let stats = scratch.stats();
    assert_eq!(
        (stats["articles"].as_u64(), stats["paragraphs"].as_u64()),
        (Some(5), Some(7))
    );
    // The old text of a changed article is gone from search.
    assert_status(&scratch.on_index(&["search", "سيحذف"]), 1);

    // --rebuild starts over and ends with the same index.
    let rebuilt = scratch.indexed(&["--rebuild"]);
    assert_contains(
        &rebuilt,
        "indexed 5 articles (5 new, 0 changed, 0 unchanged, 0 removed), 7 paragraphs",
    );
    let again = scratch.stats();
    assert_eq!(
        (again["articles"].as_u64(), again["paragraphs"].as_u64()),
        (Some(5), Some(7))
    );
}

fn gzip_lines(lines: impl Iterator<Item = String>) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for line in lines {
        std::io::Write::write_all(&mut gz, line.as_bytes()).unwrap();
    }
    gz.finish().unwrap()
}

#[test]
fn a_file_that_cannot_be_read_to_its_end_keeps_its_articles() {
    let scratch = Scratch::new();
    let feed = gzip_lines(
        (0..3000)
            .map(|i| format!("{{\"id\":\"gz-{i}\",\"text\":\"الخبر رقم {i} في ملف مضغوط\"}}\n")),
    );
    scratch.write("feed.jsonl.gz", &feed);
    let locked = scratch.write("locked/a.txt", "خبر في ملف سيقفل.\n");
    scratch.indexed(&[]);
    // The file is cut short and the other made unreadable: their articles are kept, not removed.
    scratch.write("feed.jsonl.gz", &feed[..feed.len() / 2]);
    set_mode(&locked, 0o000);
    let summary = scratch.indexed(&[]);
    set_mode(&locked, 0o644);
    assert_contains(&summary, "read error, rest of file skipped");
    assert_contains(&summary, "nothing changed: ");
    assert_eq!(scratch.stats()["articles"], 3001);
    scratch.show("gz-2999");
    scratch.show("locked/a.txt");
}

#[test]
fn a_changed_config_asks_for_rebuild() {
    let scratch = Scratch::with_fixture("datelines");
    let config = scratch.dir.path().join("index-config");
    copy_dir(&crate::util::config(), &config);
    let index_with = |extra: &[&str]| {
        let mut args = vec![
            "index",
            "corpus",
            "--index",
            "idx",
            "--config",
            "index-config",
        ];
        args.extend(extra);
        run(scratch.dir.path(), &args)
    };
    assert_status(&index_with(&[]), 0);
    let search = || {
        let args = [
            "search",
            "الحكومة",
            "--index",
            "idx",
            "--config",
            "index-config",
        ];
        run(scratch.dir.path(), &args)
    };
    assert!(!stderr(&search()).contains("warning"));
    // A folder elsewhere is not this run's configuration: no warning.
    let plain = run(scratch.dir.path(), &["search", "الحكومة", "--index", "idx"]);
    assert!(!stderr(&plain).contains("warning"), "{}", stderr(&plain));

    let stopwords = config.join("stopwords.txt");
    let mut words = fs::read_to_string(&stopwords).unwrap();
    words.push_str("\nالحكومة\n");
    fs::write(&stopwords, words).unwrap();

    let refused = index_with(&[]);
    assert_status(&refused, 2);
    assert_contains(&stderr(&refused), "changed since the index");
    assert_contains(&stderr(&refused), "khabar index --rebuild");
    let warned = search();
    assert_contains(
        &stderr(&warned),
        "warning: index-config differs from the configuration",
    );
    assert_contains(&stderr(&warned), "--rebuild");

    let rebuilt = index_with(&["--rebuild"]);
    assert_status(&rebuilt, 0);
    assert!(!stderr(&search()).contains("warning"));
    // The index carries the config it was built with.
    let stored = scratch.index().join("khabar/config/stopwords.txt");
    assert_eq!(fs::read(stored).unwrap(), fs::read(&stopwords).unwrap());
}

// --- safety ----------------------------------------------------------------------------------

#[test]
fn an_index_without_its_settings_asks_for_rebuild() {
    let scratch = Scratch::with_fixture("datelines");
    scratch.indexed(&[]);
    fs::remove_file(scratch.index().join("khabar/info.json")).unwrap();
    let out = scratch.index_run(&[]);
    assert_status(&out, 2);
    assert_contains(&stderr(&out), "lacks its khabar settings");
    assert_contains(&stderr(&out), "run `khabar index --rebuild`");
    scratch.indexed(&["--rebuild"]);
    assert_eq!(scratch.stats()["articles"], 9);
}

#[test]
fn an_index_of_an_older_layout_asks_for_rebuild() {
    let scratch = Scratch::with_fixture("datelines");
    scratch.indexed(&[]);
    // An older khabar wrote no format number.
    let info_path = scratch.index().join("khabar/info.json");
    let mut info: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&info_path).unwrap()).unwrap();
    info.as_object_mut().unwrap().remove("format");
    fs::write(&info_path, info.to_string()).unwrap();
    let searched = scratch.on_index(&["search", "وزير"]);
    assert_status(&searched, 2);
    assert_contains(&stderr(&searched), "built by another version of khabar");
    assert_contains(&stderr(&searched), "khabar index --rebuild");
    let indexed = scratch.index_run(&[]);
    assert_status(&indexed, 2);
    assert_contains(&stderr(&indexed), "built by another version of khabar");
    scratch.indexed(&["--rebuild"]);
    assert_status(&scratch.on_index(&["search", "وزير"]), 0);
}

#[test]
fn a_second_writer_fails_at_once_with_a_clear_message() {
    let scratch = Scratch::with_fixture("datelines");
    scratch.indexed(&[]);
    scratch.write("new.txt", "مقال جديد.\n");
    // The first writer holds Tantivy's lock.
    let held = tantivy::Index::open_in_dir(scratch.index()).unwrap();
    let first: tantivy::IndexWriter = held.writer(15_000_000).unwrap();

    for extra in [&[][..], &["--rebuild"]] {
        let started = Instant::now();
        let second = scratch.index_run(extra);
        assert!(started.elapsed() < Duration::from_secs(10), "it waited");
        assert_status(&second, 2);
        assert_contains(&stderr(&second), "another indexing run is writing to");
    }
    assert_eq!(scratch.stats()["articles"], 9, "the index is as it was");
    // Searching goes on meanwhile.
    let out = scratch.on_index(&["search", "وزير"]);
    assert_status(&out, 0);

    drop(first);
    let after = scratch.indexed(&[]);
    assert_contains(&after, "1 new");
}

/// Writes article `i` of a numbered corpus with `count` paragraphs, each unique.
fn numbered_article(scratch: &Scratch, i: usize, count: usize) {
    let paragraphs: Vec<String> = (1..=count)
        .map(|p| format!("الفقرة {p} من المقال {i} عن التعاون الاقتصادي"))
        .collect();
    let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    scratch.write(
        &format!("news/{i:03}.txt"),
        article(&format!("المقال {i}"), &refs),
    );
}

/// The `opstamp` of the last commit, 0 before the index exists.
fn opstamp(index: &Path) -> u64 {
    fs::read(index.join("meta.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|m| m["opstamp"].as_u64())
        .unwrap_or(0)
}

/// Starts `khabar index --batch 1 extra…` and SIGKILLs it once it has made `commits` commits.
fn kill_after_commits(scratch: &Scratch, commits: usize, extra: &[&str]) {
    let config = config();
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .current_dir(scratch.dir.path())
        .args(["index", "corpus", "--index", "idx", "--batch", "1"])
        .args(["--threads", "1", "--memory-mb", "20"])
        .args(["--config", config.to_str().unwrap()])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut seen, mut last) = (0, opstamp(&scratch.index()));
    while seen < commits && Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended before it was killed: {status}");
        }
        let now = opstamp(&scratch.index());
        if now != last {
            seen += 1;
            last = now;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        status.code().is_none(),
        "the run ended before it was killed: {status}"
    );
}

/// After a kill: the last commit opens and searches, with whole articles only.
#[track_caller]
fn assert_partial(scratch: &Scratch, n: usize) {
    let stats = scratch.stats();
    let articles = stats["articles"].as_u64().unwrap() as usize;
    assert!(
        articles > 0 && articles < n,
        "{articles} articles after a kill"
    );
    let out = scratch.on_index(&["search", "التعاون", "--json"]);
    assert_status(&out, 0);
}

#[test]
fn a_killed_run_leaves_a_searchable_index_and_the_next_run_completes_it() {
    let n = 150;
    let scratch = Scratch::new();
    for i in 0..n {
        numbered_article(&scratch, i, 4);
    }
    // Killed three times, each after it has committed a few more articles; before the third,
    // the first articles change (a changed article is replaced in one commit).
    for (round, commits) in [1, 3, 8].into_iter().enumerate() {
        if round == 2 {
            for i in 0..20 {
                numbered_article(&scratch, i, 5);
            }
        }
        kill_after_commits(&scratch, commits, &[]);
        assert_partial(&scratch, n);
    }
    let paragraphs_of = |i: usize| if i < 20 { 5 } else { 4 };
    let total: usize = (0..n).map(paragraphs_of).sum();
    let completed = scratch.indexed(&[]);
    assert_contains(&completed, &format!("indexed {n} articles"));
    assert_contains(&completed, &format!("{total} paragraphs"));
    // A killed --rebuild leaves its first commits, and the next run completes those too.
    kill_after_commits(&scratch, 2, &["--rebuild"]);
    assert_partial(&scratch, n);
    scratch.indexed(&[]);

    let stats = scratch.stats();
    assert_eq!(stats["articles"].as_u64(), Some(n as u64));
    assert_eq!(stats["paragraphs"].as_u64(), Some(total as u64));
    // Every paragraph exactly once.
    for i in 0..n {
        let shown = scratch.show(&format!("news/{i:03}.txt"));
        let numbers: Vec<u64> = shown["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["paragraph"].as_u64().unwrap())
            .collect();
        let expected: Vec<u64> = (1..=paragraphs_of(i) as u64).collect();
        assert_eq!(numbers, expected, "news/{i:03}.txt");
    }
    assert_contains(&scratch.indexed(&[]), "nothing changed");
}

#[test]
fn searches_during_an_update_see_whole_commits() {
    let n = 40;
    let scratch = Scratch::new();
    for i in 0..n {
        numbered_article(&scratch, i, 4);
    }
    scratch.indexed(&[]);
    for i in 0..n {
        numbered_article(&scratch, i, 5);
    }
    let config = config();
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .current_dir(scratch.dir.path())
        .args([
            "index",
            "corpus",
            "--index",
            "idx",
            "--batch",
            "1",
            "--threads",
            "1",
        ])
        .args(["--memory-mb", "20", "--config", config.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut looks = 0;
    while child.try_wait().unwrap().is_none() {
        // Every article is there, in its old or its new version, never both or neither.
        let stats = scratch.stats();
        assert_eq!(stats["articles"].as_u64(), Some(n as u64));
        let paragraphs = stats["paragraphs"].as_u64().unwrap() as usize;
        assert!(
            (4 * n..=5 * n).contains(&paragraphs),
            "{paragraphs} paragraphs"
        );
        assert_status(&scratch.on_index(&["search", "التعاون"]), 0);
        looks += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(looks > 0, "the update ended before any search");
    assert_eq!(scratch.stats()["paragraphs"].as_u64(), Some(5 * n as u64));
}

#[test]
fn nothing_under_the_corpus_folder_is_ever_written() {
    let dir = tempfile::tempdir().unwrap();
    for corpus in [
        corpus(),
        fixtures().join("datelines"),
        fixtures().join("formats"),
    ] {
        let before = snapshot(&corpus);
        let index = dir.path().join("idx");
        for extra in [&[][..], &[], &["--rebuild"]] {
            let out = index_into(dir.path(), &corpus, &index, extra);
            assert_status(&out, 0);
        }
        assert_eq!(snapshot(&corpus), before, "{} changed", corpus.display());
        fs::remove_dir_all(&index).unwrap();
    }
    // An index inside the corpus is refused before anything is written.
    let scratch = Scratch::with_fixture("datelines");
    let before = snapshot(&scratch.corpus());
    let inside = scratch.corpus().join(".khabar-index");
    let out = index_into(scratch.dir.path(), &scratch.corpus(), &inside, &[]);
    assert_status(&out, 2);
    assert_contains(&stderr(&out), "is inside the corpus folder");
    assert_eq!(snapshot(&scratch.corpus()), before);
}

// --- stats -----------------------------------------------------------------------------------

#[test]
fn stats_reports_counts_dates_sources_and_build() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    assert_status(
        &index_into(dir.path(), &fixtures().join("datelines"), &index, &[]),
        0,
    );
    let out = run(
        dir.path(),
        &["stats", "--json", "--index", index.to_str().unwrap()],
    );
    assert_status(&out, 0);
    let stats = json(&out);
    assert_eq!(stats["articles"], 9);
    assert_eq!(stats["paragraphs"], 10);
    assert_eq!(
        stats["date_range"],
        serde_json::json!(["2015-08-10", "2024-06-01"])
    );
    assert_eq!(stats["sources"]["شينخوا"], 1);
    assert_eq!(stats["sources"]["agency"], 1);
    assert!(stats["bytes_on_disk"].as_u64().unwrap() > 0);
    assert!(stats["built_at"].as_str().unwrap().len() >= 20);
    assert_eq!(stats["config_hash"].as_str().unwrap().len(), 16);
}

/// The bench file of the issue: 40,002 articles in one `.jsonl.gz`, as it is. About 20 s in a
/// release build; too slow for a debug one.
#[test]
#[cfg_attr(debug_assertions, ignore = "indexes 27 MB; run with --release")]
fn the_bench_file_indexes_as_it_is() {
    // The file itself, as the issue names it (a folder holding it indexes the same).
    let Some(bench) = shared_or_skip("corpus-real/bench/ant-arabic-news.jsonl.gz") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let out = index_into(dir.path(), &bench, &index, &[]);
    assert_status(&out, 0);
    assert!(!stderr(&out).contains("problems"), "{}", stderr(&out));
    let out = run(
        dir.path(),
        &["stats", "--json", "--index", index.to_str().unwrap()],
    );
    let stats = json(&out);
    assert_eq!(stats["articles"], 40_002);
    assert_eq!(stats["paragraphs"], 272_526);
}
