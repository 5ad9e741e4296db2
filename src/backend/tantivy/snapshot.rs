//! One request's view of a local index: a Tantivy searcher, its collectors and stored documents.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use super::columns::ColumnCounts;
use super::folder;
use super::members::{members_among, Members};
use super::open_columns::OpenColumns;
use super::query::{filters_query, plan_query};
use super::ranked_counts::RankedCounts;
use super::schema::{self, name, Fields};
use super::similar;
use super::TantivyIndex;
use crate::api::{Sort, Stats};
use crate::backend::{
    Candidate, DocRef, GroupKey, Grouping, Paragraph, RawCounts, Snapshot, COMPLETE_GROUPS_UP_TO,
};
use crate::plan::{Filters, Plan};

pub(super) struct TantivySnapshot<'a> {
    pub(super) searcher: Searcher,
    pub(super) fields: Fields,
    pub(super) index: &'a TantivyIndex,
    /// Every match of the last plan whose facets were counted, when there were at most
    /// [`COMPLETE_GROUPS_UP_TO`]: the members of its groups are read from them, without a
    /// second pass over the postings.
    pub(super) matched: RefCell<Option<(Plan, Vec<DocAddress>)>>,
    /// The [`RANKED_UP_TO`] best matches by score of the last plan whose facets were counted:
    /// the top hits by relevance are read from them, without a second pass.
    pub(super) ranked: RefCell<Option<(Plan, Ranked)>>,
    pub(super) columns: OpenColumns,
}

/// Matches with their scores, best first.
type Ranked = Vec<(f32, DocAddress)>;

/// How many of the best matches by score the pass counting a plan's facets keeps: the
/// candidates of a first page of up to 26 hits (three times the page, and 20).
const RANKED_UP_TO: usize = 100;

fn doc_ref(addr: DocAddress) -> DocRef {
    DocRef(((addr.segment_ord as u64) << 32) | addr.doc_id as u64)
}

fn address(doc: DocRef) -> DocAddress {
    DocAddress::new((doc.0 >> 32) as u32, doc.0 as u32)
}

/// The fast columns grouping reads, per segment: dup_key (when grouping copies), article_id
/// (when grouping by article), paragraph.
type SegmentColumns = (
    Option<tantivy::columnar::Column<u64>>,
    Option<tantivy::columnar::StrColumn>,
    tantivy::columnar::Column<u64>,
);

impl TantivySnapshot<'_> {
    fn stored(&self, addr: DocAddress) -> Result<Paragraph> {
        let doc: TantivyDocument = self
            .searcher
            .doc(addr)
            .context("reading a stored paragraph")?;
        Ok(paragraph_of(&self.fields, &doc))
    }

    /// The facet counts of the matches of `query`; with `plan`, its matches are kept for
    /// [`Snapshot::members`] when there are few, and with `ranked_next` its best by score for
    /// [`Snapshot::top`].
    fn facet_counts_of(
        &self,
        query: &dyn Query,
        limit: usize,
        plan: Option<(&Plan, bool)>,
    ) -> Result<RawCounts> {
        let collector = ColumnCounts {
            names: &self.index.names,
            limit,
            keep: plan.map_or(0, |_| COMPLETE_GROUPS_UP_TO),
        };
        let mut counts = match plan {
            Some((plan, true)) => {
                let both = RankedCounts {
                    counts: collector,
                    ranking: TopDocs::with_limit(RANKED_UP_TO).order_by_score(),
                };
                let (tallies, ranked) = self.searcher.search(query, &both)?;
                *self.ranked.borrow_mut() = Some((plan.clone(), ranked));
                both.counts.counts(tallies)?
            }
            _ => collector.counts(self.searcher.search(query, &collector)?)?,
        };
        if let (Some((plan, _)), Some(kept)) = (plan, counts.kept.take()) {
            *self.matched.borrow_mut() = Some((plan.clone(), kept));
        }
        let month = |m: u64| format!("{:04}-{:02}", m / 100, m % 100);
        Ok(RawCounts {
            countries: counts.countries.into_iter().collect(),
            persons: counts.persons.into_iter().collect(),
            sources: counts.sources.into_iter().collect(),
            months: counts
                .months
                .into_iter()
                .map(|(m, n)| (month(m), n))
                .collect(),
            matches: usize::try_from(counts.matches).ok(),
        })
    }
}

