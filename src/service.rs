//! The search service: one request → the analysed plan → the policy (all words, else any of them
//! with a note; the stopword-only scan; filters resolved and checked; wire duplicates collapsed;
//! grouping, paging, snippets) → one [`Response`]. The CLI, the server and every backend share it.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use crate::analysis::{self, unstemmed, Pipeline};
use crate::api::{
    Analysis, Article, ArticleParagraph, CountryCount, CountryRef, Error, FacetCounts, FacetField,
    FacetList, Hit, MonthCount, PersonCount, Request, Response, Sort, SourceCount, Stats,
    Unavailable,
};
use crate::backend::opensearch::OpenSearchIndex;
use crate::backend::tantivy::TantivyIndex;
use crate::backend::{
    Backend, Candidate, GroupKey, Grouping, Location, Paragraph, RawCounts, Snapshot,
};
use crate::config::{Config, QuerySettings};
use crate::facets::{Facets, Unknown};
use crate::plan::{Filters, Item, Mode, Plan, Weights, Word};
use crate::query;
use crate::snippet;

/// Title matches count this much more than text matches.
const TITLE_BOOST: f32 = 1.5;

/// What each matched word adds when coverage ranks first: more than BM25 ever gives one word.
const COVERAGE: f32 = 1_000.0;

/// How much one request may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest query, in characters.
    pub query_chars: usize,
    /// The most hits on one page.
    pub limit: usize,
    /// The deepest page: hits skipped.
    pub offset: usize,
    /// A query of stopwords alone is answered by reading stored paragraphs: at most this many.
    pub scan: usize,
}

impl Default for Limits {
    /// Room for a person at a terminal exporting a whole result list.
    fn default() -> Limits {
        Limits {
            query_chars: 100_000,
            limit: 10_000,
            offset: 1_000_000,
            scan: 50_000,
        }
    }
}

/// An opened index with what it takes to search it.
pub struct Khabar {
    backend: Box<dyn Backend>,
    pipeline: std::sync::Arc<Pipeline>,
    /// The gazetteers, built the first time a filter names a country or a person.
    facets: OnceLock<Facets>,
    settings: QuerySettings,
    limits: Limits,
}

impl Khabar {
    /// Opens the local index in `dir`. Query-time settings (passage length, the unstemmed lift)
    /// come from `config`; how words are analysed, from the configuration stored in the index.
    /// With `watch`, new commits of a writer are picked up as they land.
    pub fn open(dir: &Path, config: &Config, watch: bool) -> Result<Khabar, Error> {
        let backend = TantivyIndex::open(dir, watch).map_err(Error::Unavailable)?;
        Ok(Khabar::over(Box::new(backend), config.query_settings()))
    }

    /// Opens the index at `location`, a folder or a cluster, with these query-time settings
    /// (see [`Khabar::open`]).
    pub fn open_at(
        location: &Location,
        settings: QuerySettings,
        watch: bool,
    ) -> Result<Khabar, Error> {
        let backend: Box<dyn Backend> = match location {
            Location::Local(dir) => {
                Box::new(TantivyIndex::open(dir, watch).map_err(Error::Unavailable)?)
            }
            Location::OpenSearch(target) => {
                Box::new(OpenSearchIndex::open(target.clone()).map_err(Error::Unavailable)?)
            }
        };
        Ok(Khabar::over(backend, settings))
    }

    /// A service over any backend.
    pub fn over(backend: Box<dyn Backend>, settings: QuerySettings) -> Khabar {
        Khabar {
            facets: OnceLock::new(),
            pipeline: backend.config().pipeline(),
            backend,
            settings,
            limits: Limits::default(),
        }
    }

    /// The same service with other request limits.
    pub fn with_limits(mut self, limits: Limits) -> Khabar {
        self.limits = limits;
        self
    }

    /// Where the index is.
    pub fn location(&self) -> String {
        self.backend.location()
    }

    /// Whether the index was built with a configuration of this index hash
    /// ([`Config::index_hash`], [`crate::config::Digest`]).
    pub fn built_with(&self, index_hash: &str) -> bool {
        self.backend.config().index_hash() == index_hash
    }

    /// Picks up what writers committed since the index was opened.
    pub fn reload(&self) -> Result<(), Error> {
        Ok(self.backend.reload()?)
    }

