//! The backend-neutral plan of a search: the query's analysed word groups, the exclusions, the
//! filters and how the words combine. The service makes it; each backend turns it into its own
//! query.

use chrono::NaiveDate;

pub use crate::query::Scope;

/// One analysed word of a query item.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Its position in the item (a phrase keeps the gaps stopwords leave).
    pub position: usize,
    /// The indexed term (the stem).
    pub stem: String,
    /// A second stem at the same place that counts as the same word (بقطار: قطار, read off a
    /// bare preposition): a paragraph may hold either.
    pub alternative: Option<String>,
    /// The unstemmed term, when stemming changed the word and unstemmed forms are indexed: a
    /// lift for the word as typed.
    pub unstemmed: Option<String>,
}

/// A word, or words that must stand adjacent in this order (a phrase).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub words: Vec<Word>,
    pub scope: Scope,
}

/// How the groups of a plan combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A paragraph must match every group.
    AllGroups,
    /// A paragraph must match at least one group.
    AnyGroup,
}

/// What a paragraph must carry, besides its words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// ISO codes: any of them.
    pub countries: Vec<String>,
    /// Person names as stored: any of them.
    pub persons: Vec<String>,
    /// Sources: any of them.
    pub sources: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Filters {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// A date as the number YYYYMMDD, as backends store it for date filters and sorting.
pub fn day_number(date: NaiveDate) -> u64 {
    use chrono::Datelike;
    date.year() as u64 * 10_000 + date.month() as u64 * 100 + date.day() as u64
}

/// The ranking weights a backend applies.
///
/// With `coverage`, each item a paragraph matches adds `coverage` to its score, more than any
/// BM25 score reaches: a paragraph holding more of the query's words ranks above one holding
/// fewer, and BM25 with the title lift orders paragraphs of equal coverage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// What each matched item adds, when coverage ranks first (the any-of fallback, `a OR b`).
    pub coverage: Option<f32>,
    /// An article title holding a word lifts its paragraphs by this much (times the word's score).
    pub title: f32,
    /// Weight of an unstemmed term against its stem; `None` when unstemmed terms are not indexed.
    pub unstemmed: Option<f32>,
}

/// A search as a backend runs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Groups of alternatives (`a OR b` is one group of two items).
    pub groups: Vec<Vec<Item>>,
    /// Items no matching paragraph may hold.
    pub excluded: Vec<Item>,
    pub filters: Filters,
    pub mode: Mode,
    pub weights: Weights,
}

impl Plan {
    /// Every stem and alternative of the plan's groups (what a passage highlights).
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().flat_map(|item| {
            item.words
                .iter()
                .flat_map(|w| std::iter::once(w.stem.as_str()).chain(w.alternative.as_deref()))
        })
    }
}
