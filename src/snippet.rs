//! The passage shown for a hit: the best window around the densest cluster of matched words,
//! cut at word boundaries, with highlights on the original text.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::{self, Buffers, Pipeline};

/// A passage and its highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Highlighted ranges, in Unicode scalar (char) offsets into `text`.
    pub highlights: Vec<Range<usize>>,
    /// Highlighted ranges in byte offsets into `text`.
    pub byte_highlights: Vec<Range<usize>>,
}

/// Byte ranges of the words of `text` whose term, or alternative term, is in `terms`.
pub fn matches(pipeline: &Pipeline, text: &str, terms: &HashSet<String>) -> Vec<Range<usize>> {
    let mut buf = Buffers::default();
    analysis::words(text)
        .filter(|range| pipeline.matches(&text[range.clone()], &mut buf, |t| terms.contains(t)))
        .collect()
}

/// The passage of at most about `max_chars` characters of `text` that holds the most matches.
pub fn snippet(
    pipeline: &Pipeline,
    text: &str,
    terms: &HashSet<String>,
    max_chars: usize,
) -> Snippet {
    around(text, &matches(pipeline, text, terms), max_chars)
}

/// The passage of at most about `max_chars` characters of `text` that holds the most of the
/// given matches (byte ranges, in order).
pub fn around(text: &str, found: &[Range<usize>], max_chars: usize) -> Snippet {
    let total_chars = text.chars().count();
    let (start, end) = if total_chars <= max_chars + max_chars / 5 {
        (0, text.len())
    } else {
        window(text, found, max_chars)
    };
    let mut out = String::new();
    let mut shift_bytes = start as isize;
    if start > 0 {
        out.push('…');
        shift_bytes -= '…'.len_utf8() as isize;
    }
    out.push_str(&text[start..end]);
    if end < text.len() {
        out.push('…');
    }
    let byte_highlights: Vec<Range<usize>> = found
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| (r.start as isize - shift_bytes) as usize..(r.end as isize - shift_bytes) as usize)
        .collect();
    let highlights = byte_highlights
        .iter()
        .map(|r| out[..r.start].chars().count()..out[..r.end].chars().count())
        .collect();
    Snippet {
        text: out,
        highlights,
        byte_highlights,
    }
}

/// Byte range of the window: the stretch of `max_chars` characters with the most matches, widened
/// to word boundaries.
fn window(text: &str, found: &[Range<usize>], max_chars: usize) -> (usize, usize) {
    let char_at: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let to_char = |byte: usize| char_at.partition_point(|&b| b < byte);
    let (mut best_first, mut best_count) = (0usize, 0usize);
    for (i, m) in found.iter().enumerate() {
        let limit = to_char(m.start) + max_chars;
        let count = found[i..]
            .iter()
            .take_while(|n| to_char(n.end) <= limit)
            .count();
        if count > best_count {
            best_count = count;
            best_first = i;
        }
    }
    let (first_char, last_char) = match found.get(best_first) {
        Some(first) => {
            let last = &found[best_first + best_count.max(1) - 1];
            (to_char(first.start), to_char(last.end))
        }
        None => (0, 0),
    };
    let spare = max_chars.saturating_sub(last_char - first_char);
    let start_char = first_char.saturating_sub(spare / 3);
    let end_char = (start_char + max_chars).min(char_at.len() - 1);
    let mut start = char_at[start_char];
    let mut end = char_at[end_char];
    if start > 0 {
        // Start after the nearest space before `start`, so no word is cut.
        start = text[..start].rfind(char::is_whitespace).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    }
    if end < text.len() {
        end = text[end..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| end + i);
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalyzerSettings;

    fn pipeline() -> Pipeline {
        Pipeline::new(&AnalyzerSettings::default(), "في\nمن", "")
    }

    fn terms(words: &[&str]) -> HashSet<String> {
        let p = pipeline();
        words
            .iter()
            .flat_map(|w| analysis::analyze(&p, w))
            .filter_map(|t| t.term)
            .collect()
    }

    #[test]
    fn short_paragraph_is_whole_and_highlights_original_characters() {
        let p = pipeline();
        let text = "قال مُحَمَّدٌ إن الإستراتيجية ناجحة";
        let s = snippet(&p, text, &terms(&["محمد", "استراتيجيه"]), 200);
        assert_eq!(s.text, text);
        let marked: Vec<String> = s
            .highlights
            .iter()
            .map(|r| s.text.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(marked, ["مُحَمَّدٌ", "الإستراتيجية"]);
    }

    #[test]
    fn long_paragraph_is_cut_at_word_boundaries_around_the_matches() {
        let p = pipeline();
        let filler = "كلام عادي ".repeat(60);
        let text = format!("{filler}وزير الخارجية الروسي سيرغي لافروف {filler}");
        let s = snippet(&p, &text, &terms(&["لافروف"]), 100);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= 130, "{}", s.text.chars().count());
        let marked: String = s
            .text
            .chars()
            .skip(s.highlights[0].start)
            .take(s.highlights[0].len())
            .collect();
        assert_eq!(marked, "لافروف");
        assert!(!s.text.contains("  "));
        assert_eq!(&s.text[s.byte_highlights[0].clone()], "لافروف");
    }
}