    /// The facet extractor of the stored configuration, built on first use.
    fn extractor(&self) -> Result<&Facets, Error> {
        if let Some(facets) = self.facets.get() {
            return Ok(facets);
        }
        let whole = self.backend.config().whole().map_err(|why| {
            Error::Unavailable(Unavailable::Damaged(self.backend.location(), why))
        })?;
        Ok(self
            .facets
            .get_or_init(|| Facets::new(whole, self.pipeline.clone())))
    }

    fn snapshot(&self) -> Result<Box<dyn Snapshot + '_>, Error> {
        Ok(self.backend.snapshot()?)
    }

    /// Runs a search.
    pub fn search(&self, req: &Request) -> Result<Response, Error> {
        let started = Instant::now();
        ensure_within_limits(req, &self.limits)?;
        let parsed = query::parse(&req.query);
        let mut warnings = parsed.warnings.clone();
        let mut ignored = Vec::new();
        let mut groups: Vec<Vec<Item>> = Vec::new();
        for group in &parsed.groups {
            let analysed: Vec<Item> = group
                .iter()
                .map(|item| self.analyse(item))
                .filter(|a| !a.words.is_empty())
                .collect();
            if analysed.is_empty() {
                ignored.extend(group.iter().map(|i| i.text.clone()));
            } else {
                groups.push(analysed);
            }
        }
        let excluded: Vec<Item> = parsed
            .excluded
            .iter()
            .map(|i| self.analyse(i))
            .filter(|a| !a.words.is_empty())
            .collect();
        let filters = self.filters(req)?;
        let snapshot = self.snapshot()?;
        if groups.is_empty() && !ignored.is_empty() && excluded.is_empty() {
            return self.scan_stopwords(&*snapshot, req, &filters, &ignored, warnings, started);
        }
        if groups.is_empty() {
            let words = if ignored.is_empty() {
                req.query.trim().to_string()
            } else {
                ignored.join(" ")
            };
            return Err(Error::BadRequest(if words.is_empty() {
                "empty query: give at least one word to search for".to_string()
            } else {
                format!(
                    "nothing to search for in '{words}': stopwords and punctuation are not indexed; add a content word"
                )
            }));
        }
        if !ignored.is_empty() {
            warnings.push(format!("ignored stopwords: {}", ignored.join(" ")));
        }
        let has_alternatives = groups.iter().any(|g| g.len() > 1);
        let mut plan = Plan {
            groups,
            excluded,
            filters,
            mode: Mode::AllGroups,
            weights: Weights {
                // Every hit holds every group: only alternatives (`a OR b`) vary in coverage.
                coverage: has_alternatives.then_some(COVERAGE),
                title: TITLE_BOOST,
                unstemmed: self
                    .pipeline
                    .unstemmed_boost()
                    .map(|_| self.settings.unstemmed_boost),
            },
        };
        // With facets, the pass that counts them counts the matches too (and may rank them
        // for the page of hits by relevance that follows).
        let ranked_next = req.sort == Sort::Relevance && req.limit > 0;
        let mut raw_facets = if req.facets {
            Some(snapshot.facet_counts(Some(&plan), req.facet_limit, ranked_next)?)
        } else {
            None
        };
        let mut total = match raw_facets.as_ref().and_then(|raw| raw.matches) {
            Some(n) => n,
            None => snapshot.count(&plan)?,
        };
        let mut fell_back = false;
        if total == 0 && plan.groups.len() > 1 {
            let any = Plan {
                mode: Mode::AnyGroup,
                weights: Weights {
                    coverage: Some(COVERAGE),
                    ..plan.weights
                },
                ..plan.clone()
            };
            let any_total = snapshot.count(&any)?;
            if any_total > 0 {
                warnings.push(
                    "no paragraph has all the words; showing paragraphs with any of them, those with more of the words first"
                        .to_string(),
                );
                plan = any;
                total = any_total;
                fell_back = true;
                raw_facets = None;
            }
        }
        let facets = if req.facets {
            let raw = match raw_facets {
                Some(raw) => raw,
                None => snapshot.facet_counts(Some(&plan), req.facet_limit, ranked_next)?,
            };
            self.facet_counts(raw, req.facet_limit)
        } else {
            FacetCounts::default()
        };
        let hits = self.collect_hits(&*snapshot, &plan, total, req)?;
        let suggestions = if total == 0 || fell_back {
            self.suggest(&*snapshot, &req.query)?
        } else {
            Vec::new()
        };
        Ok(Response {
            query: req.query.clone(),
            total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets,
            warnings,
            suggestions,
        })
    }

    /// `query` with each word the index lacks replaced by its nearest indexed spelling (within
    /// one edit, two for words of six letters or more); none when no word was replaced.
    fn suggest(&self, snapshot: &dyn Snapshot, query: &str) -> Result<Vec<String>, Error> {
        let mut corrected = query.to_string();
        let mut changed = false;
        for token in analysis::analyze(&self.pipeline, query).into_iter().rev() {
            // Query syntax (`a OR b`, `title:word`) is not a word to correct.
            let syntax = token.surface == "OR" || query[token.end..].starts_with(':');
            let Some(stem) = token.term.filter(|_| !syntax) else {
                continue;
            };
            let letters = token.normalized.chars().count();
            if letters < 3 || snapshot.similar_terms(&stem, 0, 1)?.iter().any(|t| t.1 > 0) {
                continue;
            }
            let distance = if letters >= 6 { 2 } else { 1 };
            // Whole words as indexed: unstemmed terms (marked) and words stemming left alone.
            let marked = unstemmed::term(&token.normalized);
            let mut near: Vec<(String, u64)> = snapshot
                .similar_terms(&marked, distance, 20)?
                .into_iter()
                .filter(|(t, _)| unstemmed::is_unstemmed(t))
                .map(|(t, n)| (t.trim_start_matches(unstemmed::MARK).to_string(), n))
                .collect();
            near.extend(
                snapshot
                    .similar_terms(&token.normalized, distance, 20)?
                    .into_iter()
                    .filter(|(t, _)| !unstemmed::is_unstemmed(t)),
            );
            // The nearest spelling, then the commonest.
            let best = near.into_iter().min_by_key(|(t, n)| {
                (
                    strsim::levenshtein(t, &token.normalized),
                    std::cmp::Reverse(*n),
                )
            });
            if let Some((word, _)) = best {
                corrected.replace_range(token.start..token.end, &word);
                changed = true;
            }
        }
        Ok(if changed { vec![corrected] } else { Vec::new() })
    }

    fn analyse(&self, item: &query::Item) -> Item {
        let words = analysis::analyze(&self.pipeline, &item.text)
            .into_iter()
            .filter_map(|t| {
                Some(Word {
                    position: t.position,
                    stem: t.term?,
                    alternative: t.alternative,
                    unstemmed: t.unstemmed,
                })
            })
            .collect();
        Item {
            words,
            scope: item.scope,
        }
    }

    /// The request's filters, every value resolved and checked.
    fn filters(&self, req: &Request) -> Result<Filters, Error> {
        if let (Some(from), Some(to)) = (req.from, req.to) {
            if from > to {
                return Err(Error::BadRequest(format!(
                    "the date range is empty: from {from} is after to {to}"
                )));
            }
        }
        Ok(Filters {
            countries: self.country_codes(&req.countries)?,
            persons: if req.persons.is_empty() {
                Vec::new()
            } else {
                self.person_names(&req.persons)?
            },
            sources: req.sources.clone(),
            from: req.from,
            to: req.to,
        })
    }

    /// Resolves country values (codes, English names, Arabic forms) to ISO codes.
    pub fn country_codes(&self, values: &[String]) -> Result<Vec<String>, Error> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let facets = self.extractor()?;
        Ok(values
            .iter()
            .map(|v| facets.resolve_country(v).map(|c| c.code.clone()))
            .collect::<Result<_, Unknown>>()?)
    }

    /// Resolves person values to the names stored in the index.
    pub fn person_names(&self, values: &[String]) -> Result<Vec<String>, Error> {
        let facets = self.extractor()?;
        let mut known: Option<Vec<String>> = None;
        let mut out = Vec::new();
        for value in values {
            if let Some(person) = facets.resolve_person(value) {
                out.push(person.name.clone());
                continue;
            }
            let names = match &known {
                Some(names) => names,
                None => known.insert(
                    self.snapshot()?
                        .facet_counts(None, usize::MAX, false)?
                        .persons
                        .into_iter()
                        .map(|(n, _)| n)
                        .collect(),
                ),
            };
            // Any spelling (عبدالفتاح، عبد الفتاح), or a part of exactly one name (صلاح).
            let want = facets.name_key(value);
            if let Some(name) = names.iter().find(|n| facets.name_key(n) == want) {
                out.push(name.clone());
                continue;
            }
            let mut within = names.iter().filter(|n| {
                let key = facets.name_key(n);
                !want.is_empty()
                    && key.len() > want.len()
                    && key.windows(want.len()).any(|w| w == want)
            });
            if let (Some(name), None) = (within.next(), within.next()) {
                out.push(name.clone());
                continue;
            }
            let want = self.pipeline.normalize(value);
            let mut ranked: Vec<(f64, &String)> = names
                .iter()
                .map(|n| {
                    let score = strsim::normalized_levenshtein(&self.pipeline.normalize(n), &want);
                    (score, n)
                })
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            return Err(Error::Unknown(Unknown {
                what: "person",
                value: value.clone(),
                suggestions: ranked
                    .into_iter()
                    .take(3)
                    .filter(|r| r.0 > 0.4)
                    .map(|r| r.1.clone())
                    .collect(),
            }));
        }
        Ok(out)
    }

    /// A query of stopwords only: their terms are not indexed, so stored paragraphs (at most
    /// [`Limits::scan`]) are scanned for the words in their normal form, adjacent and in order.
    fn scan_stopwords(
        &self,
        snapshot: &dyn Snapshot,
        req: &Request,
        filters: &Filters,
        words: &[String],
        mut warnings: Vec<String>,
        started: Instant,
    ) -> Result<Response, Error> {
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
            return Err(Error::BadRequest(format!(
                "nothing to search for in '{}': give at least one word",
                req.query.trim()
            )));
        }
        warnings.push(format!(
            "'{}' is only stopwords, which are not indexed; scanned the paragraphs for them word by word",
            words.join(" ")
        ));
        let (docs, more) = snapshot.filtered(filters, self.limits.scan)?;
        if more {
            warnings.push(format!(
                "only the first {} paragraphs were scanned; add a content word or a filter to search them all",
                self.limits.scan
            ));
        }
        let want = req.offset.saturating_add(req.limit);
        let mut total = 0;
        let mut hits = Vec::new();
        let mut buf = analysis::Buffers::default();
        for doc in docs {
            let paragraph = snapshot.paragraph(doc)?;
            let text = paragraph.text.as_str();
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
                let snip = snippet::around(text, &found, self.settings.snippet_chars);
                hits.push(self.hit(total, 0.0, paragraph, snip));
            }
        }
        Ok(Response {
            query: req.query.clone(),
            total,
            took_ms: started.elapsed().as_millis() as u64,
            hits,
            facets: FacetCounts::default(),
            warnings,
            suggestions: Vec::new(),
        })
    }

    /// The page of hits: candidates fetched until enough distinct groups fill it.
    fn collect_hits(
        &self,
        snapshot: &dyn Snapshot,
        plan: &Plan,
        total: usize,
        req: &Request,
    ) -> Result<Vec<Hit>, Error> {
        let want = req.offset.saturating_add(req.limit);
        if want == 0 || total == 0 || req.limit == 0 {
            return Ok(Vec::new());
        }
        let grouping = if req.group_by_article {
            Grouping::Article
        } else if req.no_collapse {
            Grouping::None
        } else {
            Grouping::Duplicates
        };
        let collapse = grouping != Grouping::None;
        let mut fetch = if collapse {
            want.saturating_mul(3).saturating_add(20)
        } else {
            want
        };
        // Up to this many matches, a hit lists every copy (or every paragraph of its article),
        // not only those ranked among the fetched.
        let complete = collapse && total <= crate::backend::COMPLETE_GROUPS_UP_TO;
        let fetch_cap = total.max(1);
        let terms: HashSet<String> = plan.terms().map(str::to_string).collect();
        loop {
            fetch = fetch.min(fetch_cap);
            let top = snapshot.top(plan, req.sort, fetch, grouping)?;
            let fetched = top.len();
            let groups = group(top);
            if groups.len() > want || fetched >= fetch_cap || !collapse {
                let mut shown: Vec<Group> = groups
                    .into_iter()
                    .skip(req.offset)
                    .take(req.limit)
                    .collect();
                if complete && fetched < fetch_cap {
                    complete_groups(snapshot, plan, grouping, &mut shown)?;
                }
                return shown
                    .into_iter()
                    .enumerate()
                    .map(|(i, g)| {
                        let paragraph = snapshot.paragraph(g.best.doc)?;
                        let snip = snippet::snippet(
                            &self.pipeline,
                            &paragraph.text,
                            &terms,
                            self.settings.snippet_chars,
                        );
                        let mut hit = self.hit(req.offset + i + 1, g.best.score, paragraph, snip);
                        if req.group_by_article {
                            let mut others = g.others;
                            others.sort_unstable();
                            hit.other_paragraphs = (!others.is_empty()).then_some(others);
                        } else {
                            hit.duplicates = g.duplicates;
                        }
                        Ok(hit)
                    })
                    .collect();
            }
            fetch = fetch.saturating_mul(4);
        }
    }

    /// A hit on `paragraph` showing `snip`; no duplicates, no grouping.
    fn hit(&self, rank: usize, score: f32, p: Paragraph, snip: snippet::Snippet) -> Hit {
        Hit {
            rank,
            score,
            countries: self.country_refs(&p.countries),
            article_id: p.article_id,
            paragraph: p.paragraph,
            title: p.title,
            date: p.date,
            place: p.place,
            source: p.source,
            path: p.path,
            text: p.text,
            snippet: snip.text,
            highlights: snip.highlights.iter().map(|r| [r.start, r.end]).collect(),
            byte_highlights: snip.byte_highlights,
            persons: p.persons,
            duplicates: 0,
            other_paragraphs: None,
        }
    }

    /// The Arabic name of a country code (the code itself when unknown).
    fn country_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.backend.config().country_name(code).unwrap_or(code)
    }

    fn country_refs(&self, codes: &[String]) -> Vec<CountryRef> {
        codes
            .iter()
            .map(|code| CountryRef {
                name: self.country_name(code).to_string(),
                code: code.clone(),
            })
            .collect()
    }

    /// The counts as shown: the `limit` most frequent countries, persons and sources, every month.
    fn facet_counts(&self, raw: RawCounts, limit: usize) -> FacetCounts {
        let mut out = FacetCounts {
            countries: raw
                .countries
                .into_iter()
                .map(|(code, count)| CountryCount {
                    name: self.country_name(&code).to_string(),
                    code,
                    count,
                })
                .collect(),
            persons: raw
                .persons
                .into_iter()
                .map(|(name, count)| PersonCount { name, count })
                .collect(),
            sources: raw
                .sources
                .into_iter()
                .map(|(name, count)| SourceCount { name, count })
                .collect(),
            months: raw
                .months
                .into_iter()
                .map(|(month, count)| MonthCount { month, count })
                .collect(),
        };
        out.sources
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        out.months.sort_by(|a, b| a.month.cmp(&b.month));
        out.countries
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        out.persons
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        out.countries.truncate(limit);
        out.persons.truncate(limit);
        out.sources.truncate(limit);
        out
    }

    /// Facet counts of the whole index: `field` alone or both, the `limit` largest of each.
    pub fn facets(&self, field: Option<FacetField>, limit: usize) -> Result<FacetList, Error> {
        let counts = self.facet_counts(self.snapshot()?.facet_counts(None, limit, false)?, limit);
        Ok(FacetList {
            countries: (field != Some(FacetField::Person)).then_some(counts.countries),
            persons: (field != Some(FacetField::Country)).then_some(counts.persons),
        })
    }

    /// A whole article; not found names the ids most like `id`.
    pub fn article(&self, id: &str) -> Result<Article, Error> {
        let snapshot = self.snapshot()?;
        let paragraphs = snapshot.article(id)?;
        let Some(first) = paragraphs.first().cloned() else {
            return Err(Error::NotFound {
                id: id.to_string(),
                similar: similar_ids(id, snapshot.article_ids()?),
            });
        };
        Ok(Article {
            article_id: first.article_id,
            title: first.title,
            date: first.date,
            place: first.place,
            source: first.source,
            category: first.category,
            url: first.url,
            path: first.path,
            paragraphs: paragraphs
                .into_iter()
                .map(|p| ArticleParagraph {
                    paragraph: p.paragraph,
                    countries: self.country_refs(&p.countries),
                    text: p.text,
                    persons: p.persons,
                })
                .collect(),
        })
    }

    /// What the index holds.
    pub fn stats(&self) -> Result<Stats, Error> {
        Ok(self.snapshot()?.stats()?)
    }
}

