//! Searching an index: query → ranked paragraphs with snippets, filters, facet counts; `show`,
//! `facets` and `stats` read the same opened index.

use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, Order, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::analysis::{self, Pipeline};
use crate::config::Config;
use crate::facets::{Facets, Unknown};
use crate::index::{self, Info};
use crate::query::{self, Item, Scope};
use crate::schema::Fields;
use crate::snippet;

/// Stored facets come back encoded, their path segments separated by NUL (Tantivy keeps the constant private).
const FACET_SEPARATOR: char = '\0';

/// Title matches count this much more than text matches.
const TITLE_BOOST: f32 = 1.5;

/// Why an index could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// No index at this path.
    Missing(PathBuf),
    /// Something is there but it is not a usable khabar index.
    Damaged(PathBuf, String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Missing(p) => write!(f, "no index at {}", p.display()),
            OpenError::Damaged(p, why) => write!(
                f,
                "the index at {} is damaged or not a khabar index: {why}",
                p.display()
            ),
        }
    }
}

impl std::error::Error for OpenError {}

/// An opened index with everything needed to search it.
pub struct Engine {
    pub dir: PathBuf,
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub pipeline: Arc<Pipeline>,
    pub facets: Facets,
    pub info: Info,
    /// The config the index was built with (its stored copy).
    pub config: Config,
}

impl Engine {
    /// Opens the index in `dir`, with the config stored in it.
    pub fn open(dir: &Path) -> Result<Engine, OpenError> {
        // A writer in another process may commit and clean up old segment files between our
        // reading meta.json and opening the segments: try again on the new commit.
        let mut attempt = 0;
        loop {
            match Engine::open_once(dir) {
                Err(OpenError::Damaged(..)) if attempt < 3 && index::is_index(dir) => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
                }
                result => return result,
            }
        }
    }

    fn open_once(dir: &Path) -> Result<Engine, OpenError> {
        if !index::is_index(dir) {
            return Err(
                if dir.exists()
                    && !index::khabar_dir(dir).exists()
                    && dir
                        .read_dir()
                        .map(|mut d| d.next().is_some())
                        .unwrap_or(false)
                {
                    OpenError::Damaged(dir.to_path_buf(), "no meta.json".to_string())
                } else {
                    OpenError::Missing(dir.to_path_buf())
                },
            );
        }
        let damaged = |why: String| OpenError::Damaged(dir.to_path_buf(), why);
        let info = index::read_info(dir).map_err(|e| damaged(format!("{e:#}")))?;
        let config = Config::load(&index::khabar_dir(dir).join("config"))
            .map_err(|e| damaged(format!("{e:#}")))?;
        let index = Index::open_in_dir(dir).map_err(|e| damaged(e.to_string()))?;
        let fields = Fields::of(&index.schema()).map_err(|e| damaged(e.to_string()))?;
        let pipeline = config.pipeline();
        analysis::register(&index, pipeline.clone());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| damaged(e.to_string()))?;
        // Touch every segment so a missing file is reported now, not in the middle of a search.
        let searcher = reader.searcher();
        for segment in searcher.segment_readers() {
            segment
                .inverted_index(fields.text)
                .map_err(|e| damaged(e.to_string()))?;
        }
        Ok(Engine {
            dir: dir.to_path_buf(),
            facets: Facets::new(&config, pipeline.clone()),
            index,
            reader,
            fields,
            pipeline,
            info,
            config,
        })
    }
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A search, as the CLI or a library user asks it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: String,
    pub countries: Vec<String>,
    pub persons: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sources: Vec<String>,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub group_by_article: bool,
    pub no_collapse: bool,
    pub facets: bool,
}

/// A country as shown with a hit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CountryRef {
    pub code: String,
    pub name: String,
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
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
    /// Char ranges into `snippet`.
    pub highlights: Vec<[usize; 2]>,
    #[serde(skip)]
    pub byte_highlights: Vec<std::ops::Range<usize>>,
    pub countries: Vec<CountryRef>,
    pub persons: Vec<String>,
    /// Other paragraphs with the same normalised text that were collapsed into this one.
    pub duplicates: usize,
    /// With `--group-by-article`: the article's other matching paragraphs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_paragraphs: Option<Vec<u64>>,
}

