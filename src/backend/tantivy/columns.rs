//! A collector counting matches from fast columns: countries, persons and sources by ordinal,
//! and months from the `day` column. Each segment counts by its own ordinals; the merge names
//! only what it needs to find the `limit` most frequent values of each column exactly, across
//! segments (a threshold algorithm: each segment names its top values, their totals are looked
//! up everywhere, and no value left unnamed can beat them). Names read from a segment's
//! dictionary are kept for the next query.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::io;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::RowId;
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::ordinal_counts::OrdinalCounts;
use super::schema::name;

/// Matches per country, person, source and month (`YYYYMM`), and in all.
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub countries: HashMap<String, u64>,
    pub persons: HashMap<String, u64>,
    pub sources: HashMap<String, u64>,
    pub months: HashMap<u64, u64>,
    /// The matches counted.
    pub matches: u64,
    /// Every match, when there were at most [`ColumnCounts::keep`].
    pub kept: Option<Vec<DocAddress>>,
}

/// What is known so far of one column of one segment's dictionary.
type Named = Arc<Mutex<Known>>;

/// Names read by ordinal, and ordinals looked up by name (`None`: the segment lacks the name).
#[derive(Default)]
struct Known {
    names: HashMap<u64, String>,
    ords: HashMap<String, Option<u64>>,
}

/// The values already named (and names already looked up), by segment and column: a process
/// that answers many queries (the server) reads each from a dictionary once, not on every query.
#[derive(Default)]
pub(super) struct Names {
    known: Mutex<HashMap<(SegmentId, &'static str), Named>>,
}

impl Names {
    /// The names known for `column` of `segment`.
    fn of(&self, segment: SegmentId, column: &'static str) -> Named {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        known.entry((segment, column)).or_default().clone()
    }

    /// Forgets the segments not in `live` (merged away or deleted).
    pub(super) fn keep_only(&self, live: &HashSet<SegmentId>) {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        known.retain(|(segment, _), _| live.contains(segment));
    }
}

/// Counts matches by country, person and source (the `limit` most frequent of each, exactly)
/// and by month (all).
pub(super) struct ColumnCounts<'a> {
    pub names: &'a Names,
    pub limit: usize,
    /// Up to this many matches, the matching documents are kept as well.
    pub keep: usize,
}

/// One text column of one segment and its counts by ordinal.
pub(super) struct Tally {
    column: Option<StrColumn>,
    counts: OrdinalCounts,
    names: Named,
}

impl Tally {
    fn new(reader: &SegmentReader, column: &'static str, names: &Names) -> tantivy::Result<Tally> {
        let names = names.of(reader.segment_id(), column);
        let column = reader.fast_fields().str(column)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(Tally {
            column,
            counts: OrdinalCounts::new(terms),
            names,
        })
    }

    fn collect(&mut self, doc: DocId) {
        if let Some(column) = &self.column {
            self.counts.add(column.term_ords(doc));
        }
    }

    /// Counts a block of matches, reading the column's values for all of them at once.
    fn collect_block(&mut self, docs: &[DocId], scratch: &mut Scratch) {
        let Some(column) = &self.column else {
            return;
        };
        let ords = column.ords();
        scratch.docs.clear();
        scratch.rows.clear();
        ords.row_ids_for_docs(docs, &mut scratch.docs, &mut scratch.rows);
        scratch.ords.clear();
        scratch.ords.resize(scratch.rows.len(), 0);
        ords.values.get_vals(&scratch.rows, &mut scratch.ords);
        self.counts.add(scratch.ords.iter().copied());
    }

    /// The counted ordinals with their counts, in no order.
    fn counted(&self) -> Vec<(u64, u32)> {
        self.counts.counted()
    }

