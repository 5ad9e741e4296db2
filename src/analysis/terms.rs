//! A text's index terms, analysed once and written down, so that the index reads them back
//! instead of analysing the text a second time.
//!
//! Format: one chunk per word, chunks separated by `' '`; a word's terms separated by `'\t'`, in
//! the order the `arabic` analyser emits them (the stem, then the alternative, then the unstemmed
//! term). An empty chunk is a stopword or a dropped word: its position stays empty, as the
//! analyser leaves it. A term never holds whitespace: the tokenizer splits words there.

use super::pipeline::{Buffers, Outcome, Pipeline};
use super::unstemmed;

/// Separates the words (positions) of [`Terms`].
pub(super) const WORD: char = ' ';
/// Separates the terms of one word.
pub(super) const SAME_WORD: char = '\t';

/// The index terms of a text, word by word (see the module's format).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms(String);

impl Terms {
    /// The encoded form, for a field whose tokenizer reads it back.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The encoded form, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Each word's terms in order (none for a stopword); the first is the word's stem.
    pub fn words(&self) -> impl Iterator<Item = impl Iterator<Item = &str>> + '_ {
        read(&self.0)
    }

    /// The terms of `text`, as [`TermsWriter`] writes them.
    pub fn of(pipeline: &Pipeline, text: &str, unstemmed: bool) -> Terms {
        let mut buf = Buffers::default();
        let mut writer = TermsWriter::new(unstemmed);
        for range in super::words(text) {
            let outcome = pipeline.process(&text[range], &mut buf);
            writer.push(pipeline, outcome, &buf);
        }
        writer.finish()
    }
}

/// The words of an encoded [`Terms`] string, each an iterator over its terms.
fn read(encoded: &str) -> impl Iterator<Item = impl Iterator<Item = &str>> + '_ {
    let words = if encoded.is_empty() {
        None
    } else {
        Some(encoded.split(WORD))
    };
    words
        .into_iter()
        .flatten()
        .map(|word| word.split(SAME_WORD).filter(|t| !t.is_empty()))
}

/// Writes [`Terms`] word by word, from what [`Pipeline::process`] left in its buffers.
pub struct TermsWriter {
    out: String,
    unstemmed: bool,
    words: usize,
}

impl TermsWriter {
    /// A writer; `unstemmed` adds the unstemmed terms (paragraph text, not titles).
    pub fn new(unstemmed: bool) -> TermsWriter {
        TermsWriter {
            out: String::new(),
            unstemmed,
            words: 0,
        }
    }

    /// Adds the next word: `outcome` and `buf` are what `pipeline.process` gave for it.
    pub fn push(&mut self, pipeline: &Pipeline, outcome: Outcome, buf: &Buffers) {
        if self.words > 0 {
            self.out.push(WORD);
        }
        self.words += 1;
        if outcome != Outcome::Term {
            return;
        }
        self.out.push_str(&buf.term);
        if !buf.alternative.is_empty() {
            self.out.push(SAME_WORD);
            self.out.push_str(&buf.alternative);
        }
        if self.unstemmed && pipeline.keeps_unstemmed(buf) {
            self.out.push(SAME_WORD);
            unstemmed::push_term(&buf.normalized, &mut self.out);
        }
    }

    /// The terms written.
    pub fn finish(self) -> Terms {
        Terms(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalyzerSettings;

    fn pipeline() -> Pipeline {
        let settings = AnalyzerSettings::default();
        Pipeline::new(&settings, "في", "").with_nouns(&settings, "القطار")
    }

    fn words(terms: &Terms) -> Vec<Vec<&str>> {
        terms.words().map(Iterator::collect).collect()
    }

    #[test]
    fn each_word_keeps_its_position_and_its_terms_in_the_analysers_order() {
        let terms = Terms::of(&pipeline(), "بقطار في الخَارِجِيَّةِ", true);
        assert_eq!(
            words(&terms),
            vec![vec!["بقطار", "قطار"], vec![], vec!["خارج", "=الخارجيه"]],
            "a stopword leaves an empty place"
        );
        let title = Terms::of(&pipeline(), "بقطار في الخَارِجِيَّةِ", false);
        assert_eq!(
            words(&title),
            vec![vec!["بقطار", "قطار"], vec![], vec!["خارج"]],
            "titles carry no unstemmed terms"
        );
    }

    #[test]
    fn a_text_starting_with_a_stopword_or_with_no_word_reads_back_alike() {
        assert_eq!(
            words(&Terms::of(&pipeline(), "في قطار", true)),
            vec![vec![], vec!["قطار"]]
        );
        assert!(words(&Terms::of(&pipeline(), " ، ", true)).is_empty());
    }
}