impl Hit {
    /// A hit on the paragraph `view`, showing `snip`; no duplicates, no grouping.
    fn new(rank: usize, score: f32, view: ParagraphView, snip: snippet::Snippet) -> Hit {
        Hit {
            rank,
            score,
            article_id: view.article_id,
            paragraph: view.paragraph,
            title: view.title,
            date: view.date,
            place: view.place,
            source: view.source,
            path: view.path,
            text: view.text,
            snippet: snip.text,
            highlights: snip.highlights.iter().map(|r| [r.start, r.end]).collect(),
            byte_highlights: snip.byte_highlights,
            countries: view.countries,
            persons: view.persons,
            duplicates: 0,
            other_paragraphs: None,
        }
    }
}

/// A facet value and how many matching paragraphs carry it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CountryCount {
    pub code: String,
    pub name: String,
    pub count: u64,
}

/// A person and how many matching paragraphs name them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonCount {
    pub name: String,
    pub count: u64,
}

/// Facet counts over all matching paragraphs.
#[derive(Debug, Clone, Serialize, Default)]
pub struct FacetCounts {
    pub countries: Vec<CountryCount>,
    pub persons: Vec<PersonCount>,
}

/// The answer to a [`Request`].
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub query: String,
    /// Matching paragraphs, before collapsing and paging.
    pub total: usize,
    pub took_ms: u64,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetCounts>,
    /// Notes on how the query was read (stopwords ignored, any-of fallback …).
    pub warnings: Vec<String>,
}

