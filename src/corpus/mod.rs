//! Reading a corpus folder into articles: `Article`, the folder walk and the per-format readers.
//!
//! `file.rs` opens, decompresses and decodes one file; `txt.rs` reads one article per `.txt` file, `jsonl.rs` one per line of `.jsonl`/`.jsonl.gz`,
//! `encoding.rs` decodes bytes (UTF-8, UTF-16, Windows-1256), `dateline.rs` reads the place,
//! date and agency of a wire lead.

pub mod dateline;
pub mod encoding;
pub mod file;
pub mod jsonl;
pub mod txt;

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;
use walkdir::WalkDir;

/// One news article, as read from the corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Unique id: the path relative to the corpus folder for `.txt`, the `id` field for JSON Lines.
    pub id: String,
    /// The file it came from, relative to the corpus folder.
    pub path: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub category: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    /// Non-empty lines of the body, in order (paragraph 1 is `paragraphs[0]`).
    pub paragraphs: Vec<String>,
}

impl Article {
    /// Fills place, date and source where metadata left them empty: from the opening dateline,
    /// then the date from a `YYYYMMDD` or `YYYY-MM-DD` in the file name and the source from the
    /// top folder (`corpus/bbc/…` → `bbc`). Returns the byte length of the dateline (0 if none).
    pub fn apply_dateline(&mut self, datelines: &dateline::Datelines) -> usize {
        let found = match self.paragraphs.first() {
            Some(first) => datelines.parse(first, self.byline.as_deref()),
            None => dateline::Found::default(),
        };
        self.place = self.place.take().or(found.place);
        self.date = self
            .date
            .or(found.date)
            .or_else(|| date_in_name(&self.path));
        self.source = self.source.take().or(found.source).or_else(|| {
            let mut parts = self.path.split('/');
            let top = parts.next()?;
            parts.next().map(|_| top.to_string())
        });
        found.len
    }

    /// A hash of everything indexed from this article, to skip unchanged articles.
    pub fn content_hash(&self) -> u64 {
        // Fields filled from the dateline or the path are derived from what is hashed here.
        let mut hasher = blake3::Hasher::new();
        for part in [
            &self.title,
            &self.source,
            &self.category,
            &self.url,
            &self.byline,
            &self.place,
        ] {
            hasher.update(part.as_deref().unwrap_or("").as_bytes());
            hasher.update(b"\x1f");
        }
        hasher.update(
            self.date
                .map(|d| d.to_string())
                .unwrap_or_default()
                .as_bytes(),
        );
        for p in &self.paragraphs {
            hasher.update(b"\x1e");
            hasher.update(p.as_bytes());
        }
        let bytes = hasher.finalize();
        u64::from_le_bytes(bytes.as_bytes()[..8].try_into().expect("8 bytes"))
    }
}

/// A date written `YYYYMMDD` or `YYYY-MM-DD` in a file name.
fn date_in_name(path: &str) -> Option<NaiveDate> {
    let name = path.rsplit('/').next()?;
    for (i, _) in name.char_indices() {
        let rest = &name[i..];
        for (fmt, len) in [("%Y-%m-%d", 10), ("%Y%m%d", 8)] {
            if rest.len() >= len && rest.is_char_boundary(len) {
                let candidate = &rest[..len];
                let bounded = !rest[len..].starts_with(|c: char| c.is_ascii_digit())
                    && !name[..i].ends_with(|c: char| c.is_ascii_digit());
                if bounded && candidate.starts_with(['1', '2']) {
                    if let Ok(date) = NaiveDate::parse_from_str(candidate, fmt) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}

/// What kind of file a corpus entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Jsonl,
    JsonlGz,
}

impl Format {
    /// The format of a file by its name, `None` for files khabar does not read.
    pub fn of(path: &Path) -> Option<Format> {
        // A name that is not UTF-8 (an old archive's Latin-1 or Windows-1256 name) still counts.
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".jsonl.gz") {
            Some(Format::JsonlGz)
        } else if name.ends_with(".jsonl") {
            Some(Format::Jsonl)
        } else if name.ends_with(".txt") {
            Some(Format::Txt)
        } else {
            None
        }
    }
}

/// A problem with one file or line, reported and skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// `path` or `path:line`.
    pub location: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// The files of a corpus folder.
#[derive(Debug, Default)]
pub struct Listing {
    /// Readable files, sorted, with their format.
    pub files: Vec<(PathBuf, Format)>,
    /// Files skipped because khabar does not read their kind (`.md`, `.tsv` …).
    pub other_files: usize,
    /// Entries that could not be walked (unreadable folders, symlink loops).
    pub problems: Vec<Problem>,
}

/// Walks `root` recursively, skipping hidden entries, and sorts the files by path. A `root`
/// that is a file of a readable kind is a corpus of that one file.
pub fn list_files(root: &Path) -> Result<Listing> {
    let mut listing = Listing::default();
    if root.is_file() {
        match Format::of(root) {
            Some(format) => listing.files.push((root.to_path_buf(), format)),
            None => anyhow::bail!(
                "{} is not a folder, nor a .txt, .jsonl or .jsonl.gz file",
                root.display()
            ),
        }
        return Ok(listing);
    }
    if !root.is_dir() {
        anyhow::bail!(
            "corpus folder {} does not exist or is not a folder",
            root.display()
        );
    }
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => match Format::of(entry.path()) {
                Some(format) => listing.files.push((entry.into_path(), format)),
                None => listing.other_files += 1,
            },
            Ok(_) => {}
            Err(err) => listing.problems.push(Problem {
                location: err
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string()),
                reason: walk_reason(&err),
            }),
        }
    }
    Ok(listing)
}

fn walk_reason(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        "symbolic link loop".to_string()
    } else if let Some(io) = err.io_error() {
        io.to_string()
    } else {
        err.to_string()
    }
}

/// The path of `file` relative to `root`, with `/` separators; its name when `root` is the file.
pub fn relative_path(root: &Path, file: &Path) -> String {
    let mut rel = file.strip_prefix(root).unwrap_or(file);
    if rel.as_os_str().is_empty() && root.is_file() {
        rel = root.file_name().map_or(rel, Path::new);
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_from_file_name() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(
            date_in_name("bbc/bbc-BB-culture-122-20180421.txt"),
            d(2018, 4, 21)
        );
        assert_eq!(
            date_in_name("xinhua/2024-05-20-wang-yi.txt"),
            d(2024, 5, 20)
        );
        assert_eq!(date_in_name("x/report-123456789.txt"), None);
        assert_eq!(date_in_name("notes.txt"), None);
    }
}
