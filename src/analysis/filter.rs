//! `PipelineFilter`: the Tantivy `TokenFilter` shell around [`Pipeline`].
//!
//! It replaces each token's text by its term and drops stopwords and empty words. Offsets are
//! never touched: they stay those of the surface word in the original text.

use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::pipeline::{Buffers, Outcome, Pipeline};

/// Applies the Arabic [`Pipeline`] to every token of the wrapped tokenizer.
#[derive(Clone)]
pub struct PipelineFilter {
    pipeline: Arc<Pipeline>,
}

impl PipelineFilter {
    /// A filter running `pipeline`.
    pub fn new(pipeline: Arc<Pipeline>) -> PipelineFilter {
        PipelineFilter { pipeline }
    }
}

impl TokenFilter for PipelineFilter {
    type Tokenizer<T: Tokenizer> = PipelineFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PipelineFilterWrapper<T> {
        PipelineFilterWrapper {
            pipeline: self.pipeline,
            inner: tokenizer,
            buffers: Buffers::default(),
        }
    }
}

/// The tokenizer produced by [`PipelineFilter`].
#[derive(Clone)]
pub struct PipelineFilterWrapper<T> {
    pipeline: Arc<Pipeline>,
    inner: T,
    buffers: Buffers,
}

impl<T: Tokenizer> Tokenizer for PipelineFilterWrapper<T> {
    type TokenStream<'a> = PipelineTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PipelineTokenStream {
            pipeline: &self.pipeline,
            tail: self.inner.token_stream(text),
            buffers: &mut self.buffers,
        }
    }
}

/// The token stream of [`PipelineFilterWrapper`].
pub struct PipelineTokenStream<'a, S> {
    pipeline: &'a Pipeline,
    tail: S,
    buffers: &'a mut Buffers,
}

impl<S: TokenStream> TokenStream for PipelineTokenStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if self.pipeline.process(&token.text, self.buffers) == Outcome::Term {
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

    use crate::analysis::{text_analyzer, AnalyzerSettings, Pipeline};

    #[test]
    fn offsets_and_positions_are_those_of_the_surface_words() {
        let pipeline = Pipeline::new(&AnalyzerSettings::default(), "في", "");
        let mut analyzer = text_analyzer(Arc::new(pipeline));
        let text = "مُحَمَّدٌ في الخَارِجِيَّةِ";
        let mut stream = analyzer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((
                t.text.clone(),
                &text[t.offset_from..t.offset_to],
                t.position,
            ));
        }
        // the stopword is dropped but still counts as a position
        assert_eq!(
            seen,
            vec![
                ("محمد".to_string(), "مُحَمَّدٌ", 0),
                ("خارج".to_string(), "الخَارِجِيَّةِ", 2),
            ]
        );
    }
}
