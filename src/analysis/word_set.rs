//! `WordSet`: a set of words (stem exceptions, stopwords, noun stems) that answers "no" to most
//! words without hashing them.
//!
//! Most words the analyser asks about are in none of its lists, and it asks several times a word
//! (the stemmer checks its exceptions after each step). A bit table indexed by a cheap mix of a
//! word's byte length and its first and last two bytes rules most of them out; only a word whose
//! bit is set is looked up in the hash set.
//!
//! A set an index stores (its noun stems and stem exceptions) is kept as an FST, as Tantivy keeps
//! its term dictionaries: it is read as it is, with no bit table, so loading it costs nothing
//! per word.

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
        WordSet::with(Words::Hashed(words.into_iter().collect()))
    }

    /// The set stored as [`WordSet::fst`] wrote it; `None` when `bytes` are no FST. Only the
    /// FST's header is checked: bytes damaged inside are the caller's to detect.
    pub fn from_fst(bytes: Vec<u8>) -> Option<WordSet> {
        Map::from_bytes(bytes)
            .ok()
            .map(|map| WordSet::with(Words::Fst(Arc::new(map))))
    }

    /// The words as an FST, to be read back by [`WordSet::from_fst`].
    pub fn fst(&self) -> Vec<u8> {
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

    fn with(words: Words) -> WordSet {
        if let Words::Fst(_) = words {
            // Read by a search, which asks about few words: the table is left full (every word
            // goes to the FST) rather than built.
            return WordSet {
                words,
                table: vec![!0; MIN_BITS / 64],
                shift: 64 - MIN_BITS.trailing_zeros(),
            };
        }
        let bits = (words.len() * BITS_PER_WORD)
            .next_power_of_two()
            .max(MIN_BITS);
        let mut set = WordSet {
            words,
            table: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        };
        let slots: Vec<usize> = match &set.words {
            Words::Hashed(words) => words.iter().map(|w| set.slot(w)).collect(),
            Words::Fst(_) => Vec::new(),
        };
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
        self.words.len() == 0
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

        // The same words kept as an FST answer the same.
        let fst = set.fst();
        let stored = WordSet::from_fst(fst.clone()).unwrap();
        assert!(matches!(stored.words, Words::Fst(_)));
        assert_eq!(stored.len(), set.len());
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["", "a", "ب", "xyz"])
        {
            assert_eq!(stored.contains(w), set.contains(w), "{w}");
        }
        assert_eq!(stored.fst(), fst);
        assert_eq!(stored.words.sorted(), set.words.sorted());
    }

    #[test]
    fn bytes_that_are_no_fst_are_refused() {
        assert!(WordSet::from_fst(Vec::new()).is_none());
        assert!(WordSet::from_fst("ا\nب\n".as_bytes().to_vec()).is_none());
        let empty = WordSet::from_fst(WordSet::default().fst()).unwrap();
        assert!(empty.is_empty() && !empty.contains(""));
    }
}
