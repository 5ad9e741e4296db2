//! The Arabic analyser: tokenizer, character folds, stopwords and light stemmer, registered as `arabic`.
//!
//! ```no_run
//! # fn main() -> anyhow::Result<()> {
//! use std::sync::Arc;
//! use khabar::analysis::{self, Pipeline, AnalyzerSettings};
//! let pipeline = Arc::new(Pipeline::new(&AnalyzerSettings::default(), "في\nعلى", ""));
//! let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
//! analysis::register(&index, pipeline.clone());
//! let tokens = analysis::analyze(&pipeline, "وَزِيرُ الخارجيّة");
//! assert_eq!(tokens[0].term.as_deref(), Some("وزير"));
//! # Ok(()) }
//! ```
//!
//! One component per file: `tokenizer.rs` splits words; `presentation_forms.rs`, `diacritics.rs`,
//! `tatweel.rs`, `invisible.rs`, `alef.rs`, `digits.rs`, `alef_maksura.rs`, `teh_marbuta.rs`,
//! `hamza_seats.rs` and `persian.rs` each fold one family of characters; `stopwords.rs` and
//! `stem.rs` hold the word lists' logic (with `seated_alef.rs`, which keeps أل- from reading as
//! the article, and `allah.rs`, the name of God); `unstemmed.rs` marks the normal forms indexed
//! beside stems; `proclitic.rs` gives the alternative term of a word with a bare ب ل ك;
//! `word_set.rs` is the set type of the word lists, quick to say no; `pipeline.rs` declares the
//! order; `filter.rs` is the Tantivy shell. `terms.rs` writes a text's analysis down once and
//! `replay.rs` reads it back into an index, so indexing analyses each text once. Every command
//! that opens an index calls [`register`].

mod alef;
mod alef_maksura;
mod allah;
mod diacritics;
mod digits;
mod filter;
mod fold;
mod hamza_seats;
mod invisible;
mod persian;
mod pipeline;
mod presentation_forms;
mod proclitic;
mod replay;
mod seated_alef;
mod settings;
mod stem;
mod stopwords;
mod tatweel;
mod teh_marbuta;
mod terms;
mod tokenizer;
pub mod unstemmed;
mod word_set;

use std::sync::Arc;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

pub use filter::PipelineFilter;
pub use pipeline::{list_entries, Buffers, Outcome, Pipeline};
pub use replay::TermsTokenizer;
pub use settings::{AnalyzerSettings, NormalizeSettings};
pub use terms::{Terms, TermsWriter};
pub use tokenizer::{words, ArabicTokenizer};

/// The name under which the analyser is registered.
pub const ANALYZER_NAME: &str = "arabic";

/// The same analyser without unstemmed terms, for fields searched only by stem (titles).
pub const STEMS_ANALYZER_NAME: &str = "arabic_stems";

/// The tokenizer of fields that hold a text's [`Terms`], analysed before indexing.
pub const TERMS_TOKENIZER_NAME: &str = "arabic_terms";

/// The Tantivy analyser for `pipeline`: stems, and unstemmed terms if the settings ask for them.
pub fn text_analyzer(pipeline: Arc<Pipeline>) -> TextAnalyzer {
    TextAnalyzer::builder(ArabicTokenizer::default())
        .filter(PipelineFilter::new(pipeline))
        .build()
}

/// The Tantivy analyser for `pipeline` giving stems only.
pub fn stems_analyzer(pipeline: Arc<Pipeline>) -> TextAnalyzer {
    TextAnalyzer::builder(ArabicTokenizer::default())
        .filter(PipelineFilter::stems_only(pipeline))
        .build()
}

/// Registers the `arabic` and `arabic_stems` analysers on an index (an index opened from disk
/// has none).
pub fn register(index: &tantivy::Index, pipeline: Arc<Pipeline>) {
    let tokenizers = index.tokenizers();
    tokenizers.register(STEMS_ANALYZER_NAME, stems_analyzer(pipeline.clone()));
    tokenizers.register(ANALYZER_NAME, text_analyzer(pipeline));
    tokenizers.register(TERMS_TOKENIZER_NAME, TermsTokenizer::default());
}

/// One word of `khabar analyze`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzedToken {
    /// The word as written in the original text.
    pub surface: String,
    /// Its normal form (all folds, no stemming).
    pub normalized: String,
    /// The indexed term; `None` for a stopword or a dropped word.
    pub term: Option<String>,
    /// The unstemmed term indexed beside `term` in paragraph text, if any (not in `--json`).
    #[serde(skip_serializing)]
    pub unstemmed: Option<String>,
    /// A second stem indexed beside `term` at the same position, in every field `term` is
    /// indexed in: the stem of the word without a bare preposition ب ل ك (لقطار → قطار, while
    /// `term` is لقطار), when `nouns.txt` knows the rest. A query should accept either, as one
    /// word (`term` OR `alternative`, same weight). Not in `--json`.
    #[serde(skip_serializing)]
    pub alternative: Option<String>,
    /// Byte offset of the word in the original text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Word position (stopwords count).
    pub position: usize,
}

/// Every word of `text` with its normal form and term.
pub fn analyze(pipeline: &Pipeline, text: &str) -> Vec<AnalyzedToken> {
    let mut buf = Buffers::default();
    words(text)
        .enumerate()
        .map(|(position, range)| {
            let outcome = pipeline.process(&text[range.clone()], &mut buf);
            AnalyzedToken {
                surface: text[range.clone()].to_string(),
                normalized: buf.normalized.clone(),
                term: (outcome == Outcome::Term).then(|| buf.term.clone()),
                unstemmed: (outcome == Outcome::Term && pipeline.keeps_unstemmed(&buf))
                    .then(|| unstemmed::term(&buf.normalized)),
                alternative: (outcome == Outcome::Term && !buf.alternative.is_empty())
                    .then(|| buf.alternative.clone()),
                start: range.start,
                end: range.end,
                position,
            }
        })
        .collect()
}
