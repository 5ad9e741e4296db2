//! Counts of a column's values by ordinal: the ordinals met are listed while they are few against
//! the dictionary (a search over a few thousand paragraphs meets a few thousand of 36,000 person
//! names), then counted in one slot per ordinal. Listing spares zeroing, paging in and scanning a
//! slot for every name of the dictionary; the slots spare sorting when most names are met.

/// Listing stops at one value for this many ordinals of the dictionary: sorting n values costs
/// about as much as the slots (zeroed, paged in and scanned) near there (measured on the ANT
/// bench index: 8,000 person values sorted cost 0.6 M instructions, the 36,000 slots 0.3 M and
/// 34 page faults).
const LISTED_PER_ORDINAL: usize = 32;

/// Fewest values listed before counting in slots (small dictionaries go to slots soon).
const MIN_LISTED: usize = 64;

pub(super) enum OrdinalCounts {
    /// Every ordinal met, once per value, while there are at most `max` (of a dictionary of
    /// `terms` ordinals).
    Listed {
        ords: Vec<u32>,
        max: usize,
        terms: usize,
    },
    /// Each ordinal met with its count, sorted by ordinal (the list, finished).
    Runs(Vec<(u64, u32)>),
    /// A count for each ordinal of the dictionary.
    Slots(Vec<u32>),
}

impl OrdinalCounts {
    /// Counts for a dictionary of `terms` ordinals.
    pub(super) fn new(terms: usize) -> OrdinalCounts {
        OrdinalCounts::Listed {
            ords: Vec::new(),
            max: (terms / LISTED_PER_ORDINAL).max(MIN_LISTED),
            terms,
        }
    }

    /// Counts each of `ords` once (each below the dictionary's size).
    pub(super) fn add(&mut self, ords: impl IntoIterator<Item = u64>) {
        match self {
            OrdinalCounts::Listed {
                ords: listed,
                max,
                terms,
            } => {
                listed.extend(ords.into_iter().map(|ord| ord as u32));
                if listed.len() > *max {
                    let mut slots = vec![0u32; *terms];
                    for &ord in listed.iter() {
                        slots[ord as usize] += 1;
                    }
                    *self = OrdinalCounts::Slots(slots);
                }
            }
            OrdinalCounts::Slots(slots) => {
                for ord in ords {
                    slots[ord as usize] += 1;
                }
            }
            OrdinalCounts::Runs(_) => debug_assert!(false, "counts added after finish"),
        }
    }

    /// Ends the counting: a list becomes its runs.
    pub(super) fn finish(&mut self) {
        if let OrdinalCounts::Listed { ords, .. } = self {
            ords.sort_unstable();
            let mut runs: Vec<(u64, u32)> = Vec::new();
            for &ord in ords.iter() {
                match runs.last_mut() {
                    Some((last, n)) if *last == u64::from(ord) => *n += 1,
                    _ => runs.push((u64::from(ord), 1)),
                }
            }
            *self = OrdinalCounts::Runs(runs);
        }
    }

    /// The ordinals counted, with their counts, in no order (after [`OrdinalCounts::finish`]).
    pub(super) fn counted(&self) -> Vec<(u64, u32)> {
        match self {
            OrdinalCounts::Runs(runs) => runs.clone(),
            OrdinalCounts::Slots(slots) => {
                // Most slots of a large dictionary count nothing: runs of zeros are skipped
                // sixteen at a time.
                const CHUNK: usize = 16;
                let mut counted = Vec::new();
                for (i, chunk) in slots.chunks(CHUNK).enumerate() {
                    if chunk.iter().fold(0, |any, &n| any | n) == 0 {
                        continue;
                    }
                    for (j, &n) in chunk.iter().enumerate() {
                        if n > 0 {
                            counted.push(((i * CHUNK + j) as u64, n));
                        }
                    }
                }
                counted
            }
            OrdinalCounts::Listed { .. } => {
                debug_assert!(false, "counts read before finish");
                Vec::new()
            }
        }
    }

    /// The count of ordinal `ord` (after [`OrdinalCounts::finish`]).
    pub(super) fn of(&self, ord: u64) -> u32 {
        match self {
            OrdinalCounts::Runs(runs) => runs
                .binary_search_by_key(&ord, |&(o, _)| o)
                .map_or(0, |i| runs[i].1),
            OrdinalCounts::Slots(slots) => usize::try_from(ord)
                .ok()
                .and_then(|i| slots.get(i))
                .copied()
                .unwrap_or(0),
            OrdinalCounts::Listed { .. } => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts of `ords` over a dictionary of `terms`, added in blocks of `block`.
    fn counts(ords: &[u64], terms: usize, block: usize) -> OrdinalCounts {
        let mut counts = OrdinalCounts::new(terms);
        for chunk in ords.chunks(block) {
            counts.add(chunk.iter().copied());
        }
        counts.finish();
        counts
    }

    #[test]
    fn listed_and_slotted_counts_agree() {
        // Over 8,000 ordinals up to 250 values are listed: 100 stay listed, 300 go to slots.
        let ords: Vec<u64> = (0..300u64).map(|i| (i * 37) % 1000 % 120).collect();
        for (take, listed) in [(100, true), (300, false)] {
            let counted = counts(&ords[..take], 8000, 7);
            assert_eq!(matches!(counted, OrdinalCounts::Runs(_)), listed, "{take}");
            let mut expected = std::collections::BTreeMap::new();
            for &ord in &ords[..take] {
                *expected.entry(ord).or_insert(0u32) += 1;
            }
            let mut got = counted.counted();
            got.sort_unstable();
            assert_eq!(
                got,
                expected.iter().map(|(&o, &n)| (o, n)).collect::<Vec<_>>()
            );
            for ord in 0..8000 {
                assert_eq!(
                    counted.of(ord),
                    expected.get(&ord).copied().unwrap_or(0),
                    "{ord}"
                );
            }
        }
    }

    #[test]
    fn nothing_counted_is_empty() {
        let counted = counts(&[], 36_000, 64);
        assert!(counted.counted().is_empty());
        assert_eq!(counted.of(5), 0);
    }
}
