//! `PipelineFilter`: the Tantivy `TokenFilter` shell around [`Pipeline`].
//!
//! It replaces each token's text by its term and drops stopwords and empty words. When the word
//! has an alternative term (a bare preposition read off it: لقطار → قطار), a token at the same
//! position carries it, in both analysers; when stemming changed a word, another one carries its
//! unstemmed term (not in the stems-only analyser). Offsets are never touched: they stay those of
//! the surface word in the original text.

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::pipeline::{Buffers, Outcome, Pipeline};
use super::unstemmed;

/// Applies the Arabic [`Pipeline`] to every token of the wrapped tokenizer.
#[derive(Clone)]
pub struct PipelineFilter {
    pipeline: Arc<Pipeline>,
    unstemmed: bool,
}

impl PipelineFilter {
    /// A filter running `pipeline`, with unstemmed terms if its settings ask for them.
    pub fn new(pipeline: Arc<Pipeline>) -> PipelineFilter {
        PipelineFilter {
            pipeline,
            unstemmed: true,
        }
    }

    /// A filter running `pipeline` that never adds unstemmed terms.
    pub fn stems_only(pipeline: Arc<Pipeline>) -> PipelineFilter {
        PipelineFilter {
            pipeline,
            unstemmed: false,
        }
    }
}

impl TokenFilter for PipelineFilter {
    type Tokenizer<T: Tokenizer> = PipelineFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PipelineFilterWrapper<T> {
        PipelineFilterWrapper {
            pipeline: self.pipeline,
            unstemmed: self.unstemmed,
            inner: tokenizer,
            buffers: Buffers::default(),
        }
    }
}

/// The tokenizer produced by [`PipelineFilter`].
#[derive(Clone)]
pub struct PipelineFilterWrapper<T> {
    pipeline: Arc<Pipeline>,
    unstemmed: bool,
    inner: T,
    buffers: Buffers,
}

impl<T: Tokenizer> Tokenizer for PipelineFilterWrapper<T> {
    type TokenStream<'a> = PipelineTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PipelineTokenStream {
            pipeline: &self.pipeline,
            unstemmed: self.unstemmed,
            tail: self.inner.token_stream(text),
            buffers: &mut self.buffers,
            alternative_next: false,
            unstemmed_next: false,
        }
    }
}

/// The token stream of [`PipelineFilterWrapper`].
pub struct PipelineTokenStream<'a, S> {
    pipeline: &'a Pipeline,
    unstemmed: bool,
    tail: S,
    buffers: &'a mut Buffers,
    /// The current word's alternative term is still to be emitted.
    alternative_next: bool,
    /// The current word's unstemmed term is still to be emitted.
    unstemmed_next: bool,
}

impl<S: TokenStream> TokenStream for PipelineTokenStream<'_, S> {
    fn advance(&mut self) -> bool {
        if self.alternative_next {
            self.alternative_next = false;
            let text = &mut self.tail.token_mut().text;
            text.clear();
            text.push_str(&self.buffers.alternative);
            return true;
        }
        if self.unstemmed_next {
            self.unstemmed_next = false;
            unstemmed::write_term(&self.buffers.normalized, &mut self.tail.token_mut().text);
            return true;
        }
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if self.pipeline.process(&token.text, self.buffers) == Outcome::Term {
                self.alternative_next = !self.buffers.alternative.is_empty();
                self.unstemmed_next = self.unstemmed && self.pipeline.keeps_unstemmed(self.buffers);
                std::mem::swap(&mut token.text, &mut self.buffers.term);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tantivy::tokenizer::TextAnalyzer;

    use crate::analysis::{stems_analyzer, text_analyzer, AnalyzerSettings, Pipeline};

    fn pipeline(settings: &AnalyzerSettings) -> Arc<Pipeline> {
        Arc::new(Pipeline::new(settings, "في", ""))
    }

    /// (term, surface, position) of each token.
    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, String, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((
                t.text.clone(),
                text[t.offset_from..t.offset_to].to_string(),
                t.position,
            ));
        }
        seen
    }

    fn own(term: &str, surface: &str, position: usize) -> (String, String, usize) {
        (term.to_string(), surface.to_string(), position)
    }

    const TEXT: &str = "مُحَمَّدٌ في الخَارِجِيَّةِ";

    #[test]
    fn a_stemmed_word_also_gives_its_unstemmed_term_at_the_same_place() {
        let shipped = pipeline(&AnalyzerSettings::default());
        // محمد is its own stem: one token; الخارجيه is stemmed: two, same offsets and position
        assert_eq!(
            tokens(&mut text_analyzer(shipped.clone()), TEXT),
            vec![
                own("محمد", "مُحَمَّدٌ", 0),
                own("خارج", "الخَارِجِيَّةِ", 2),
                own("=الخارجيه", "الخَارِجِيَّةِ", 2),
            ]
        );
        assert_eq!(
            tokens(&mut stems_analyzer(shipped), TEXT).len(),
            2,
            "the stems-only analyser adds no unstemmed term"
        );
        let unstemmed_only = AnalyzerSettings {
            stem: false,
            ..AnalyzerSettings::default()
        };
        assert_eq!(
            tokens(&mut text_analyzer(pipeline(&unstemmed_only)), TEXT),
            vec![own("محمد", "مُحَمَّدٌ", 0), own("الخارجيه", "الخَارِجِيَّةِ", 2)],
            "without stemming the normal form is the term, once"
        );
    }

    #[test]
    fn a_word_with_a_bare_preposition_also_gives_its_alternative_at_the_same_place() {
        let settings = AnalyzerSettings::default();
        let shipped = Arc::new(Pipeline::new(&settings, "في", "").with_nouns(&settings, "القطار"));
        // بقطار: its own stem, then قطار; بالقطار: the stemmer already gives قطار
        let text = "بقطار بالقطار";
        assert_eq!(
            tokens(&mut text_analyzer(shipped.clone()), text),
            vec![
                own("بقطار", "بقطار", 0),
                own("قطار", "بقطار", 0),
                own("قطار", "بالقطار", 1),
                own("=بالقطار", "بالقطار", 1),
            ]
        );
        assert_eq!(
            tokens(&mut stems_analyzer(shipped), text),
            vec![
                own("بقطار", "بقطار", 0),
                own("قطار", "بقطار", 0),
                own("قطار", "بالقطار", 1),
            ],
            "the stems-only analyser keeps the alternative, a stem"
        );
    }

    #[test]
    fn offsets_and_positions_are_those_of_the_surface_words() {
        let settings = AnalyzerSettings {
            unstemmed: false,
            ..AnalyzerSettings::default()
        };
        // the stopword is dropped but still counts as a position
        assert_eq!(
            tokens(&mut text_analyzer(pipeline(&settings)), TEXT),
            vec![own("محمد", "مُحَمَّدٌ", 0), own("خارج", "الخَارِجِيَّةِ", 2)]
        );
    }
}