    /// The names of `ords`, in their order, read from the dictionary where not yet known.
    fn name(&self, ords: &[u64]) -> io::Result<Vec<String>> {
        let Some(column) = &self.column else {
            return Ok(Vec::new());
        };
        let mut known = self.names.lock().unwrap_or_else(|e| e.into_inner());
        let names = &mut known.names;
        let mut missing: Vec<u64> = ords
            .iter()
            .copied()
            .filter(|ord| !names.contains_key(ord))
            .collect();
        missing.sort_unstable();
        let mut missing_ords = missing.iter();
        column
            .dictionary()
            .sorted_ords_to_term_cb(&missing, |term| {
                if let Some(&ord) = missing_ords.next() {
                    names.insert(ord, String::from_utf8_lossy(term).into_owned());
                }
            })?;
        ords.iter()
            .map(|ord| {
                names.get(ord).cloned().ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("a column dictionary lacks ordinal {ord}"),
                    )
                })
            })
            .collect()
    }

    /// The count of `value` here (0 when the segment lacks it).
    fn count_of(&self, value: &str) -> io::Result<u64> {
        let Some(column) = &self.column else {
            return Ok(0);
        };
        let mut known = self.names.lock().unwrap_or_else(|e| e.into_inner());
        let ord = match known.ords.get(value) {
            Some(&ord) => ord,
            None => {
                let ord = column.dictionary().term_ord(value)?;
                known.ords.insert(value.to_string(), ord);
                ord
            }
        };
        Ok(ord.map_or(0, |ord| u64::from(self.counts.of(ord))))
    }
}

