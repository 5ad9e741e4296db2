//! `WordSet`: a set of words (stem exceptions, stopwords, noun stems) that answers "no" to most
//! words without hashing them.
//!
//! Most words the analyser asks about are in none of its lists, and it asks several times a word
//! (the stemmer checks its exceptions after each step). A bit table indexed by a cheap mix of a
//! word's byte length and its first and last two bytes rules most of them out; only a word whose
//! bit is set is looked up in the hash set.
//!
//! A set an index stores (its stopwords, noun stems and stem exceptions) is stored as its bit
//! table and an FST of its words (as Tantivy keeps its term dictionaries), read as they are:
//! loading it costs nothing per word.

use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

use tantivy_fst::Map;

/// Bits of the table per word of the set (its fill stays under about one in eight).
const BITS_PER_WORD: usize = 16;

/// Fewest bits of the table.
const MIN_BITS: usize = 1 << 12;

/// A set of words with a bit table in front.
#[derive(Debug, Clone)]
pub struct WordSet {
    words: Words,
    /// One bit per slot; a slot is set when a word of the set falls in it.
    table: Vec<u64>,
    /// Right shift that turns the mixed key into a slot.
    shift: u32,
}

/// The words behind the bit table.
#[derive(Clone)]
enum Words {
    Hashed(HashSet<String>),
    /// The words as the keys of an FST (their values unused).
    Fst(Arc<Map<Vec<u8>>>),
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Words::Hashed(words) => f.debug_tuple("Hashed").field(&words.len()).finish(),
            Words::Fst(map) => f.debug_tuple("Fst").field(&map.len()).finish(),
        }
    }
}

impl Words {
    fn len(&self) -> usize {
        match self {
            Words::Hashed(words) => words.len(),
            Words::Fst(map) => map.len(),
        }
    }

    fn contains(&self, word: &str) -> bool {
        match self {
            Words::Hashed(words) => words.contains(word),
            Words::Fst(map) => map.contains_key(word),
        }
    }

    /// The words, sorted.
    fn sorted(&self) -> Vec<String> {
        match self {
            Words::Hashed(words) => {
                let mut words: Vec<String> = words.iter().cloned().collect();
                words.sort_unstable();
                words
            }
            Words::Fst(map) => {
                let mut words = Vec::with_capacity(map.len());
                let mut keys = map.keys();
                while let Some(key) = tantivy_fst::Streamer::next(&mut keys) {
                    words.push(String::from_utf8_lossy(key).into_owned());
                }
                words
            }
        }
    }
}

impl Default for WordSet {
    fn default() -> WordSet {
        WordSet::new(std::iter::empty::<String>())
    }
}

impl WordSet {
    /// The set of `words`.
    pub fn new(words: impl IntoIterator<Item = String>) -> WordSet {
        WordSet::with(words.into_iter().collect())
    }

    /// The set as [`WordSet::stored`] wrote it; `None` when `bytes` are not in that form. Only
    /// the form is checked: bytes damaged inside are the caller's to detect.
    pub fn from_stored(mut bytes: Vec<u8>) -> Option<WordSet> {
        let words = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        let end = words.checked_mul(8)?.checked_add(4)?;
        if !(words * 64).is_power_of_two() || words * 64 < MIN_BITS {
            return None;
        }
        let table: Vec<u64> = bytes
            .get(4..end)?
            .chunks_exact(8)
            .map(|word| u64::from_le_bytes(word.try_into().unwrap_or_default()))
            .collect();
        bytes.drain(..end);
        let map = Map::from_bytes(bytes).ok()?;
        Some(WordSet {
            words: Words::Fst(Arc::new(map)),
            shift: 64 - (table.len() * 64).trailing_zeros(),
            table,
        })
    }

    /// The set as an index stores it, read back by [`WordSet::from_stored`] at no cost per word:
    /// its bit table, then its words as an FST.
    pub fn stored(&self) -> Vec<u8> {
        let mut out = (self.table.len() as u32).to_le_bytes().to_vec();
        for word in &self.table {
            out.extend(word.to_le_bytes());
        }
        out.extend(self.fst());
        out
    }

    /// The words as an FST.
    fn fst(&self) -> Vec<u8> {
        if let Words::Fst(map) = &self.words {
            return map.as_fst().to_vec();
        }
        let mut words = self.words.sorted();
        words.dedup();
        Map::from_iter(words.into_iter().map(|w| (w, 0)))
            .expect("sorted distinct keys make an FST")
            .as_fst()
            .to_vec()
    }

    /// The set of `words`, with its bit table.
    fn with(words: HashSet<String>) -> WordSet {
        let bits = (words.len() * BITS_PER_WORD)
            .next_power_of_two()
            .max(MIN_BITS);
        let shift = 64 - bits.trailing_zeros();
        let mut table = vec![0u64; bits / 64];
        for word in &words {
            let slot = slot(word, shift);
            table[slot / 64] |= 1 << (slot % 64);
        }
        WordSet {
            words: Words::Hashed(words),
            table,
            shift,
        }
    }

    #[inline]
    fn slot(&self, word: &str) -> usize {
        slot(word, self.shift)
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
        self.words.len() == 0
    }
}

/// The slot of `word` in a table of 2^(64 − `shift`) bits: a cheap mix of its byte length and
/// its first and last two bytes.
#[inline]
fn slot(word: &str, shift: u32) -> usize {
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
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
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

        // The same words stored and read back answer the same.
        let bytes = set.stored();
        let stored = WordSet::from_stored(bytes.clone()).unwrap();
        assert!(matches!(stored.words, Words::Fst(_)));
        assert_eq!(stored.len(), set.len());
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["", "a", "ب", "xyz"])
        {
            assert_eq!(stored.contains(w), set.contains(w), "{w}");
        }
        assert_eq!(stored.stored(), bytes);
        assert_eq!(stored.words.sorted(), set.words.sorted());
    }

    #[test]
    fn bytes_not_in_the_stored_form_are_refused() {
        assert!(WordSet::from_stored(Vec::new()).is_none());
        assert!(WordSet::from_stored("ا\nب\n".as_bytes().to_vec()).is_none());
        let good = WordSet::new(["ا".to_string(), "ب".to_string()]).stored();
        for cut in [3, 4, 100, good.len() - 20] {
            assert!(
                WordSet::from_stored(good[..cut].to_vec()).is_none(),
                "{cut}"
            );
        }
        let empty = WordSet::from_stored(WordSet::default().stored()).unwrap();
        assert!(empty.is_empty() && !empty.contains(""));
    }
}