impl Snapshot for TantivySnapshot<'_> {
    fn count(&self, plan: &Plan) -> Result<usize> {
        Ok(self
            .searcher
            .search(&*plan_query(&self.fields, plan), &Count)?)
    }

    fn top(&self, plan: &Plan, sort: Sort, n: usize, grouping: Grouping) -> Result<Vec<Candidate>> {
        // The facet pass may have ranked this plan already: no query is built then.
        let top: Vec<(f32, DocAddress)> = match (sort, &*self.ranked.borrow()) {
            (Sort::Relevance, Some((ranked_plan, ranked)))
                if ranked_plan == plan && n <= RANKED_UP_TO =>
            {
                ranked.iter().take(n).copied().collect()
            }
            (Sort::Relevance, _) => self.searcher.search(
                &*plan_query(&self.fields, plan),
                &TopDocs::with_limit(n).order_by_score(),
            )?,
            (Sort::Date, _) => self
                .searcher
                .search(
                    &*plan_query(&self.fields, plan),
                    &TopDocs::with_limit(n).order_by_fast_field::<u64>(name::DAY, Order::Desc),
                )?
                .into_iter()
                .map(|(_, addr)| (0.0, addr))
                .collect(),
        };
        let mut columns: HashMap<u32, SegmentColumns> = HashMap::new();
        let mut id = String::new();
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let ord = addr.segment_ord;
            if let std::collections::hash_map::Entry::Vacant(e) = columns.entry(ord) {
                let reader = self.searcher.segment_reader(ord);
                e.insert((
                    match grouping {
                        Grouping::Duplicates => {
                            Some(self.columns.u64(ord, reader, name::DUP_KEY)?)
                        }
                        _ => None,
                    },
                    match grouping {
                        Grouping::Article => reader.fast_fields().str(name::ARTICLE_ID)?,
                        _ => None,
                    },
                    self.columns.u64(ord, reader, name::PARAGRAPH)?,
                ));
            }
            let (dups, ids, paragraphs) = &columns[&ord];
            let key = match grouping {
                Grouping::None => GroupKey::None,
                Grouping::Duplicates => GroupKey::Duplicate(
                    dups.as_ref()
                        .and_then(|d| d.first(addr.doc_id))
                        .unwrap_or(0),
                ),
                Grouping::Article => {
                    id.clear();
                    if let Some(ids) = ids {
                        if let Some(ord) = ids.term_ords(addr.doc_id).next() {
                            ids.ord_to_str(ord, &mut id)?;
                        }
                    }
                    GroupKey::Article(id.clone())
                }
            };
            out.push(Candidate {
                score,
                doc: doc_ref(addr),
                key,
                paragraph: paragraphs.first(addr.doc_id).unwrap_or(0),
            });
        }
        Ok(out)
    }

    fn members(
        &self,
        plan: &Plan,
        grouping: Grouping,
        keys: &[GroupKey],
    ) -> Result<Vec<(usize, DocRef, u64)>> {
        if grouping == Grouping::None || keys.is_empty() {
            return Ok(Vec::new());
        }
        let collector = Members {
            keys,
            columns: &self.columns,
        };
        let found = match &*self.matched.borrow() {
            Some((counted, docs)) if counted == plan => {
                members_among(&self.searcher, &collector, docs)?
            }
            _ => self
                .searcher
                .search(&*plan_query(&self.fields, plan), &collector)?,
        };
        Ok(found
            .into_iter()
            .map(|(key, addr, paragraph)| (key, doc_ref(addr), paragraph))
            .collect())
    }

    fn paragraph(&self, doc: DocRef) -> Result<Paragraph> {
        self.stored(address(doc))
    }

    fn facet_counts(
        &self,
        plan: Option<&Plan>,
        limit: usize,
        ranked_next: bool,
    ) -> Result<RawCounts> {
        match plan {
            Some(plan) => self.facet_counts_of(
                &*plan_query(&self.fields, plan),
                limit,
                Some((plan, ranked_next)),
            ),
            None => self.facet_counts_of(&AllQuery, limit, None),
        }
    }

    fn filtered(&self, filters: &Filters, limit: usize) -> Result<(Vec<DocRef>, bool)> {
        let query = filters_query(&self.fields, filters);
        let mut docs: Vec<DocAddress> = self
            .searcher
            .search(&*query, &DocSetCollector)?
            .into_iter()
            .collect();
        docs.sort();
        let more = docs.len() > limit;
        docs.truncate(limit);
        Ok((docs.into_iter().map(doc_ref).collect(), more))
    }

    fn article(&self, id: &str) -> Result<Vec<Paragraph>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.article_id, id),
            IndexRecordOption::Basic,
        );
        let count = self.searcher.search(&query, &Count)?;
        if count == 0 {
            return Ok(Vec::new());
        }
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(count).order_by_score())?;
        let mut paragraphs = top
            .into_iter()
            .map(|(_, addr)| self.stored(addr))
            .collect::<Result<Vec<_>>>()?;
        paragraphs.sort_by_key(|p| p.paragraph);
        Ok(paragraphs)
    }

    fn article_ids(&self) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for segment in self.searcher.segment_readers() {
            if let Some(column) = segment.fast_fields().str(name::ARTICLE_ID)? {
                ids.extend(schema::all_terms(&column)?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    fn similar_terms(&self, term: &str, distance: u8, limit: usize) -> Result<Vec<(String, u64)>> {
        Ok(similar::similar_terms(
            &self.searcher,
            self.fields.terms,
            term,
            distance,
            limit,
        )?)
    }

    fn stats(&self) -> Result<Stats> {
        let mut articles: HashSet<String> = HashSet::new();
        let mut sources: HashMap<String, HashSet<String>> = HashMap::new();
        let (mut min_day, mut max_day) = (u64::MAX, 0u64);
        for segment in self.searcher.segment_readers() {
            let fast = segment.fast_fields();
            let days = fast.u64(name::DAY)?;
            let Some(ids) = fast.str(name::ARTICLE_ID)? else {
                continue;
            };
            // Each segment's dictionaries are read once, not once per document.
            let id_terms = schema::all_terms(&ids)?;
            let source_column = fast.str(name::SOURCE)?;
            let source_terms = match &source_column {
                Some(column) => schema::all_terms(column)?,
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
        let info = &self.index.info;
        Ok(Stats {
            articles: articles.len(),
            paragraphs: self.searcher.num_docs() as usize,
            date_range: (max_day > 0).then(|| [day_str(min_day), day_str(max_day)]),
            sources,
            bytes_on_disk: folder::dir_size(&self.index.dir),
            built_at: info.built_at.clone(),
            config_hash: info.config_hash.clone(),
            corpus: info.corpus.clone(),
        })
    }
}

/// The stored fields of a paragraph document.
fn paragraph_of(f: &Fields, doc: &TantivyDocument) -> Paragraph {
    let text = |field: Field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let all = |field: Field| -> Vec<String> {
        doc.get_all(field)
            .filter_map(|v| v.as_str())
            .map(str::to_string)
            .collect()
    };
    Paragraph {
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
        countries: all(f.country),
        persons: all(f.person),
    }
}
