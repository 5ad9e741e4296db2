//! `StopWords`: the set of particles, prepositions and pronouns that are not indexed.
//!
//! Words are matched on the *early* normal form (presentation forms, diacritics, tatweel,
//! invisible characters and alef folded; see `pipeline.rs`), before the lossy folds ى → ي and
//! ة → ه: so a vowelled فِي or a stretched عـلى is removed, while the name علي (Ali) is kept
//! although على is a stopword. The list itself goes through the same early normalisation.

use std::collections::HashSet;

/// A set of stopwords in early normal form.
#[derive(Default)]
pub struct StopWords {
    words: HashSet<String>,
}

impl StopWords {
    /// Reads a list (one word per line, `#` starts a comment), normalising each entry with `early`.
    pub fn parse(list: &str, early: impl Fn(&str) -> String) -> StopWords {
        let words = list
            .lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|word| !word.is_empty())
            .map(early)
            .collect();
        StopWords { words }
    }

    /// Whether `word`, in early normal form, is a stopword.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        !self.words.is_empty() && word.len() <= 24 && self.words.contains(word)
    }

    /// Number of distinct stopwords.
    pub fn len(&self) -> usize {
        self.words.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comments_and_blank_lines() {
        let stop = StopWords::parse("# particles\nفي\n\nعلى  # preposition\n", |w| {
            w.to_string()
        });
        assert_eq!(stop.len(), 2);
        assert!(stop.contains("في"));
        assert!(stop.contains("على"));
        assert!(!stop.contains("علي"));
    }

    #[test]
    fn entries_are_normalised_like_tokens() {
        let stop = StopWords::parse("إلى", |w| w.replace('إ', "ا"));
        assert!(stop.contains("الى"));
    }
}