/// The `limit` most frequent values over the segments' tallies of one column, with their
/// totals (more than `limit` when values tie at the last place, except in a single segment,
/// where ties are broken by name as they are shown).
fn top_values(tallies: &[Tally], limit: usize) -> io::Result<HashMap<String, u64>> {
    if limit == 0 {
        return Ok(HashMap::default());
    }
    let mut counted: Vec<Vec<(u64, u32)>> = tallies.iter().map(Tally::counted).collect();
    let most_first = |a: &(u64, u32), b: &(u64, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if let ([tally], [counted]) = (tallies, &mut counted[..]) {
        // One segment: its ordinals are in the order of the names, so its `limit` first by
        // count, then by ordinal, are the values shown (ties broken by name), found without
        // naming the others.
        if counted.len() > limit {
            counted.select_nth_unstable_by(limit, most_first);
            counted.truncate(limit);
        }
        let ords: Vec<u64> = counted.iter().map(|&(ord, _)| ord).collect();
        let names = tally.name(&ords)?;
        return Ok(names
            .into_iter()
            .zip(counted.iter())
            .map(|(name, &(_, n))| (name, u64::from(n)))
            .collect());
    }
    let mut per_segment = limit.max(1);
    loop {
        // Each segment's `per_segment` best, named; a value outside all of them counts at most
        // the sum of each segment's best count not taken (nothing, where a segment gave all).
        let mut totals: HashMap<String, u64> = HashMap::default();
        let mut bound = 0u64;
        let mut named_in: Vec<HashSet<String>> = Vec::with_capacity(tallies.len());
        for (tally, counted) in tallies.iter().zip(&mut counted) {
            let n = counted.len().min(per_segment);
            if n < counted.len() {
                // The n-th in its place: those before count as much or more, those after as
                // much or less.
                counted.select_nth_unstable_by(n, most_first);
                bound += u64::from(counted[n].1);
            }
            counted[..n].sort_unstable_by(most_first);
            let taken = &counted[..n];
            let ords: Vec<u64> = taken.iter().map(|&(ord, _)| ord).collect();
            let names = tally.name(&ords)?;
            for (name, &(_, n)) in names.iter().zip(taken) {
                *totals.entry(name.clone()).or_default() += u64::from(n);
            }
            named_in.push(names.into_iter().collect());
        }
        // Each candidate's count in the segments that did not name it.
        for (value, total) in totals.iter_mut() {
            for (tally, named) in tallies.iter().zip(&named_in) {
                if !named.contains(value) {
                    *total += tally.count_of(value)?;
                }
            }
        }
        let mut best: Vec<u64> = totals.values().copied().collect();
        best.sort_unstable_by(|a, b| b.cmp(a));
        // Done when the limit-th candidate beats any unnamed value, or nothing is left unnamed.
        let last = best.get(limit - 1).copied();
        if bound == 0 || last.is_some_and(|n| n > bound) {
            let floor = last.unwrap_or(0);
            totals.retain(|_, n| *n >= floor);
            return Ok(totals);
        }
        per_segment = per_segment.saturating_mul(4);
    }
}

/// What one segment counted.
pub(super) struct SegmentTallies {
    countries: Tally,
    persons: Tally,
    sources: Tally,
    months: HashMap<u64, u64>,
    matches: u64,
    segment: SegmentOrdinal,
    kept: Vec<DocId>,
}

pub(super) struct SegmentCounts {
    countries: Tally,
    persons: Tally,
    sources: Tally,
    days: Column<u64>,
    months: HashMap<u64, u64>,
    matches: u64,
    segment: SegmentOrdinal,
    /// The matches, while there are at most `keep`.
    kept: Vec<DocId>,
    keep: usize,
    scratch: Scratch,
}

/// Buffers reused from block to block of matches.
#[derive(Default)]
struct Scratch {
    docs: Vec<DocId>,
    rows: Vec<RowId>,
    ords: Vec<u64>,
    days: Vec<Option<u64>>,
}

impl Collector for ColumnCounts<'_> {
    type Fruit = Vec<SegmentTallies>;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        Ok(SegmentCounts {
            countries: Tally::new(reader, name::COUNTRY, self.names)?,
            persons: Tally::new(reader, name::PERSON, self.names)?,
            sources: Tally::new(reader, name::SOURCE, self.names)?,
            days: reader.fast_fields().u64(name::DAY)?,
            months: HashMap::default(),
            matches: 0,
            segment,
            kept: Vec::new(),
            keep: self.keep,
            scratch: Scratch::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<SegmentTallies>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Vec<SegmentTallies>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.matches += 1;
        if self.kept.len() < self.keep {
            self.kept.push(doc);
        }
        self.countries.collect(doc);
        self.persons.collect(doc);
        self.sources.collect(doc);
        if let Some(day) = self.days.first(doc) {
            *self.months.entry(day / 100).or_default() += 1;
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.matches += docs.len() as u64;
        if self.kept.len() + docs.len() <= self.keep {
            self.kept.extend_from_slice(docs);
        }
        let scratch = &mut self.scratch;
        self.countries.collect_block(docs, scratch);
        self.persons.collect_block(docs, scratch);
        self.sources.collect_block(docs, scratch);
        scratch.days.clear();
        scratch.days.resize(docs.len(), None);
        self.days.first_vals(docs, &mut scratch.days);
        for day in scratch.days.iter().flatten() {
            *self.months.entry(day / 100).or_default() += 1;
        }
    }

    fn harvest(mut self) -> Vec<SegmentTallies> {
        for tally in [&mut self.countries, &mut self.persons, &mut self.sources] {
            tally.counts.finish();
        }
        vec![SegmentTallies {
            countries: self.countries,
            persons: self.persons,
            sources: self.sources,
            months: self.months,
            matches: self.matches,
            segment: self.segment,
            kept: self.kept,
        }]
    }
}

impl ColumnCounts<'_> {
    /// The counts of the segments' tallies: the `limit` most frequent values of each column.
    pub(super) fn counts(&self, tallies: Vec<SegmentTallies>) -> io::Result<Counts> {
        let mut months = HashMap::default();
        let mut matches = 0;
        let mut kept = Vec::new();
        let (mut countries, mut persons, mut sources) = (Vec::new(), Vec::new(), Vec::new());
        for t in tallies {
            countries.push(t.countries);
            persons.push(t.persons);
            sources.push(t.sources);
            matches += t.matches;
            kept.extend(t.kept.iter().map(|&doc| DocAddress::new(t.segment, doc)));
            for (month, n) in t.months {
                *months.entry(month).or_default() += n;
            }
        }
        Ok(Counts {
            countries: top_values(&countries, self.limit)?,
            persons: top_values(&persons, self.limit)?,
            sources: top_values(&sources, self.limit)?,
            months,
            kept: (kept.len() as u64 == matches).then_some(kept),
            matches,
        })
    }
}