/// A request that cannot be answered as asked.
#[derive(Debug)]
pub enum RequestError {
    Unknown(Unknown),
    /// Every word of the query is a stopword or punctuation.
    NothingToSearch(String),
    Invalid(String),
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Unknown(u) => u.fmt(f),
            RequestError::NothingToSearch(why) | RequestError::Invalid(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for RequestError {}

/// The analysed form of a query item: its terms with their positions.
struct Analysed {
    terms: Vec<QueryTerm>,
    scope: Scope,
}

/// One word of a query item.
struct QueryTerm {
    position: usize,
    /// The indexed term (the stem).
    term: String,
    /// The unstemmed term, when stemming changed the word and unstemmed forms are indexed.
    unstemmed: Option<String>,
}

impl Engine {
    fn analyse(&self, item: &Item) -> Analysed {
        let terms = analysis::analyze(&self.pipeline, &item.text)
            .into_iter()
            .filter_map(|t| {
                Some(QueryTerm {
                    position: t.position,
                    term: t.term?,
                    unstemmed: t.unstemmed,
                })
            })
            .collect();
        Analysed {
            terms,
            scope: item.scope,
        }
    }

    /// One word: its stem (plus, with `lift`, a lift for the word as typed, for a field indexed
    /// with unstemmed terms); several: a phrase of stems.
    fn field_query(&self, field: Field, a: &Analysed, lift: bool) -> Box<dyn Query> {
        let term_query = |text: &str| -> Box<dyn Query> {
            let term = Term::from_field_text(field, text);
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        };
        if let [word] = a.terms.as_slice() {
            let stem = term_query(&word.term);
            return match (&word.unstemmed, self.pipeline.unstemmed_boost()) {
                (Some(unstemmed), Some(boost)) if lift => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, stem),
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(term_query(unstemmed), boost)),
                    ),
                ])),
                _ => stem,
            };
        }
        let first = a.terms[0].position;
        let terms = a
            .terms
            .iter()
            .map(|t| (t.position - first, Term::from_field_text(field, &t.term)))
            .collect();
        Box::new(PhraseQuery::new_with_offset(terms))
    }

    fn item_query(&self, a: &Analysed) -> Box<dyn Query> {
        let title = self.field_query(self.fields.title, a, false);
        match a.scope {
            Scope::Title => title,
            // The paragraph itself must hold the word; its article's title only lifts it.
            Scope::Anywhere => Box::new(BooleanQuery::new(vec![
                (Occur::Must, self.field_query(self.fields.text, a, true)),
                (Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))),
            ])),
        }
    }

    /// Resolves `--country` values to ISO codes.
    pub fn country_codes(&self, values: &[String]) -> Result<Vec<String>, Unknown> {
        values
            .iter()
            .map(|v| self.facets.resolve_country(v).map(|c| c.code.clone()))
            .collect()
    }

    /// Resolves `--person` values to the names stored in the index.
    pub fn person_names(&self, values: &[String]) -> Result<Vec<String>> {
        let mut known: Option<Vec<String>> = None;
        let mut out = Vec::new();
        for value in values {
            if let Some(person) = self.facets.resolve_person(value) {
                out.push(person.name.clone());
                continue;
            }
            let names = match &known {
                Some(names) => names,
                None => known.insert(
                    self.facet_values(self.fields.person, "person")?
                        .into_iter()
                        .map(|(n, _)| n)
                        .collect(),
                ),
            };
            let want = self.pipeline.normalize(value);
            if let Some(name) = names.iter().find(|n| self.pipeline.normalize(n) == want) {
                out.push(name.clone());
                continue;
            }
            let mut ranked: Vec<(f64, &String)> = names
                .iter()
                .map(|n| {
                    (
                        strsim::normalized_levenshtein(&self.pipeline.normalize(n), &want),
                        n,
                    )
                })
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            return Err(Unknown {
                what: "person",
                value: value.clone(),
                suggestions: ranked
                    .into_iter()
                    .take(3)
                    .filter(|r| r.0 > 0.4)
                    .map(|r| r.1.clone())
                    .collect(),
            }
            .into());
        }
        Ok(out)
    }

    fn filters(&self, req: &Request) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
            let should = terms
                .into_iter()
                .map(|t| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(should)),
                0.0,
            ))
        };
        if !req.countries.is_empty() {
            let codes = self
                .country_codes(&req.countries)
                .map_err(RequestError::Unknown)?;
            filters.push((
                Occur::Must,
                any_of(facet_terms(self.fields.country, "country", &codes)),
            ));
        }
        if !req.persons.is_empty() {
            let names = self.person_names(&req.persons)?;
            filters.push((
                Occur::Must,
                any_of(facet_terms(self.fields.person, "person", &names)),
            ));
        }
        if !req.sources.is_empty() {
            let terms = req
                .sources
                .iter()
                .map(|s| Term::from_field_text(self.fields.source, s))
                .collect();
            filters.push((Occur::Must, any_of(terms)));
        }
        if let (Some(from), Some(to)) = (req.from, req.to) {
            if from > to {
                return Err(
                    RequestError::Invalid(format!("--from {from} is after --to {to}")).into(),
                );
            }
        }
        if req.from.is_some() || req.to.is_some() {
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => {
                    Bound::Included(Term::from_field_u64(self.fields.day, index::day_number(d)))
                }
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(req.from), bound(req.to));
            filters.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        Ok(filters)
    }

    /// Runs a search.
    pub fn search(&self, req: &Request) -> Result<Response> {
        let started = Instant::now();
        let parsed = query::parse(&req.query);
        let mut warnings = parsed.warnings.clone();
        let mut ignored = Vec::new();
        let mut groups: Vec<Vec<Analysed>> = Vec::new();
        for group in &parsed.groups {
            let analysed: Vec<Analysed> = group
                .iter()
                .map(|item| self.analyse(item))
                .filter(|a| !a.terms.is_empty())
                .collect();
            if analysed.is_empty() {
                ignored.extend(group.iter().map(|i| i.text.clone()));
            } else {
                groups.push(analysed);
            }
        }
        let excluded: Vec<Analysed> = parsed
            .excluded
            .iter()
            .map(|i| self.analyse(i))
            .filter(|a| !a.terms.is_empty())
            .collect();
        if groups.is_empty() && !ignored.is_empty() && excluded.is_empty() {
            return self.scan_stopwords(req, &ignored, warnings, started);
        }
        if groups.is_empty() {
            let words = if ignored.is_empty() {
                req.query.trim().to_string()
            } else {
                ignored.join(" ")
            };
            return Err(RequestError::NothingToSearch(if words.is_empty() {
                "empty query: give at least one word to search for".to_string()
            } else {
                format!(
                    "nothing to search for in '{words}': stopwords and punctuation are not indexed; add a content word"
                )
            })
            .into());
        }
        if !ignored.is_empty() {
            warnings.push(format!("ignored stopwords: {}", ignored.join(" ")));
        }
        let highlight_terms: HashSet<String> = groups
            .iter()
            .flatten()
            .flat_map(|a| a.terms.iter().map(|t| t.term.clone()))
            .collect();
        let filters = self.filters(req)?;
        let build = |all_required: bool| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let group_queries: Vec<Box<dyn Query>> = groups
                .iter()
                .map(|g| {
                    if g.len() == 1 {
                        self.item_query(&g[0])
                    } else {
                        Box::new(BooleanQuery::new(
                            g.iter()
                                .map(|a| (Occur::Should, self.item_query(a)))
                                .collect(),
                        )) as Box<dyn Query>
                    }
                })
                .collect();
            if all_required {
                clauses.extend(group_queries.into_iter().map(|q| (Occur::Must, q)));
            } else {
                let any = BooleanQuery::new(
                    group_queries
                        .into_iter()
                        .map(|q| (Occur::Should, q))
                        .collect(),
                );
                clauses.push((Occur::Must, Box::new(any)));
            }
            for a in &excluded {
                clauses.push((Occur::MustNot, self.item_query(a)));
            }
            clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        };
        let searcher = self.reader.searcher();
        let mut query = build(true);
        let mut total = searcher.search(&*query, &Count)?;
        if total == 0 && groups.len() > 1 {
            let any = build(false);
            let any_total = searcher.search(&*any, &Count)?;
            if any_total > 0 {
                warnings.push(
                    "no paragraph has all the words; showing paragraphs with any of them"
                        .to_string(),
                );
                query = any;
                total = any_total;
            }
        }
        let facets = if req.facets {
            Some(self.facet_counts(&searcher, &*query)?)
        } else {
            None
        };
        let hits = self.collect_hits(&searcher, &*query, total, req, &highlight_terms)?;
        Ok(Response {
            query: req.query.clone(),
            total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets,
            warnings,
        })
    }

    /// A query of stopwords only: their terms are not indexed, so the stored paragraphs are
    /// scanned for the words in their normal form, adjacent and in order.
    fn scan_stopwords(
        &self,
        req: &Request,
        words: &[String],
        mut warnings: Vec<String>,
        started: Instant,
    ) -> Result<Response> {
        let wanted: Vec<String> = words
            .iter()
            .flat_map(|w| {
                self.pipeline
                    .normalize(w)
                    .split(' ')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        if wanted.is_empty() {
            return Err(RequestError::NothingToSearch(format!(
                "nothing to search for in '{}': give at least one word",
                req.query.trim()
            ))
            .into());
        }
        warnings.push(format!(
            "'{}' is only stopwords, which are not indexed; scanned the paragraphs for them word by word",
            words.join(" ")
        ));
        let searcher = self.reader.searcher();
        let filters = self.filters(req)?;
        let query: Box<dyn Query> = if filters.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(filters))
        };
        let mut docs: Vec<DocAddress> = searcher
            .search(&*query, &tantivy::collector::DocSetCollector)?
            .into_iter()
            .collect();
        docs.sort();
        let want = req.offset.saturating_add(req.limit);
        let mut total = 0;
        let mut hits = Vec::new();
        let mut buf = analysis::Buffers::default();
        for addr in docs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = doc
                .get_first(self.fields.text)
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let words: Vec<(std::ops::Range<usize>, String)> = analysis::words(text)
                .map(|r| {
                    self.pipeline.normalize_into(&text[r.clone()], &mut buf);
                    (r, buf.normalized.clone())
                })
                .collect();
            let found: Vec<std::ops::Range<usize>> = words
                .windows(wanted.len())
                .filter(|w| w.iter().zip(&wanted).all(|(a, b)| a.1 == *b))
                .map(|w| w[0].0.start..w[w.len() - 1].0.end)
                .collect();
            if found.is_empty() {
                continue;
            }
            total += 1;
            if total > req.offset && hits.len() < req.limit && total <= want {
                let view = self.paragraph_view(&doc);
                let snip = snippet::around(&view.text, &found, self.config.analyzer.snippet_chars);
                hits.push(Hit::new(total, 0.0, view, snip));
            }
        }
        Ok(Response {
            query: req.query.clone(),
            total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets: if req.facets {
                Some(FacetCounts::default())
            } else {
                None
            },
            warnings,
        })
    }

    fn collect_hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        total: usize,
        req: &Request,
        terms: &HashSet<String>,
    ) -> Result<Vec<Hit>> {
        let want = req.offset.saturating_add(req.limit);
        if want == 0 || total == 0 || req.limit == 0 {
            return Ok(Vec::new());
        }
        let collapse = !req.no_collapse || req.group_by_article;
        let mut fetch = if collapse {
            want.saturating_mul(3).saturating_add(20)
        } else {
            want
        };
        if collapse && total <= 5_000 {
            fetch = total;
        }
        let fetch_cap = total.max(1);
        loop {
            fetch = fetch.min(fetch_cap);
            let top: Vec<(f32, DocAddress)> = match req.sort {
                Sort::Relevance => {
                    searcher.search(query, &TopDocs::with_limit(fetch).order_by_score())?
                }
                Sort::Date => searcher
                    .search(
                        query,
                        &TopDocs::with_limit(fetch).order_by_fast_field::<u64>("day", Order::Desc),
                    )?
                    .into_iter()
                    .map(|(_, addr)| (0.0, addr))
                    .collect(),
            };
            let groups = self.group(searcher, &top, req, collapse)?;
            if groups.len() > want || top.len() >= fetch_cap || !collapse {
                return groups
                    .into_iter()
                    .skip(req.offset)
                    .take(req.limit)
                    .enumerate()
                    .map(|(i, g)| self.hit(searcher, req.offset + i + 1, g, terms))
                    .collect();
            }
            fetch = fetch.saturating_mul(4);
        }
    }

    fn group(
        &self,
        searcher: &Searcher,
        top: &[(f32, DocAddress)],
        req: &Request,
        collapse: bool,
    ) -> Result<Vec<Group>> {
        let mut groups: Vec<Group> = Vec::new();
        if !collapse {
            return Ok(top
                .iter()
                .map(|&(score, addr)| Group {
                    score,
                    addr,
                    duplicates: 0,
                    others: Vec::new(),
                })
                .collect());
        }
        let mut by_key: HashMap<Key, usize> = HashMap::new();
        let mut columns: HashMap<u32, SegmentColumns> = HashMap::new();
        let mut id = String::new();
        for &(score, addr) in top {
            if let std::collections::hash_map::Entry::Vacant(e) = columns.entry(addr.segment_ord) {
                let fast = searcher.segment_reader(addr.segment_ord).fast_fields();
                e.insert((
                    fast.u64("dup_key")?,
                    fast.str("article_id")?,
                    fast.u64("paragraph")?,
                ));
            }
            let (dups, ids, paragraphs) = &columns[&addr.segment_ord];
            let key = if req.group_by_article {
                id.clear();
                if let Some(ord) = ids.as_ref().and_then(|c| c.term_ords(addr.doc_id).next()) {
                    ids.as_ref().expect("checked").ord_to_str(ord, &mut id)?;
                }
                Key::Article(id.clone())
            } else {
                Key::Dup(dups.first(addr.doc_id).unwrap_or(0))
            };
            match by_key.get(&key) {
                Some(&i) => {
                    groups[i].duplicates += 1;
                    if req.group_by_article {
                        groups[i]
                            .others
                            .push(paragraphs.first(addr.doc_id).unwrap_or(0));
                    }
                }
                None => {
                    by_key.insert(key, groups.len());
                    groups.push(Group {
                        score,
                        addr,
                        duplicates: 0,
                        others: Vec::new(),
                    });
                }
            }
        }
        Ok(groups)
    }

    fn hit(
        &self,
        searcher: &Searcher,
        rank: usize,
        g: Group,
        terms: &HashSet<String>,
    ) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(g.addr).context("reading a stored paragraph")?;
        let view = self.paragraph_view(&doc);
        let snip = snippet::snippet(
            &self.pipeline,
            &view.text,
            terms,
            self.config.analyzer.snippet_chars,
        );
        let grouped = !g.others.is_empty();
        let mut others = g.others;
        others.sort_unstable();
        let mut hit = Hit::new(rank, g.score, view, snip);
        hit.duplicates = if grouped { 0 } else { g.duplicates };
        hit.other_paragraphs = grouped.then_some(others);
        Ok(hit)
    }

    /// The stored fields of a paragraph document.
    pub fn paragraph_view(&self, doc: &TantivyDocument) -> ParagraphView {
        let f = &self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let facet_tails = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_facet())
                .filter_map(|encoded| encoded.split(FACET_SEPARATOR).nth(1).map(str::to_string))
                .collect()
        };
        ParagraphView {
            article_id: text(f.article_id).unwrap_or_default(),
            paragraph: doc
                .get_first(f.paragraph)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            title: text(f.title),
            date: text(f.date),
            place: text(f.place),
            source: text(f.source),
            category: text(f.category),
            url: text(f.url),
            path: text(f.path).unwrap_or_default(),
            text: text(f.text).unwrap_or_default(),
            countries: facet_tails(f.country)
                .into_iter()
                .map(|code| CountryRef {
                    name: self.facets.country_name(&code).to_string(),
                    code,
                })
                .collect(),
            persons: facet_tails(f.person),
        }
    }

    fn facet_counts(&self, searcher: &Searcher, query: &dyn Query) -> Result<FacetCounts> {
        let mut countries = FacetCollector::for_field("country");
        countries.add_facet("/country");
        let mut persons = FacetCollector::for_field("person");
        persons.add_facet("/person");
        let (c, p) = searcher.search(query, &(countries, persons))?;
        let mut out = FacetCounts {
            countries: c
                .get("/country")
                .map(|(facet, count)| {
                    let code = facet
                        .to_path()
                        .get(1)
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    CountryCount {
                        name: self.facets.country_name(&code).to_string(),
                        code,
                        count,
                    }
                })
                .collect(),
            persons: p
                .get("/person")
                .map(|(facet, count)| PersonCount {
                    name: facet
                        .to_path()
                        .get(1)
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    count,
                })
                .collect(),
        };
        out.countries
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        out.persons
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        Ok(out)
    }

    /// Facet counts over the whole index.
    pub fn all_facet_counts(&self) -> Result<FacetCounts> {
        self.facet_counts(&self.reader.searcher(), &AllQuery)
    }

    fn facet_values(&self, _field: Field, name: &str) -> Result<Vec<(String, u64)>> {
        let mut collector = FacetCollector::for_field(name);
        let root = format!("/{name}");
        collector.add_facet(root.as_str());
        let counts = self.reader.searcher().search(&AllQuery, &collector)?;
        Ok(counts
            .get(root.as_str())
            .map(|(f, n)| {
                (
                    f.to_path()
                        .get(1)
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    n,
                )
            })
            .collect())
    }

    /// Every paragraph of an article, in order; `None` when the id is unknown.
    pub fn article(&self, id: &str) -> Result<Option<Vec<ParagraphView>>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.article_id, id),
            IndexRecordOption::Basic,
        );
        let count = searcher.search(&query, &Count)?;
        if count == 0 {
            return Ok(None);
        }
        let top = searcher.search(&query, &TopDocs::with_limit(count).order_by_score())?;
        let mut views = top
            .into_iter()
            .map(|(_, addr)| {
                searcher
                    .doc::<TantivyDocument>(addr)
                    .map(|d| self.paragraph_view(&d))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        views.sort_by_key(|v| v.paragraph);
        Ok(Some(views))
    }

    /// Article ids that look like `id`, for "did you mean".
    pub fn similar_article_ids(&self, id: &str) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut ranked: Vec<(f64, String)> = Vec::new();
        for segment in searcher.segment_readers() {
            let Some(ids) = segment.fast_fields().str("article_id")? else {
                continue;
            };
            let mut s = String::new();
            for ord in 0..ids.num_terms() as u64 {
                s.clear();
                ids.ord_to_str(ord, &mut s)?;
                ranked.push((strsim::jaro_winkler(id, &s), s.clone()));
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.dedup_by(|a, b| a.1 == b.1);
        Ok(ranked
            .into_iter()
            .take(3)
            .filter(|r| r.0 > 0.8)
            .map(|r| r.1)
            .collect())
    }

    /// Figures for `khabar stats`.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let mut articles: HashSet<String> = HashSet::new();
        let mut sources: HashMap<String, HashSet<String>> = HashMap::new();
        let (mut min_day, mut max_day) = (u64::MAX, 0u64);
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let days = fast.u64("day")?;
            let Some(ids) = fast.str("article_id")? else {
                continue;
            };
            // Each segment's dictionaries are read once, not once per document.
            let id_terms = index::all_terms(&ids)?;
            let source_column = fast.str("source")?;
            let source_terms = match &source_column {
                Some(column) => index::all_terms(column)?,
                None => Vec::new(),
            };
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                if let Some(day) = days.first(doc) {
                    min_day = min_day.min(day);
                    max_day = max_day.max(day);
                }
                let Some(id) = ids.term_ords(doc).next().map(|o| &id_terms[o as usize]) else {
                    continue;
                };
                if articles.insert(id.clone()) {
                    let source = source_column
                        .as_ref()
                        .and_then(|c| c.term_ords(doc).next())
                        .map_or("", |o| source_terms[o as usize].as_str());
                    sources
                        .entry(source.to_string())
                        .or_default()
                        .insert(id.clone());
                }
            }
        }
        let day_str = |d: u64| format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100);
        let mut sources: Vec<(String, usize)> =
            sources.into_iter().map(|(s, ids)| (s, ids.len())).collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(Stats {
            articles: articles.len(),
            paragraphs: searcher.num_docs() as usize,
            date_range: (max_day > 0).then(|| [day_str(min_day), day_str(max_day)]),
            sources,
            bytes_on_disk: dir_size(&self.dir),
            built_at: self.info.built_at.clone(),
            config_hash: self.info.config_hash.clone(),
            corpus: self.info.corpus.clone(),
        })
    }
}

