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
    /// One bit per character of the Arabic block: set when the chain changes it.
    changing: [u64; BLOCK_LEN / 64],
}

impl FoldChain {
    /// Composes `folds` in the given order.
    pub fn new(folds: Vec<Box<dyn CharFold>>) -> FoldChain {
        let mut chain = FoldChain {
            folds,
            arabic_block: Vec::new(),
            changing: [0; BLOCK_LEN / 64],
        };
        chain.arabic_block = (0..BLOCK_LEN as u32)
            .map(|i| {
                let c =
                    char::from_u32(BLOCK_START + i).expect("the Arabic block is all scalar values");
                chain.fold_slow(c).unwrap_or(DELETED)
            })
            .collect();
        for (offset, &folded) in chain.arabic_block.iter().enumerate() {
            if char::from_u32(BLOCK_START + offset as u32) != Some(folded) {
                chain.changing[offset / 64] |= 1 << (offset % 64);
            }
        }
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

    /// Folds `text` into `out` (cleared first). Unchanged text is copied whole.
    pub fn fold_into(&self, text: &str, out: &mut String) {
        if !self.fold_changed(text, out) {
            out.clear();
            out.push_str(text);
        }
    }

    /// Folds `text` into `out` (cleared first) when folding changes it, and says whether it did;
    /// `out` is left as it was when nothing changes.
    pub fn fold_changed(&self, text: &str, out: &mut String) -> bool {
        let Some(at) = self.first_change(text) else {
            return false;
        };
        out.clear();
        out.push_str(&text[..at]);
        let bytes = text.as_bytes();
        let mut i = at;
        while i < bytes.len() {
            let b = bytes[i];
            if (0xD8..=0xDB).contains(&b) && i + 1 < bytes.len() {
                let offset = (usize::from(b & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F);
                let folded = self.arabic_block[offset];
                if folded != DELETED {
                    out.push(folded);
                }
                i += 2;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if let Some(folded) = self.fold_char(c) {
                out.push(folded);
            }
            i += c.len_utf8();
        }
        true
    }

    /// Byte offset of the first character folding changes.
    #[inline]
    fn first_change(&self, text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                continue;
            }
            // The Arabic block, U+0600–U+06FF, is two bytes: a lead byte D8–DB.
            if (0xD8..=0xDB).contains(&b) && i + 1 < bytes.len() {
                let offset = (usize::from(b & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F);
                if self.changing[offset / 64] & (1 << (offset % 64)) != 0 {
                    return Some(i);
                }
                i += 2;
                continue;
            }
            let c = text[i..].chars().next()?;
            if self.fold_char(c) != Some(c) {
                return Some(i);
            }
            i += c.len_utf8();
        }
        None
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
        assert!(chain.fold_changed("أ", &mut out));
        assert_eq!(out, "ا");
        assert!(!chain.fold_changed("ا", &mut out));
        assert_eq!(out, "ا");
        assert!(chain.fold_changed("٢أَ", &mut out));
        assert_eq!(out, "2ا");
        assert_eq!(chain.names(), ["diacritics", "alef", "digits"]);
    }
}
