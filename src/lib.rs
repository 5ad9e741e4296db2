//! khabar: full-text search for Arabic news, paragraph by paragraph.
//!
//! - [`analysis`]: the Arabic analyser (tokenizer, folds, stopwords, light stemmer), registered as `arabic`.
pub mod analysis;
pub mod corpus;
