//! Where paragraphs are stored and searched: the [`Backend`] trait the search service runs over,
//! and its implementation on a local Tantivy index ([`tantivy`]).
//!
//! [`Location`] names an index: a local folder or an OpenSearch URL. A backend answers [`Plan`]s; it knows its own field names and query language and nothing of
//! the search policy (all words or any, collapsing, paging, snippets), which lives in
//! `service.rs`. Every call of one request goes to one [`Snapshot`], so the documents it names
//! stay the same while a writer commits.

pub mod opensearch;
pub mod tantivy;

use anyhow::Result;

use crate::api::{Sort, Stats};
use crate::plan::{Filters, Plan};
use crate::stored_config::StoredConfig;

/// Where an index is: a local folder, or an index in an OpenSearch cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Local(std::path::PathBuf),
    OpenSearch(opensearch::Target),
}

impl Location {
    /// `http(s)://…/NAME` is a cluster index; anything else a folder.
    pub fn parse(value: &str) -> Result<Location> {
        if value.starts_with("http://") || value.starts_with("https://") {
            Ok(Location::OpenSearch(opensearch::Target::parse(value)?))
        } else {
            Ok(Location::Local(value.into()))
        }
    }

    /// As a user names it (without a password).
    pub fn shown(&self) -> String {
        match self {
            Location::Local(dir) => dir.display().to_string(),
            Location::OpenSearch(target) => target.shown(),
        }
    }
}

/// What built an index and when, kept with it by every backend.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Info {
    /// [`crate::config::Config::index_hash`] of the configuration it was built with.
    pub config_hash: String,
    pub built_at: String,
    pub corpus: String,
    pub khabar_version: String,
    /// How the backend laid out the index (its own numbering); 0 where an older khabar wrote
    /// no number.
    #[serde(default)]
    pub format: u32,
}

/// A stored paragraph as a backend hands it back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    pub article_id: String,
    pub paragraph: u64,
    pub title: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub category: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub text: String,
    /// ISO codes.
    pub countries: Vec<String>,
    pub persons: Vec<String>,
}

/// A document of one snapshot, opaque to everyone but its backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocRef(pub u64);

/// What ranked hits are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Every paragraph on its own.
    None,
    /// Paragraphs of the same normalised text (the same wire story run by several outlets).
    Duplicates,
    /// Paragraphs of the same article.
    Article,
}

/// The key of a candidate under a [`Grouping`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GroupKey {
    None,
    Duplicate(u64),
    Article(String),
}

/// A ranked document before its stored fields are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub score: f32,
    pub doc: DocRef,
    pub key: GroupKey,
    /// Its paragraph number (a grouped article lists them).
    pub paragraph: u64,
}

/// Up to this many matches, a hit lists every copy of its paragraph (or every paragraph of its
/// article) among the matches, not only those ranked among the fetched.
pub const COMPLETE_GROUPS_UP_TO: usize = 5_000;

/// Facet values with their counts, unordered, before names are attached.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCounts {
    /// ISO code → paragraphs.
    pub countries: Vec<(String, u64)>,
    pub persons: Vec<(String, u64)>,
    pub sources: Vec<(String, u64)>,
    /// `YYYY-MM` → paragraphs (dated ones only).
    pub months: Vec<(String, u64)>,
    /// How many paragraphs were counted, where the backend counts them in the same pass.
    pub matches: Option<usize>,
}

/// A searchable store of paragraphs.
pub trait Backend: Send + Sync {
    /// A consistent view for one request.
    fn snapshot(&self) -> Result<Box<dyn Snapshot + '_>>;
    /// The configuration the index was built with (its analyser reads the query).
    fn config(&self) -> &StoredConfig;
    /// Where the index is, as a user names it.
    fn location(&self) -> String;
    /// Picks up what writers committed since the last call (a no-op where reads are live).
    fn reload(&self) -> Result<()>;
}

/// One consistent view of a backend's documents.
pub trait Snapshot {
    /// How many paragraphs match.
    fn count(&self, plan: &Plan) -> Result<usize>;
    /// The `n` best matches, in `sort` order, with their group keys.
    fn top(&self, plan: &Plan, sort: Sort, n: usize, grouping: Grouping) -> Result<Vec<Candidate>>;
    /// Every match of `plan` whose key under `grouping` is one of `keys`: the index of its key
    /// in `keys`, the document and its paragraph number, in no order.
    fn members(
        &self,
        plan: &Plan,
        grouping: Grouping,
        keys: &[GroupKey],
    ) -> Result<Vec<(usize, DocRef, u64)>> {
        let all = self.top(plan, Sort::Relevance, self.count(plan)?, grouping)?;
        Ok(all
            .into_iter()
            .filter_map(|c| {
                let i = keys.iter().position(|k| *k == c.key)?;
                Some((i, c.doc, c.paragraph))
            })
            .collect())
    }
    /// The stored fields of a document.
    fn paragraph(&self, doc: DocRef) -> Result<Paragraph>;
    /// Facet counts over the matches of `plan`, or the whole index: the `limit` most frequent
    /// countries, persons and sources (maybe more where values tie at the last place), every
    /// month. With `ranked_next`, the best matches by relevance are asked for next: a backend
    /// may rank them in the same pass.
    fn facet_counts(
        &self,
        plan: Option<&Plan>,
        limit: usize,
        ranked_next: bool,
    ) -> Result<RawCounts>;
    /// Up to `limit` documents passing `filters`, in index order; and whether more were left out.
    fn filtered(&self, filters: &Filters, limit: usize) -> Result<(Vec<DocRef>, bool)>;
    /// Every paragraph of an article, in order (empty when the id is unknown).
    fn article(&self, id: &str) -> Result<Vec<Paragraph>>;
    /// Every article id (for "did you mean").
    fn article_ids(&self) -> Result<Vec<String>>;
    /// What the index holds.
    fn stats(&self) -> Result<Stats>;
    /// Terms of the paragraph text within `distance` edits of `term` (itself included, when
    /// indexed), with the paragraphs holding each, most first: the material of "did you mean".
    fn similar_terms(&self, term: &str, distance: u8, limit: usize) -> Result<Vec<(String, u64)>>;
}
