//! `TermsTokenizer`: the Tantivy tokenizer that reads back a text's [`Terms`](super::Terms), so
//! a field indexed from them gets exactly the tokens the `arabic` analyser gives the text.
//!
//! Positions are the words' (a stopword's stays empty); the terms of one word share its position.
//! Offsets point into the encoded string, not the original text: nothing at index time reads them.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::terms::{SAME_WORD, WORD};

/// The tokenizer of fields holding encoded [`Terms`](super::Terms).
#[derive(Clone, Default)]
pub struct TermsTokenizer {
    token: Token,
}

/// The token stream of [`TermsTokenizer`].
pub struct TermsTokenStream<'a> {
    encoded: &'a str,
    /// The next byte to read.
    next: usize,
    /// The word the next term belongs to.
    position: usize,
    token: &'a mut Token,
}

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = TermsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, encoded: &'a str) -> TermsTokenStream<'a> {
        self.token.reset();
        TermsTokenStream {
            encoded,
            next: 0,
            position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for TermsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while self.next < self.encoded.len() {
            let start = self.next;
            let rest = &self.encoded[start..];
            let len = rest.find([WORD, SAME_WORD]).unwrap_or(rest.len());
            let position = self.position;
            self.next = start + len + 1;
            if rest[len..].starts_with(WORD) {
                self.position += 1;
            }
            if len == 0 {
                continue; // a stopword's empty place, or the end of a word
            }
            self.token.position = position;
            self.token.offset_from = start;
            self.token.offset_to = start + len;
            self.token.text.clear();
            self.token.text.push_str(&rest[..len]);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

    use super::TermsTokenizer;
    use crate::analysis::{stems_analyzer, text_analyzer, AnalyzerSettings, Pipeline, Terms};

    /// (term, position) of each token.
    fn tokens(stream: &mut dyn TokenStream) -> Vec<(String, usize)> {
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push((stream.token().text.clone(), stream.token().position));
        }
        seen
    }

    fn pipeline() -> Arc<Pipeline> {
        let settings = AnalyzerSettings::default();
        Arc::new(
            Pipeline::new(&settings, "في\nمن\nعلى", "").with_nouns(&settings, "القطار\nالمدينة"),
        )
    }

    /// Checks that the replayed terms of `text` are the analysers' tokens.
    fn same_tokens(pipeline: &Arc<Pipeline>, text: &str) -> Result<(), String> {
        for (unstemmed, analyzer) in [
            (true, text_analyzer(pipeline.clone())),
            (false, stems_analyzer(pipeline.clone())),
        ] {
            let mut analyzer: TextAnalyzer = analyzer;
            let expected = tokens(&mut analyzer.token_stream(text));
            let terms = Terms::of(pipeline, text, unstemmed);
            let mut replay = TermsTokenizer::default();
            let got = tokens(&mut replay.token_stream(terms.as_str()));
            if got != expected {
                return Err(format!(
                    "{text:?}, unstemmed {unstemmed}: {got:?} != {expected:?}"
                ));
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn any_text_replays_as_the_analyser_reads_it(
            text in r"[ \t\n،.\-_#«»()0-9a-zA-Z\u{0621}-\u{064A}\u{064B}-\u{0652}\u{0640}\u{200C}\u{00A0}]{0,80}"
        ) {
            proptest::prop_assert_eq!(same_tokens(&pipeline(), &text), Ok(()));
        }
    }

    #[test]
    fn the_terms_read_back_give_the_analysers_tokens() {
        let pipeline = pipeline();
        let texts = [
            "في بقطار إلى المدينة، وصل وزير الخارجيّة الروسي سيرغي لافروف",
            "من",
            "",
            " ، «الصينية-الروسية» g20 الـ75 ألعاب في",
            "مُحَمَّدٌ في الخَارِجِيَّةِ من من بالقطار",
        ];
        for text in texts {
            assert_eq!(same_tokens(&pipeline, text), Ok(()));
        }
    }
}
