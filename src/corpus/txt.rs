//! Reading one article from a `.txt` file: an optional title line, then one paragraph per line.
//!
//! If the first line is followed by an empty line it is the title; every other non-empty line
//! is a paragraph (a line of only punctuation such as `-----` still counts, so paragraph
//! numbers match the file).

use super::Article;

/// Parses the text of a `.txt` article. `id` and `path` are the path relative to the corpus.
pub fn parse(text: &str, id: &str) -> Article {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches(['\r', ' ', '\t']))
        .collect();
    let has_title = lines.len() >= 2 && !lines[0].trim().is_empty() && lines[1].trim().is_empty();
    let body = if has_title { &lines[2..] } else { &lines[..] };
    Article {
        id: id.to_string(),
        path: id.to_string(),
        title: has_title.then(|| lines[0].trim().to_string()),
        paragraphs: body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_string())
            .collect(),
        ..Article::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_then_paragraphs() {
        let a = parse(
            "العنوان\n\nالفقرة الأولى\n\n-----\nالفقرة الثالثة\r\n",
            "x/a.txt",
        );
        assert_eq!(a.title.as_deref(), Some("العنوان"));
        assert_eq!(a.paragraphs, ["الفقرة الأولى", "-----", "الفقرة الثالثة"]);
        assert_eq!(a.id, "x/a.txt");
    }

    #[test]
    fn no_title_when_second_line_is_text() {
        let a = parse("الفقرة الأولى\nالفقرة الثانية", "a.txt");
        assert_eq!(a.title, None);
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn empty_file_has_no_paragraphs() {
        assert!(parse("", "a.txt").paragraphs.is_empty());
        assert!(parse("\n\n\n", "a.txt").paragraphs.is_empty());
    }

    proptest::proptest! {
        // Any text: paragraphs are the trimmed non-empty lines, less the title.
        #[test]
        fn paragraphs_are_the_non_empty_lines(text in r"[ \t\r\nأ-ي\-]{0,120}") {
            let a = parse(&text, "a.txt");
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
            let title = usize::from(a.title.is_some());
            proptest::prop_assert_eq!(a.paragraphs.len() + title, lines);
            proptest::prop_assert!(a.paragraphs.iter().all(|p| !p.is_empty() && p.trim() == p));
        }
    }
}
