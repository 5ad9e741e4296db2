//! A collector counting matches by fast columns: per source (by ordinal, named once per segment)
//! and per month of the `day` column.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema::name;

/// Matches per source and per month (`YYYYMM`).
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub sources: HashMap<String, u64>,
    pub months: HashMap<u64, u64>,
}

/// Counts matches by source and month.
pub(super) struct ColumnCounts;

pub(super) struct SegmentCounts {
    sources: Option<StrColumn>,
    by_ord: Vec<u64>,
    days: Column<u64>,
    months: HashMap<u64, u64>,
}

impl Collector for ColumnCounts {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let fast = reader.fast_fields();
        let sources = fast.str(name::SOURCE)?;
        let by_ord = vec![0; sources.as_ref().map_or(0, |s| s.num_terms())];
        Ok(SegmentCounts {
            sources,
            by_ord,
            days: fast.u64(name::DAY)?,
            months: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut out = Counts::default();
        for fruit in fruits {
            for (source, n) in fruit.sources {
                *out.sources.entry(source).or_default() += n;
            }
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
        if let Some(ord) = self.sources.as_ref().and_then(|s| s.term_ords(doc).next()) {
            self.by_ord[ord as usize] += 1;
        }
        if let Some(day) = self.days.first(doc) {
            *self.months.entry(day / 100).or_default() += 1;
        }
    }

    fn harvest(self) -> Counts {
        let mut sources = HashMap::new();
        if let Some(column) = &self.sources {
            let mut name = String::new();
            for (ord, &n) in self.by_ord.iter().enumerate() {
                if n > 0 && column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                    sources.insert(std::mem::take(&mut name), n);
                }
            }
        }
        Counts {
            sources,
            months: self.months,
        }
    }
}
