//! A collector counting matches from fast columns: countries, persons and sources by ordinal
//! (each segment names only the ordinals it counted, in one pass over its dictionary, and keeps
//! the names it read for the next query), and months from the `day` column.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema::name;

/// Values named per segment and column: the most frequent ones. A broad query over an index of
/// many people matches tens of thousands of names, and naming each costs a dictionary look-up;
/// a value outside every segment's top counts is far below what a facet list shows.
const NAMED_PER_SEGMENT: usize = 1_000;

/// Matches per country, person, source and month (`YYYYMM`).
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub countries: HashMap<String, u64>,
    pub persons: HashMap<String, u64>,
    pub sources: HashMap<String, u64>,
    pub months: HashMap<u64, u64>,
}

/// The names read so far from one column of one segment, by ordinal.
type Named = Arc<Mutex<HashMap<u64, String>>>;

/// The values already named, by segment, column and ordinal: a process that answers many
/// queries (the server) reads each name from a dictionary once, not on every query.
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

/// Counts matches by country, person, source and month.
pub(super) struct ColumnCounts<'a> {
    pub names: &'a Names,
}

/// One text column and its counts by ordinal.
struct Tally {
    column: Option<StrColumn>,
    by_ord: Vec<u64>,
    names: Named,
}

impl Tally {
    fn new(reader: &SegmentReader, column: &'static str, names: &Names) -> tantivy::Result<Tally> {
        let names = names.of(reader.segment_id(), column);
        let column = reader.fast_fields().str(column)?;
        let by_ord = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(Tally {
            column,
            by_ord,
            names,
        })
    }

    fn collect(&mut self, doc: DocId) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                self.by_ord[ord as usize] += 1;
            }
        }
    }

    /// The counted values, named: at most [`NAMED_PER_SEGMENT`] of them, the most frequent.
    fn harvest(self) -> HashMap<String, u64> {
        let mut out = HashMap::new();
        let Some(column) = self.column else {
            return out;
        };
        let mut counted: Vec<(u64, u64)> = self
            .by_ord
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(ord, &n)| (ord as u64, n))
            .collect();
        if counted.len() > NAMED_PER_SEGMENT {
            counted.select_nth_unstable_by(NAMED_PER_SEGMENT, |a, b| b.1.cmp(&a.1));
            counted.truncate(NAMED_PER_SEGMENT);
            counted.sort_unstable();
        }
        let mut names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        let missing: Vec<u64> = counted
            .iter()
            .map(|&(ord, _)| ord)
            .filter(|ord| !names.contains_key(ord))
            .collect();
        let mut missing_ords = missing.iter();
        let _ = column
            .dictionary()
            .sorted_ords_to_term_cb(&missing, |term| {
                if let Some(&ord) = missing_ords.next() {
                    names.insert(ord, String::from_utf8_lossy(term).into_owned());
                }
            });
        for (ord, n) in counted {
            if let Some(name) = names.get(&ord) {
                out.insert(name.clone(), n);
            }
        }
        out
    }
}

pub(super) struct SegmentCounts {
    countries: Tally,
    persons: Tally,
    sources: Tally,
    days: Column<u64>,
    months: HashMap<u64, u64>,
}

impl Collector for ColumnCounts<'_> {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        Ok(SegmentCounts {
            countries: Tally::new(reader, name::COUNTRY, self.names)?,
            persons: Tally::new(reader, name::PERSON, self.names)?,
            sources: Tally::new(reader, name::SOURCE, self.names)?,
            days: reader.fast_fields().u64(name::DAY)?,
            months: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut out = Counts::default();
        let add = |into: &mut HashMap<String, u64>, from: HashMap<String, u64>| {
            for (value, n) in from {
                *into.entry(value).or_default() += n;
            }
        };
        for fruit in fruits {
            add(&mut out.countries, fruit.countries);
            add(&mut out.persons, fruit.persons);
            add(&mut out.sources, fruit.sources);
            for (month, n) in fruit.months {
                *out.months.entry(month).or_default() += n;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.countries.collect(doc);
        self.persons.collect(doc);
        self.sources.collect(doc);
        if let Some(day) = self.days.first(doc) {
            *self.months.entry(day / 100).or_default() += 1;
        }
    }

    fn harvest(self) -> Counts {
        Counts {
            countries: self.countries.harvest(),
            persons: self.persons.harvest(),
            sources: self.sources.harvest(),
            months: self.months,
        }
    }
}
