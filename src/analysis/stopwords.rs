//! `StopWords`: the set of particles, prepositions and pronouns that are not indexed.
//!
//! Words are matched on the *early* normal form (presentation forms, diacritics, tatweel,
//! invisible characters and alef folded; see `pipeline.rs`), before the lossy folds ى → ي and
//! ة → ه: so a vowelled فِي or a stretched عـلى is removed, while the name علي (Ali) is kept
//! although على is a stopword. The list itself goes through the same early normalisation.
//!
//! The conjunction و written onto a stopword makes a stopword too (وعلى, وماذا, وأيضا), when at
//! least two letters follow it, so the list need not spell out every و-form; وعلي (and Ali)
//! stays a word. Only و: with ف the rule would take فهم (understanding) for ف + هم.

use super::word_set::WordSet;

/// A set of stopwords in early normal form.
#[derive(Default)]
pub struct StopWords {
    words: WordSet,
    /// Bytes of the longest stopword: a longer word (less a leading و) is none, unlooked-up
    /// (unknown for a stored set read back).
    longest: Option<usize>,
}

impl StopWords {
    /// Reads a list (one word per line, `#` starts a comment), normalising each entry with `early`.
    pub fn parse(list: &str, early: impl Fn(&str) -> String) -> StopWords {
        let words = list
            .lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|word| !word.is_empty())
            .map(early)
            .collect::<Vec<String>>();
        let longest = words.iter().map(String::len).max().unwrap_or(0);
        let words = WordSet::new(words);
        StopWords {
            words,
            longest: Some(longest),
        }
    }

    /// The set as [`StopWords::stored`] wrote it; `None` when `bytes` are not in that form.
    pub fn from_stored(bytes: Vec<u8>) -> Option<StopWords> {
        Some(StopWords {
            words: WordSet::from_stored(bytes)?,
            longest: None,
        })
    }

    /// The stopwords as an index stores them ([`WordSet::stored`]).
    pub fn stored(&self) -> Vec<u8> {
        self.words.stored()
    }

    /// Whether `word`, in early normal form, is a stopword.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        if self
            .longest
            .is_some_and(|longest| word.len() > longest + 'و'.len_utf8())
        {
            return false;
        }
        self.words.contains(word)
            || word
                .strip_prefix('و')
                .is_some_and(|rest| rest.chars().nth(1).is_some() && self.words.contains(rest))
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
    fn a_stored_set_read_back_answers_alike() {
        let stop = StopWords::parse("على\nماذا\nفي\nب", |w| w.to_string());
        let stored = StopWords::from_stored(stop.stored()).unwrap();
        assert_eq!(stored.len(), 4);
        for w in [
            "على",
            "وعلى",
            "علي",
            "وعلي",
            "ماذا",
            "وماذا",
            "في",
            "ب",
            "وب",
            "كتاب",
            "",
        ] {
            assert_eq!(stored.contains(w), stop.contains(w), "{w}");
        }
        assert!(StopWords::from_stored(b"\n".to_vec()).is_none());
    }

    #[test]
    fn conjunction_waw_on_a_stopword() {
        let stop = StopWords::parse("على\nماذا\nو\nب", |w| w.to_string());
        // و + stopword
        assert!(stop.contains("وعلى"));
        assert!(stop.contains("وماذا"));
        // و + the name Ali is a word
        assert!(!stop.contains("وعلي"));
        // و + a one-letter stopword is not taken as a particle
        assert!(!stop.contains("وب"));
        // ف is not a stripped conjunction
        assert!(!stop.contains("فعلى"));
    }

    #[test]
    fn entries_are_normalised_like_tokens() {
        let stop = StopWords::parse("إلى", |w| w.replace('إ', "ا"));
        assert!(stop.contains("الى"));
    }
}
