//! Terms of the paragraph text within a few edits of a word, for "did you mean": a Levenshtein
//! automaton run over each segment's term dictionary.

use std::collections::HashMap;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::schema::Field;
use tantivy::Searcher;

/// The automaton as the term dictionary walks it.
struct Within<'a>(&'a DFA);

impl tantivy_fst::Automaton for Within<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Terms of `field` within `distance` edits of `word` (itself included), with the paragraphs
/// holding each, most first.
pub(super) fn similar_terms(
    searcher: &Searcher,
    field: Field,
    word: &str,
    distance: u8,
    limit: usize,
) -> tantivy::Result<Vec<(String, u64)>> {
    let dfa = LevenshteinAutomatonBuilder::new(distance, true).build_dfa(word);
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().search(Within(&dfa)).into_stream()?;
        while stream.advance() {
            let term = String::from_utf8_lossy(stream.key()).into_owned();
            *found.entry(term).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut found: Vec<(String, u64)> = found.into_iter().collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.truncate(limit);
    Ok(found)
}
