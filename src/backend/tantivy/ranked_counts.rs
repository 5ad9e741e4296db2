//! One pass over a query's matches that both counts them by facet and ranks them: the facet
//! counts' collector, fed in blocks as it is without scores, beside any ranking collector (the
//! best matches by score), so the first page's hits need no second pass over the postings.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::columns::{ColumnCounts, SegmentCounts, SegmentTallies};
use super::BLOCK;

/// [`ColumnCounts`] and `ranking` over the same matches.
pub(super) struct RankedCounts<'a, R> {
    pub counts: ColumnCounts<'a>,
    pub ranking: R,
}

pub(super) struct SegmentRankedCounts<R> {
    counts: SegmentCounts,
    ranking: R,
    /// Matches not yet counted.
    block: Vec<DocId>,
}

impl<R: Collector> Collector for RankedCounts<'_, R> {
    type Fruit = (Vec<SegmentTallies>, R::Fruit);
    type Child = SegmentRankedCounts<R::Child>;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentRankedCounts {
            counts: self.counts.for_segment(segment, reader)?,
            ranking: self.ranking.for_segment(segment, reader)?,
            block: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.ranking.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        let (counts, ranked): (Vec<_>, Vec<_>) = fruits.into_iter().unzip();
        Ok((
            self.counts.merge_fruits(counts)?,
            self.ranking.merge_fruits(ranked)?,
        ))
    }
}

impl<R: SegmentCollector> SegmentCollector for SegmentRankedCounts<R> {
    type Fruit = (Vec<SegmentTallies>, R::Fruit);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.ranking.collect(doc, score);
        self.block.push(doc);
        if self.block.len() == BLOCK {
            self.counts.collect_block(&self.block);
            self.block.clear();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.ranking.collect(doc, 0.0);
        }
        self.counts.collect_block(docs);
    }

    fn harvest(mut self) -> Self::Fruit {
        if !self.block.is_empty() {
            self.counts.collect_block(&self.block);
        }
        (self.counts.harvest(), self.ranking.harvest())
    }
}
