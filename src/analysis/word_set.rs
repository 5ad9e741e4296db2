//! `WordSet`: a set of words (stem exceptions, stopwords, noun stems) that answers "no" to most
//! words without hashing them.
//!
//! Most words the analyser asks about are in none of its lists, and it asks several times a word
//! (the stemmer checks its exceptions after each step). A bit table indexed by a cheap mix of a
//! word's byte length and its first and last two bytes rules most of them out; only a word whose
//! bit is set is looked up in the hash set.

use rustc_hash::FxHashSet as HashSet;

/// Bits of the table per word of the set (its fill stays under about one in eight).
const BITS_PER_WORD: usize = 16;

/// Fewest bits of the table.
const MIN_BITS: usize = 1 << 12;

/// A set of words with a bit table in front.
#[derive(Debug, Clone)]
pub struct WordSet {
    words: HashSet<String>,
    /// One bit per slot; a slot is set when a word of the set falls in it.
    table: Vec<u64>,
    /// Right shift that turns the mixed key into a slot.
    shift: u32,
}

impl Default for WordSet {
    fn default() -> WordSet {
        WordSet::new(std::iter::empty::<String>())
    }
}

impl WordSet {
    /// The set of `words`.
    pub fn new(words: impl IntoIterator<Item = String>) -> WordSet {
        let words: HashSet<String> = words.into_iter().collect();
        let bits = (words.len() * BITS_PER_WORD)
            .next_power_of_two()
            .max(MIN_BITS);
        let mut set = WordSet {
            words,
            table: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        };
        let slots: Vec<usize> = set.words.iter().map(|w| set.slot(w)).collect();
        for slot in slots {
            set.table[slot / 64] |= 1 << (slot % 64);
        }
        set
    }

    #[inline]
    fn slot(&self, word: &str) -> usize {
        let b = word.as_bytes();
        let n = b.len();
        let key = match n {
            0 => 0,
            1 => u64::from(b[0]) << 8,
            _ => {
                u64::from(b[0]) << 8
                    | u64::from(b[1]) << 16
                    | u64::from(b[n - 2]) << 24
                    | u64::from(b[n - 1]) << 32
            }
        } | n as u64;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Whether `word` is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let slot = self.slot(word);
        self.table[slot / 64] & (1 << (slot % 64)) != 0 && self.words.contains(word)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the set has no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, in no order.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.words.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_hash_set_does() {
        let list = include_str!("../../index-config/nouns.txt");
        let words: Vec<String> = list
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.trim().to_string())
            .collect();
        let (inside, outside) = words.split_at(words.len() / 2);
        let set = WordSet::new(inside.iter().cloned());
        let plain: HashSet<&str> = inside.iter().map(String::as_str).collect();
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["", "a", "ب", "xyz"])
        {
            assert_eq!(set.contains(w), plain.contains(w), "{w}");
        }
        assert!(outside.iter().any(|w| !set.contains(w)));
        assert!(WordSet::default().is_empty());
        assert!(!WordSet::default().contains("في"));
    }
}
