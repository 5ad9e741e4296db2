//! The u64 fast columns one request has opened, by segment: each is opened once (decoding its
//! block index) and shared by the passes that read it (the top hits and the members of groups).

use std::sync::Mutex;

use rustc_hash::FxHashMap as HashMap;
use tantivy::columnar::Column;
use tantivy::{SegmentOrdinal, SegmentReader};

#[derive(Default)]
pub(super) struct OpenColumns {
    open: Mutex<HashMap<(SegmentOrdinal, &'static str), Column<u64>>>,
}

impl OpenColumns {
    /// The column `name` of segment `segment` (whose reader is `reader`).
    pub(super) fn u64(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
        name: &'static str,
    ) -> tantivy::Result<Column<u64>> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(column) = open.get(&(segment, name)) {
            return Ok(column.clone());
        }
        let column = reader.fast_fields().u64(name)?;
        open.insert((segment, name), column.clone());
        Ok(column)
    }
}
