//! Reading articles from JSON Lines (`.jsonl`, `.jsonl.gz`): one JSON object per line.
//!
//! Fields: `id` and `text` (required; paragraphs are the non-empty lines of `text`), and
//! optional `title`, `date` (YYYY-MM-DD or RFC 3339), `source`, `url`, `category`, `byline`.
//! A bad line is reported with its number and skipped; the lines after it are still read.

use std::io::BufRead;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Article, Problem};

/// Lines longer than this are reported and skipped rather than read into memory whole.
pub const MAX_LINE_BYTES: usize = 64 << 20;
/// A file whose first this many lines are all bad is not JSON Lines: the rest is not read.
pub const MAX_BAD_START: usize = 20;

#[derive(Deserialize)]
struct Record {
    /// A string or a whole number; anything else is reported.
    id: serde_json::Value,
    text: String,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
    category: Option<String>,
    byline: Option<String>,
}

/// Parses a date given as `YYYY-MM-DD` or RFC 3339 (`2024-05-20T10:00:00+06:00`).
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(value)
                .ok()
                .map(|d| d.date_naive())
        })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Parses one line. `Ok(None)` for a blank line. Warnings (a bad date) go to `warnings`.
pub fn parse_line(
    line: &str,
    location: &str,
    path: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Option<Article>, Problem> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let record: Record = serde_json::from_str(line).map_err(|err| Problem {
        location: location.to_string(),
        reason: format!("bad JSON line: {err}"),
    })?;
    let bad = |reason: String| Problem {
        location: location.to_string(),
        reason,
    };
    let id = match record.id {
        serde_json::Value::String(id) => id.trim().to_string(),
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        other => {
            return Err(bad(format!(
                "\"id\" must be a string or a whole number, not {other}"
            )))
        }
    };
    if id.is_empty() {
        return Err(bad("empty \"id\"".to_string()));
    }
    let date = match non_empty(record.date) {
        Some(value) => {
            let parsed = parse_date(&value);
            if parsed.is_none() {
                warnings.push(Problem {
                    location: location.to_string(),
                    reason: format!(
                        "date {value:?} is neither YYYY-MM-DD nor RFC 3339; indexed without a date"
                    ),
                });
            }
            parsed
        }
        None => None,
    };
    let paragraphs: Vec<String> = record
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if paragraphs.is_empty() {
        return Err(bad(format!(
            "article {id:?} has no paragraphs (empty \"text\")"
        )));
    }
    Ok(Some(Article {
        id,
        path: path.to_string(),
        title: non_empty(record.title),
        date,
        source: non_empty(record.source),
        url: non_empty(record.url),
        category: non_empty(record.category),
        byline: non_empty(record.byline),
        paragraphs,
        place: None,
    }))
}

