//! A collector of the members of given groups among all matches: the copies of a paragraph
//! (by `dup_key`) or the paragraphs of an article (by `article_id`), read from fast columns
//! without scoring, so the hits shown list every copy without ranking every match.

use rustc_hash::FxHashMap as HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::open_columns::OpenColumns;
use super::schema::name;
use super::BLOCK;
use crate::backend::GroupKey;

/// Collects `(key index, document, paragraph)` for each match whose group key is one of `keys`.
pub(super) struct Members<'a> {
    pub keys: &'a [GroupKey],
    /// Where the u64 columns are opened (shared with the pass that found the top hits).
    pub columns: &'a OpenColumns,
}

/// What [`Members`] collects, read from `docs` (every match, in any order) instead of a search.
pub(super) fn members_among(
    searcher: &Searcher,
    collector: &Members,
    docs: &[DocAddress],
) -> tantivy::Result<Vec<(usize, DocAddress, u64)>> {
    let mut docs = docs.to_vec();
    docs.sort_unstable();
    let mut found = Vec::new();
    let mut ids: Vec<DocId> = Vec::new();
    for segment in docs.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let ord = segment[0].segment_ord;
        let mut child = collector.for_segment(ord, searcher.segment_reader(ord))?;
        ids.clear();
        ids.extend(segment.iter().map(|doc| doc.doc_id));
        for block in ids.chunks(BLOCK) {
            child.collect_block(block);
        }
        found.extend(child.harvest());
    }
    Ok(found)
}

/// What identifies a wanted group in one segment.
enum Wanted {
    /// `dup_key` values, with the index of their key.
    Duplicates(Column<u64>, HashMap<u64, usize>),
    /// `article_id` ordinals of this segment, with the index of their key.
    Articles(Option<StrColumn>, HashMap<u64, usize>),
}

pub(super) struct SegmentMembers {
    segment: SegmentOrdinal,
    wanted: Wanted,
    paragraphs: Column<u64>,
    found: Vec<(usize, DocAddress, u64)>,
    /// The `dup_key`s of a block of matches.
    keys: Vec<Option<u64>>,
}

impl Collector for Members<'_> {
    type Fruit = Vec<(usize, DocAddress, u64)>;
    type Child = SegmentMembers;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMembers> {
        let fast = reader.fast_fields();
        let wanted = if self.keys.iter().any(|k| matches!(k, GroupKey::Article(_))) {
            let ids = fast.str(name::ARTICLE_ID)?;
            let mut ords = HashMap::default();
            if let Some(ids) = &ids {
                for (i, key) in self.keys.iter().enumerate() {
                    if let GroupKey::Article(id) = key {
                        if let Some(ord) = ids.dictionary().term_ord(id)? {
                            ords.insert(ord, i);
                        }
                    }
                }
            }
            Wanted::Articles(ids, ords)
        } else {
            let keys = self
                .keys
                .iter()
                .enumerate()
                .filter_map(|(i, k)| match k {
                    GroupKey::Duplicate(key) => Some((*key, i)),
                    _ => None,
                })
                .collect();
            Wanted::Duplicates(self.columns.u64(segment, reader, name::DUP_KEY)?, keys)
        };
        Ok(SegmentMembers {
            segment,
            wanted,
            paragraphs: self.columns.u64(segment, reader, name::PARAGRAPH)?,
            found: Vec::new(),
            keys: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(usize, DocAddress, u64)>>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMembers {
    type Fruit = Vec<(usize, DocAddress, u64)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let key = match &self.wanted {
            Wanted::Duplicates(column, keys) => column.first(doc).and_then(|k| keys.get(&k)),
            Wanted::Articles(Some(ids), ords) => {
                ids.term_ords(doc).next().and_then(|ord| ords.get(&ord))
            }
            Wanted::Articles(None, _) => None,
        };
        if let Some(&key) = key {
            let paragraph = self.paragraphs.first(doc).unwrap_or(0);
            self.found
                .push((key, DocAddress::new(self.segment, doc), paragraph));
        }
    }

    /// Reads the copy keys of a block of matches at once (article ids one by one).
    fn collect_block(&mut self, docs: &[DocId]) {
        let Wanted::Duplicates(column, wanted) = &self.wanted else {
            for &doc in docs {
                self.collect(doc, 0.0);
            }
            return;
        };
        self.keys.clear();
        self.keys.resize(docs.len(), None);
        column.first_vals(docs, &mut self.keys);
        for (&doc, key) in docs.iter().zip(&self.keys) {
            if let Some(&i) = key.and_then(|k| wanted.get(&k)) {
                let paragraph = self.paragraphs.first(doc).unwrap_or(0);
                self.found
                    .push((i, DocAddress::new(self.segment, doc), paragraph));
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}
