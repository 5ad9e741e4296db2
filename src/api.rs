//! The one JSON contract: every object khabar prints (`search`, `show`, `stats`, `facets`,
//! `analyze` with `--json`) and a server sends is one of these serde types, and errors are
//! [`Error`], whose text names no command-line flag.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

use crate::analysis::AnalyzedToken;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search, as the CLI, a server or a library user asks it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Request {
    pub query: String,
    /// ISO codes, English names or Arabic forms: any of them.
    pub countries: Vec<String>,
    /// Names or aliases: any of them.
    pub persons: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sources: Vec<String>,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// One hit per article, listing its other matching paragraphs.
    pub group_by_article: bool,
    /// Every copy of a paragraph that several outlets ran word for word.
    pub no_collapse: bool,
    /// Count the countries and persons of all matching paragraphs.
    pub facets: bool,
    /// How many countries, persons and sources the facet counts list: the most frequent.
    pub facet_limit: usize,
}

/// How many values of each facet a search lists unless asked for more.
pub const DEFAULT_FACET_LIMIT: usize = 20;

impl Default for Request {
    fn default() -> Request {
        Request {
            query: String::new(),
            countries: Vec::new(),
            persons: Vec::new(),
            from: None,
            to: None,
            sources: Vec::new(),
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            group_by_article: false,
            no_collapse: false,
            facets: false,
            facet_limit: DEFAULT_FACET_LIMIT,
        }
    }
}

/// A country as shown with a hit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CountryRef {
    pub code: String,
    pub name: String,
}

/// One hit: a paragraph with its best passage.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub article_id: String,
    pub paragraph: u64,
    pub title: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub path: String,
    pub text: String,
    pub snippet: String,
    /// Character ranges into `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Byte ranges into `snippet` (for terminals and pages; not part of the JSON).
    #[serde(skip)]
    pub byte_highlights: Vec<std::ops::Range<usize>>,
    pub countries: Vec<CountryRef>,
    pub persons: Vec<String>,
    /// Other paragraphs with the same normalised text that were collapsed into this one.
    pub duplicates: usize,
    /// When grouping by article: the article's other matching paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_paragraphs: Option<Vec<u64>>,
}

/// A country and how many paragraphs name it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CountryCount {
    pub code: String,
    pub name: String,
    pub count: u64,
}

/// A person and how many paragraphs name them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PersonCount {
    pub name: String,
    pub count: u64,
}

/// A source and how many matching paragraphs it ran (`name` empty for articles without one).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceCount {
    pub name: String,
    pub count: u64,
}

/// Matching paragraphs of one month.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: u64,
}

/// Facet counts over all matching paragraphs: countries, persons and sources largest first,
/// months in order (only months with matches; undated paragraphs are not counted there).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct FacetCounts {
    pub countries: Vec<CountryCount>,
    pub persons: Vec<PersonCount>,
    pub sources: Vec<SourceCount>,
    pub months: Vec<MonthCount>,
}

/// The answer to a [`Request`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response {
    pub query: String,
    /// Matching paragraphs, before collapsing and paging.
    pub total: usize,
    pub took_ms: u64,
    pub hits: Vec<Hit>,
    /// Empty unless the request asked for facet counts.
    pub facets: FacetCounts,
    /// Notes on how the query was read (stopwords ignored, the any-of fallback …).
    pub warnings: Vec<String>,
    /// When nothing matched, or no paragraph held every word: the query with its unknown words replaced by the nearest indexed
    /// spellings ("did you mean"); left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
}

/// `khabar facets`: the counts of the whole index, one list left out when only the other is asked.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct FacetList {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<CountryCount>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persons: Option<Vec<PersonCount>>,
}

/// Which facet to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetField {
    Country,
    Person,
}

/// One paragraph of an article.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArticleParagraph {
    pub paragraph: u64,
    pub text: String,
    pub countries: Vec<CountryRef>,
    pub persons: Vec<String>,
}

/// A whole article (`khabar show`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Article {
    pub article_id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub category: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub paragraphs: Vec<ArticleParagraph>,
}

/// What an index holds (`khabar stats`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub articles: usize,
    pub paragraphs: usize,
    /// First and last date, `YYYY-MM-DD`.
    pub date_range: Option<[String; 2]>,
    /// Sources with their article counts, largest first; printed as an object, `(none)` for
    /// articles without a source.
    #[serde(serialize_with = "sources_as_object")]
    pub sources: Vec<(String, usize)>,
    pub bytes_on_disk: u64,
    pub built_at: String,
    pub config_hash: String,
    pub corpus: String,
}

fn sources_as_object<S: Serializer>(sources: &[(String, usize)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(sources.iter().map(|(name, n)| {
        let name = if name.is_empty() { NO_SOURCE } else { name };
        (name, n)
    }))
}

/// How articles without a source are shown.
pub const NO_SOURCE: &str = "(none)";

/// How the analyser reads a text (`khabar analyze`).
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub tokens: Vec<AnalyzedToken>,
}

/// The body of an error answer of a server: `{"error": "…"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

/// A request that cannot be answered, in words that name no command-line flag.
#[derive(Debug)]
pub enum Error {
    /// The request itself is wrong: a bad date range, an empty query, a limit out of range.
    BadRequest(String),
    /// A filter value that names nothing known, with the nearest known values.
    Unknown(crate::facets::Unknown),
    /// No such article; the ids most like it.
    NotFound { id: String, similar: Vec<String> },
    /// The index cannot be used.
    Unavailable(Unavailable),
    /// Something failed while answering (reading the index, a backend's answer).
    Internal(String),
}

/// Why an index cannot be used.
#[derive(Debug)]
pub enum Unavailable {
    /// No index there.
    Missing(String),
    /// Something is there, but not a usable khabar index.
    Damaged(String, String),
    /// A remote backend cannot be reached or refused the request.
    Unreachable(String, String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::BadRequest(why) | Error::Internal(why) => f.write_str(why),
            Error::Unknown(unknown) => unknown.fmt(f),
            Error::NotFound { id, similar } => {
                write!(f, "no article '{id}'")?;
                if !similar.is_empty() {
                    write!(f, "; did you mean {}?", similar.join(", "))?;
                }
                Ok(())
            }
            Error::Unavailable(Unavailable::Missing(at)) => write!(f, "no index at {at}"),
            Error::Unavailable(Unavailable::Damaged(at, why)) => {
                write!(
                    f,
                    "the index at {at} is damaged or not a khabar index: {why}"
                )
            }
            Error::Unavailable(Unavailable::Unreachable(at, why)) => {
                write!(f, "the index at {at} cannot be reached: {why}")
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<anyhow::Error> for Error {
    /// A service error carried through `anyhow` comes back as itself; anything else is internal.
    fn from(err: anyhow::Error) -> Error {
        match err.downcast::<Error>() {
            Ok(err) => err,
            Err(err) => Error::Internal(format!("{err:#}")),
        }
    }
}

impl From<crate::facets::Unknown> for Error {
    fn from(unknown: crate::facets::Unknown) -> Error {
        Error::Unknown(unknown)
    }
}