/// How the analyser reads `text` under `config`.
pub fn analyze(config: &Config, text: &str) -> Analysis {
    Analysis {
        tokens: analysis::analyze(&config.pipeline(), text),
    }
}

fn ensure_within_limits(req: &Request, limits: &Limits) -> Result<(), Error> {
    let chars = req.query.chars().count();
    if chars > limits.query_chars {
        return Err(Error::BadRequest(format!(
            "the query is {chars} characters long; the most is {}",
            limits.query_chars
        )));
    }
    if req.limit > limits.limit {
        return Err(Error::BadRequest(format!(
            "a page of {} hits is too many; ask for at most {}",
            req.limit, limits.limit
        )));
    }
    if req.offset > limits.offset {
        return Err(Error::BadRequest(format!(
            "skipping {} hits is too deep; page at most {} hits in, or narrow the search",
            req.offset, limits.offset
        )));
    }
    Ok(())
}

/// Candidates of one group (a wire story, an article) with the best first.
struct Group {
    best: Candidate,
    duplicates: usize,
    others: Vec<u64>,
}

/// Sets each group's copies (or other paragraphs) to all the matches of its key, not only the
/// ranked candidates it was grouped from.
fn complete_groups(
    snapshot: &dyn Snapshot,
    plan: &Plan,
    grouping: Grouping,
    groups: &mut [Group],
) -> Result<(), Error> {
    let keys: Vec<GroupKey> = groups.iter().map(|g| g.best.key.clone()).collect();
    if keys.iter().all(|k| *k == GroupKey::None) {
        return Ok(());
    }
    for g in groups.iter_mut() {
        g.duplicates = 0;
        g.others.clear();
    }
    for (i, doc, paragraph) in snapshot.members(plan, grouping, &keys)? {
        let Some(g) = groups.get_mut(i) else {
            continue;
        };
        if doc != g.best.doc && g.best.key != GroupKey::None {
            g.duplicates += 1;
            g.others.push(paragraph);
        }
    }
    Ok(())
}

