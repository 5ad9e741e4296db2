//! `WordSet`: a set of words (stem exceptions, stopwords, noun stems) that answers "no" to most
//! words without hashing them.
//!
//! Most words the analyser asks about are in none of its lists, and it asks several times a word
//! (the stemmer checks its exceptions after each step). A bit table indexed by a cheap mix of a
//! word's byte length and its first and last two bytes rules most of them out; only a word whose
//! bit is set is looked up in the hash set.
//!
//! A list already sorted, one word a line (the noun stems an index stores), is kept as it is
//! read: its words are looked up by binary search over the line starts, with no bit table, so
//! loading it costs no allocation or hashing per word.

use rustc_hash::FxHashSet as HashSet;

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
#[derive(Debug, Clone)]
enum Words {
    Hashed(HashSet<String>),
    /// Sorted distinct words, one a line, and where each line starts (plus the end). The bytes
    /// are compared as they are; a line that is not UTF-8 is listed as U+FFFD.
    Sorted {
        text: Vec<u8>,
        starts: Vec<u32>,
    },
}

impl Words {
    fn len(&self) -> usize {
        match self {
            Words::Hashed(words) => words.len(),
            Words::Sorted { starts, .. } => starts.len() - 1,
        }
    }

    /// Word `i` of a sorted list.
    fn line<'a>(text: &'a [u8], starts: &[u32], i: usize) -> &'a [u8] {
        &text[starts[i] as usize..starts[i + 1] as usize - 1]
    }

    fn contains(&self, word: &str) -> bool {
        match self {
            Words::Hashed(words) => words.contains(word),
            Words::Sorted { text, starts } => {
                let (mut lo, mut hi) = (0, starts.len() - 1);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    match Words::line(text, starts, mid).cmp(word.as_bytes()) {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => return true,
                    }
                }
                false
            }
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match self {
            Words::Hashed(words) => Box::new(words.iter().map(String::as_str)),
            Words::Sorted { text, starts } => {
                Box::new((0..starts.len() - 1).map(|i| {
                    std::str::from_utf8(Words::line(text, starts, i)).unwrap_or("\u{FFFD}")
                }))
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

    /// The set of the lines of `text`, kept as they are when they are sorted and distinct, as
    /// [`WordSet::sorted_lines`] writes them (each line ends with `\n`); otherwise hashed.
    pub fn from_sorted_lines(text: Vec<u8>) -> WordSet {
        if !(text.is_empty() || text.ends_with(b"\n")) || u32::try_from(text.len()).is_err() {
            return WordSet::new(String::from_utf8_lossy(&text).lines().map(String::from));
        }
        let bytes = &text[..];
        let mut starts: Vec<u32> = Vec::with_capacity(text.len() / 8);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|end| end as u32 + 1));
        let sorted = starts.windows(3).all(|w| {
            let (a, b) = (w[0] as usize, w[1] as usize);
            bytes[a..b - 1] < bytes[b..w[2] as usize - 1]
        });
        if !sorted {
            return WordSet::new(String::from_utf8_lossy(&text).lines().map(String::from));
        }
        WordSet::with(Words::Sorted { text, starts })
    }

    /// The words sorted, one a line, each line ending with `\n`.
    pub fn sorted_lines(&self) -> String {
        let mut words: Vec<&str> = self.iter().collect();
        words.sort_unstable();
        words.iter().map(|w| format!("{w}\n")).collect()
    }

    fn with(words: Words) -> WordSet {
        if let Words::Sorted { .. } = words {
            // Read by a search, which asks about few words: the table is left full (every word
            // goes to the binary search) rather than built.
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
        self.words.len() == 0
    }

    /// The words, in no order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
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

        // The same words kept as sorted lines answer the same.
        let lines = set.sorted_lines();
        let sorted = WordSet::from_sorted_lines(lines.clone().into_bytes());
        assert!(matches!(sorted.words, Words::Sorted { .. }));
        assert_eq!(sorted.len(), set.len());
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["", "a", "ب", "xyz"])
        {
            assert_eq!(sorted.contains(w), set.contains(w), "{w}");
        }
        assert_eq!(sorted.sorted_lines(), lines);
    }

    #[test]
    fn lines_out_of_order_are_hashed_and_answer_alike() {
        for text in ["ب\nا\n", "ا\nا\n", "ا\nب", ""] {
            let set = WordSet::from_sorted_lines(text.as_bytes().to_vec());
            for w in ["ا", "ب", "ج", ""] {
                assert_eq!(
                    set.contains(w),
                    text.lines().any(|l| l == w),
                    "{text:?} {w}"
                );
            }
        }
        let sorted = WordSet::from_sorted_lines("ا\nب\n".as_bytes().to_vec());
        assert!(matches!(sorted.words, Words::Sorted { .. }));
        assert!(sorted.contains("ب") && !sorted.contains("ج"));
    }
}
