//! `CharFold`, the one-character normalisation step, and `FoldChain`, several folds applied in one pass.
//!
//! Each fold (`alef.rs`, `diacritics.rs`, …) is a small type whose rules are one `match`.
//! A [`FoldChain`] composes the enabled folds in order and precomputes their effect on the
//! Arabic block U+0600–U+06FF, so a token is folded in a single pass whatever the number of folds.

/// One character-level normalisation: `None` deletes the character, `Some(c)` keeps or replaces it.
pub trait CharFold: Send + Sync {
    /// Name of the switch in `analyzer.toml` (for messages and docs).
    fn name(&self) -> &'static str;
    /// The fold of one character.
    fn fold(&self, c: char) -> Option<char>;
}

const BLOCK_START: u32 = 0x0600;
const BLOCK_LEN: usize = 0x100;
/// Marker in the table for a deleted character.
const DELETED: char = '\u{FFFF}';

/// Several [`CharFold`]s applied one after the other, in one pass over a string.
pub struct FoldChain {
    folds: Vec<Box<dyn CharFold>>,
    arabic_block: Vec<char>,
}

impl FoldChain {
    /// Composes `folds` in the given order.
    pub fn new(folds: Vec<Box<dyn CharFold>>) -> FoldChain {
        let mut chain = FoldChain {
            folds,
            arabic_block: Vec::new(),
        };
        chain.arabic_block = (0..BLOCK_LEN as u32)
            .map(|i| {
                let c =
                    char::from_u32(BLOCK_START + i).expect("the Arabic block is all scalar values");
                chain.fold_slow(c).unwrap_or(DELETED)
            })
            .collect();
        chain
    }

    /// The names of the folds, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.folds.iter().map(|f| f.name()).collect()
    }

    fn fold_slow(&self, c: char) -> Option<char> {
        self.folds.iter().try_fold(c, |c, fold| fold.fold(c))
    }

    /// The fold of one character through every fold of the chain.
    #[inline]
    pub fn fold_char(&self, c: char) -> Option<char> {
        if c.is_ascii() {
            return self.fold_slow_ascii(c);
        }
        let offset = (c as u32).wrapping_sub(BLOCK_START) as usize;
        if offset < BLOCK_LEN {
            let folded = self.arabic_block[offset];
            return (folded != DELETED).then_some(folded);
        }
        self.fold_slow(c)
    }

    #[inline]
    fn fold_slow_ascii(&self, c: char) -> Option<char> {
        // No fold touches ASCII but for lower-casing, which is done on the whole token.
        Some(c)
    }

    /// Whether folding would change `text`.
    pub fn changes(&self, text: &str) -> bool {
        !text.is_ascii() && text.chars().any(|c| self.fold_char(c) != Some(c))
    }

    /// Folds `text` into `out` (cleared first). Unchanged text is copied whole.
    pub fn fold_into(&self, text: &str, out: &mut String) {
        out.clear();
        let first_change = text
            .char_indices()
            .find(|&(_, c)| !c.is_ascii() && self.fold_char(c) != Some(c));
        let Some((at, _)) = first_change else {
            out.push_str(text);
            return;
        };
        out.push_str(&text[..at]);
        out.extend(text[at..].chars().filter_map(|c| self.fold_char(c)));
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::CharFold;

    /// Runs labelled `(input, expected)` vectors through one fold, character by character.
    pub fn check(fold: &dyn CharFold, cases: &[(&str, &str, &str)]) {
        for (label, input, expected) in cases {
            let got: String = input.chars().filter_map(|c| fold.fold(c)).collect();
            assert_eq!(&got, expected, "{}: {label}: {input:?}", fold.name());
            let again: String = got.chars().filter_map(|c| fold.fold(c)).collect();
            assert_eq!(
                again,
                got,
                "{}: {label}: folding twice changes {input:?}",
                fold.name()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{alef::Alef, diacritics::Diacritics, digits::Digits};

    #[test]
    fn chain_applies_folds_in_order_in_one_pass() {
        let chain = FoldChain::new(vec![Box::new(Diacritics), Box::new(Alef), Box::new(Digits)]);
        let mut out = String::new();
        chain.fold_into("إِسْتِرَاتِيجِيَّة ٢٠٢٤ Abc", &mut out);
        assert_eq!(out, "استراتيجية 2024 Abc");
        assert!(chain.changes("أ"));
        assert!(!chain.changes("ا"));
        assert_eq!(chain.names(), ["diacritics", "alef", "digits"]);
    }
}
