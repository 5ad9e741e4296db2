//! Unstemmed forms: a word's normal form, indexed beside its stem under a mark so the two never meet.
//!
//! A stem gathers a word's relatives (الفلسطينيين, فلسطينية and فلسطين all give فلسطين), which is
//! what lets a query find other inflections, but it also makes a rare word as common as its whole
//! family. So when stemming changed a word, the analyser also indexes its normal form, marked
//! (`=الفلسطينيين`), at the same position and with the same offsets. A query asks for the stem
//! and, with a small boost, for the marked form: a paragraph holding the word as the user typed it
//! (in any spelling the folds bring together) ranks above one holding only a relative.
//! `docs/quality.md` has the measurements behind the boost.

/// The first character of an unstemmed term. The tokenizer never keeps it inside a word.
pub const MARK: char = '=';

/// Writes the unstemmed term of the normal form `normalized` into `out`.
pub fn write_term(normalized: &str, out: &mut String) {
    out.clear();
    push_term(normalized, out);
}

/// Appends the unstemmed term of the normal form `normalized` to `out`.
pub fn push_term(normalized: &str, out: &mut String) {
    out.push(MARK);
    out.push_str(normalized);
}

/// The unstemmed term of the normal form `normalized`.
pub fn term(normalized: &str) -> String {
    let mut out = String::with_capacity(normalized.len() + 1);
    write_term(normalized, &mut out);
    out
}

/// Whether an indexed term is an unstemmed form rather than a stem.
pub fn is_unstemmed(term: &str) -> bool {
    term.starts_with(MARK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::words;

    #[test]
    fn the_mark_cannot_come_from_a_word() {
        assert_eq!(words("a=b ب=ت =الفلسطينيين").count(), 5);
        for range in words("a=b ب=ت =الفلسطينيين") {
            assert!(!"a=b ب=ت =الفلسطينيين"[range].contains(MARK));
        }
    }

    #[test]
    fn marked_terms_are_told_apart_from_stems() {
        assert_eq!(term("الفلسطينيين"), "=الفلسطينيين");
        assert!(is_unstemmed(&term("الفلسطينيين")));
        assert!(!is_unstemmed("فلسطين"));
    }
}