/// The terms of the facets `/<root>/<value>` of `field`.
fn facet_terms(field: Field, root: &str, values: &[String]) -> Vec<Term> {
    values
        .iter()
        .map(|v| Term::from_facet(field, &Facet::from_path([root, v.as_str()])))
        .collect()
}

/// The fast columns grouping reads, per segment: dup_key, article_id, paragraph.
type SegmentColumns = (
    tantivy::columnar::Column<u64>,
    Option<tantivy::columnar::StrColumn>,
    tantivy::columnar::Column<u64>,
);

#[derive(Hash, PartialEq, Eq)]
enum Key {
    Dup(u64),
    Article(String),
}

struct Group {
    score: f32,
    addr: DocAddress,
    duplicates: usize,
    others: Vec<u64>,
}

/// The stored fields of one paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
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
    pub countries: Vec<CountryRef>,
    pub persons: Vec<String>,
}

/// What `khabar stats` reports.
#[derive(Debug, Clone)]
pub struct Stats {
    pub articles: usize,
    pub paragraphs: usize,
    pub date_range: Option<[String; 2]>,
    /// Sources with their article counts, largest first.
    pub sources: Vec<(String, usize)>,
    pub bytes_on_disk: u64,
    pub built_at: String,
    pub config_hash: String,
    pub corpus: String,
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}