/// Groups ranked candidates by key, keeping their order.
fn group(top: Vec<Candidate>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<GroupKey, usize> = HashMap::new();
    for candidate in top {
        if candidate.key != GroupKey::None {
            if let Some(&i) = by_key.get(&candidate.key) {
                groups[i].duplicates += 1;
                groups[i].others.push(candidate.paragraph);
                continue;
            }
            by_key.insert(candidate.key.clone(), groups.len());
        }
        groups.push(Group {
            best: candidate,
            duplicates: 0,
            others: Vec::new(),
        });
    }
    groups
}

/// Article ids that look like `id`, for "did you mean": first those `id` ends with after a `/`
/// (a path typed from outside the indexed folder, `corpus/xinhua/a.txt` for `xinhua/a.txt`),
/// then the nearest by spelling.
fn similar_ids(id: &str, ids: Vec<String>) -> Vec<String> {
    let (mut out, rest): (Vec<String>, Vec<String>) = ids.into_iter().partition(|s| {
        id.strip_suffix(s.as_str())
            .is_some_and(|before| before.ends_with(['/', '\\']))
    });
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut ranked: Vec<(f64, String)> = rest
        .into_iter()
        .map(|s| (strsim::jaro_winkler(id, &s), s))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    out.extend(ranked.into_iter().filter(|r| r.0 > 0.8).map(|r| r.1));
    out.truncate(3);
    out
}

impl From<Unavailable> for Error {
    fn from(why: Unavailable) -> Error {
        Error::Unavailable(why)
    }
}
