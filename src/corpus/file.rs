//! Opening one corpus file: reading, decompressing and decoding it into articles, reporting the
//! bytes read as they go.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::{encoding, jsonl, txt, Article, Format, Problem};

/// `.txt` files larger than this are reported and skipped.
pub const MAX_TXT_BYTES: u64 = 64 << 20;

/// Why a file was not read to its end.
#[derive(Debug)]
pub enum Broken {
    /// Nothing was read from it.
    Unreadable(Problem),
    /// It broke part-way: the articles before the break were read.
    PartWay(Problem),
}

impl Broken {
    /// What went wrong, and where.
    pub fn problem(&self) -> &Problem {
        match self {
            Broken::Unreadable(p) | Broken::PartWay(p) => p,
        }
    }
}

/// A reader that reports each read's length.
struct Counting<'a, R> {
    inner: R,
    on_bytes: &'a (dyn Fn(u64) + Sync),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.on_bytes)(n as u64);
        Ok(n)
    }
}

/// Reads the articles of the file `path` (`rel` inside its corpus), handing each to `each` and
/// each problem of a line or entry to `problems`; `on_bytes` hears of the bytes read from disk.
/// Returns the file's size, or why it was not read to its end.
pub fn read(
    path: &Path,
    rel: &str,
    format: Format,
    on_bytes: &(dyn Fn(u64) + Sync),
    problems: &mut Vec<Problem>,
    mut each: impl FnMut(Article),
) -> Result<u64, Broken> {
    let shown = path.display().to_string();
    let problem = |reason: String| Problem {
        location: shown.clone(),
        reason,
    };
    let unreadable = |reason: String| Broken::Unreadable(problem(reason));
    let file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let counted = Counting {
        inner: file,
        on_bytes,
    };
    match format {
        Format::Txt => {
            if len > MAX_TXT_BYTES {
                on_bytes(len);
                return Err(unreadable(format!(
                    "larger than {} MiB, skipped",
                    MAX_TXT_BYTES >> 20
                )));
            }
            let mut bytes = Vec::with_capacity(len as usize);
            let mut counted = counted;
            counted
                .read_to_end(&mut bytes)
                .map_err(|e| unreadable(e.to_string()))?;
            let (text, _) = encoding::decode(&bytes).map_err(|e| unreadable(e.to_string()))?;
            let article = txt::parse(&text, rel);
            if article.paragraphs.is_empty() {
                let reason = match article.title {
                    Some(_) => "a title but no paragraphs",
                    None => "no paragraphs (empty file)",
                };
                problems.push(problem(reason.to_string()));
            } else {
                each(article);
            }
        }
        Format::Jsonl | Format::JsonlGz => {
            let before = problems.len();
            let read = if format == Format::Jsonl {
                jsonl::read(BufReader::new(counted), &shown, rel, each, problems)
            } else {
                let gz = flate2::read::MultiGzDecoder::new(BufReader::new(counted));
                let lines = BufReader::with_capacity(1 << 16, gz);
                jsonl::read(lines, &shown, rel, each, problems)
            };
            match read {
                Ok(0) if problems.len() == before => {
                    problems.push(problem("no articles (empty file)".to_string()));
                }
                Ok(_) => {}
                Err(broken) => return Err(Broken::PartWay(broken)),
            }
        }
    }
    Ok(len)
}