/// Reads every line of `reader`, calling `each` with each article; bad lines go to `problems`.
/// `shown` names the file in problems; `path` is the file relative to the corpus folder.
///
/// Returns how many articles were read, or the read error (a truncated `.gz`, a failing disk)
/// that stopped the reading part-way: the articles before it have been passed to `each`.
pub fn read(
    reader: impl BufRead,
    shown: &str,
    path: &str,
    mut each: impl FnMut(Article),
    problems: &mut Vec<Problem>,
) -> Result<usize, Problem> {
    let mut line_no = 0usize;
    let mut articles = 0usize;
    let problems_before = problems.len();
    let mut buf = Vec::new();
    let mut reader = reader;
    let read_error = |line_no: usize, err: std::io::Error| Problem {
        location: format!("{shown}:{line_no}"),
        reason: format!("read error, rest of file skipped: {err}"),
    };
    loop {
        if articles == 0 && problems.len() - problems_before >= MAX_BAD_START {
            return Err(Problem {
                location: shown.to_string(),
                reason: format!(
                    "the first {MAX_BAD_START} lines are all bad, rest of file skipped (is it JSON Lines in UTF-8?)"
                ),
            });
        }
        buf.clear();
        line_no += 1;
        let mut limited = std::io::Read::take(&mut reader, MAX_LINE_BYTES as u64 + 1);
        match limited.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => return Err(read_error(line_no, err)),
        }
        let location = format!("{shown}:{line_no}");
        if buf.len() > MAX_LINE_BYTES {
            problems.push(Problem {
                location,
                reason: format!("line longer than {} MiB, skipped", MAX_LINE_BYTES >> 20),
            });
            skip_line(&mut reader).map_err(|err| read_error(line_no, err))?;
            continue;
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(line) => line.trim_start_matches('\u{FEFF}'),
            Err(err) => {
                problems.push(Problem {
                    location,
                    reason: format!("invalid UTF-8 at byte {} of the line", err.valid_up_to()),
                });
                continue;
            }
        };
        match parse_line(line, &location, path, problems) {
            Ok(Some(article)) => {
                articles += 1;
                each(article);
            }
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    Ok(articles)
}

/// Consumes the rest of the current line without holding it in memory.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = chunk.len();
                reader.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> (Vec<Article>, Vec<Problem>) {
        read_bytes(text.as_bytes())
    }

    fn read_bytes(bytes: &[u8]) -> (Vec<Article>, Vec<Problem>) {
        let mut articles = vec![];
        let mut problems = vec![];
        let count = read(
            bytes,
            "a.jsonl",
            "a.jsonl",
            |a| articles.push(a),
            &mut problems,
        )
        .expect("a byte slice reads to its end");
        assert_eq!(count, articles.len());
        (articles, problems)
    }

    #[test]
    fn reads_fields_and_paragraphs() {
        let (articles, problems) = read_all(
            r#"{"id":"x1","text":"الأولى\n\nالثانية","title":"عنوان","date":"2024-05-20","source":"bbc","url":"u","category":"c","byline":"القاهرة - أحمد"}"#,
        );
        assert!(problems.is_empty());
        let a = &articles[0];
        assert_eq!(a.id, "x1");
        assert_eq!(a.paragraphs, ["الأولى", "الثانية"]);
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 5, 20));
        assert_eq!(a.byline.as_deref(), Some("القاهرة - أحمد"));
    }

    #[test]
    fn bad_line_is_reported_and_the_rest_read() {
        let (articles, problems) =
            read_all("{\"id\":1,\"text\":\"أ\"}\n{not json}\n{\"id\":\"3\"}\n{\"id\":\"4\",\"text\":\"ب\"}\n");
        assert_eq!(
            articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["1", "4"]
        );
        assert_eq!(problems.len(), 2);
        assert!(problems[0].location.ends_with(":2"), "{problems:?}");
        assert!(
            problems[1].reason.contains("missing field `text`"),
            "{problems:?}"
        );
    }

    #[test]
    fn rfc3339_and_bad_dates() {
        assert_eq!(
            parse_date("2024-05-20T23:30:00+06:00"),
            NaiveDate::from_ymd_opt(2024, 5, 20)
        );
        assert_eq!(parse_date("2024-13-45"), None);
        let (articles, problems) = read_all(r#"{"id":"1","text":"أ","date":"yesterday"}"#);
        assert_eq!(articles[0].date, None);
        assert!(problems[0].reason.contains("yesterday"));
    }

    #[test]
    fn hostile_lines_are_reported_and_the_rest_read() {
        // (line, what the problem says)
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let cases: [(&[u8], &str); 8] = [
            (br#"{"id":"no-text","title":"t"}"#, "missing field `text`"),
            (br#"{"text":"no id"}"#, "missing field `id`"),
            (br#"{"id":"  ","text":"x"}"#, "empty \"id\""),
            (
                br#"{"id":1.5,"text":"x"}"#,
                "\"id\" must be a string or a whole number, not 1.5",
            ),
            (br#"{"id":null,"text":"x"}"#, "not null"),
            (br#"{"id":"blank","text":" \n\n "}"#, "has no paragraphs"),
            (b"{\"id\":\"bad\",\"text\":\"\xFF\xFE\"}", "invalid UTF-8"),
            (deep.as_bytes(), "recursion limit exceeded"),
        ];
        for (line, reason) in cases {
            let bytes = [line, b"\n", br#"{"id":"good","text":"ok"}"#].concat();
            let (articles, problems) = read_bytes(&bytes);
            assert_eq!(articles.len(), 1, "{reason}");
            assert_eq!(problems.len(), 1, "{reason}");
            assert_eq!(problems[0].location, "a.jsonl:1");
            assert!(problems[0].reason.contains(reason), "{problems:?}");
        }
    }

    #[test]
    fn deep_nesting_in_an_unknown_field_is_ignored_without_a_crash() {
        let depth = 1_000_000;
        let line = format!(
            r#"{{"id":"deep","text":"x","extra":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let (articles, problems) = read_all(&line);
        assert_eq!((articles.len(), problems.len()), (1, 0), "{problems:?}");
    }

    #[test]
    fn a_file_that_starts_with_only_bad_lines_is_given_up() {
        // UTF-16 JSON Lines: every line is invalid UTF-8.
        let text = "{\"id\":\"1\",\"text\":\"نص\"}\n".repeat(1000);
        let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut problems = vec![];
        let err = read(&utf16[..], "a.jsonl", "a.jsonl", |_| {}, &mut problems).unwrap_err();
        assert_eq!(problems.len(), MAX_BAD_START);
        assert_eq!(err.location, "a.jsonl");
        assert!(err.reason.contains("is it JSON Lines in UTF-8?"), "{err}");
        // Bad lines after good ones are all read and reported.
        let mixed = format!("{{\"id\":\"1\",\"text\":\"نص\"}}\n{}", "{bad}\n".repeat(50));
        let (articles, problems) = read_all(&mixed);
        assert_eq!((articles.len(), problems.len()), (1, 50));
    }

    #[test]
    fn an_over_long_line_is_skipped_and_the_next_read() {
        let mut bytes = br#"{"id":"long","text":""#.to_vec();
        bytes.resize(MAX_LINE_BYTES + 10, b'a');
        bytes.extend(b"\"}\n{\"id\":\"next\",\"text\":\"ok\"}\n");
        let (articles, problems) = read_bytes(&bytes);
        assert_eq!(articles[0].id, "next");
        assert_eq!(problems[0].location, "a.jsonl:1");
        assert!(problems[0].reason.contains("longer than 64 MiB"));
    }

    #[test]
    fn a_read_error_stops_the_file_and_keeps_what_came_before() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for i in 0..2000 {
            std::io::Write::write_all(
                &mut gz,
                format!("{{\"id\":\"{i}\",\"text\":\"نص المقال رقم {i}\"}}\n").as_bytes(),
            )
            .unwrap();
        }
        let bytes = gz.finish().unwrap();
        let truncated = &bytes[..bytes.len() / 2];
        let mut count = 0;
        let mut problems = vec![];
        let err = read(
            std::io::BufReader::new(flate2::read::MultiGzDecoder::new(truncated)),
            "a.jsonl.gz",
            "a.jsonl.gz",
            |_| count += 1,
            &mut problems,
        )
        .unwrap_err();
        assert!(count > 0 && count < 2000, "{count}");
        assert!(err.reason.contains("read error"), "{err}");
        assert!(err.location.starts_with("a.jsonl.gz:"), "{err}");
    }
}
