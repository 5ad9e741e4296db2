//! khabar: full-text search for Arabic news, paragraph by paragraph.
//!
//! - [`analysis`]: the Arabic analyser (tokenizer, folds, stopwords, light stemmer), registered as `arabic`;
//! - [`corpus`]: reading a folder of articles (`.txt`, JSON Lines, encodings, datelines);
//! - [`config`]: `index-config/` as typed settings;
//! - [`facets`]: countries and persons of each paragraph;
//! - [`schema`]: the index fields;
//! - [`index`]: corpus → paragraph documents → Tantivy index, incrementally;
//! - [`search`]: query language, ranking, filters, facet counts;
//! - [`snippet`]: the best passage of a hit with its highlights;
//! - [`render`]: terminal and JSON output.
pub mod analysis;
pub mod config;
pub mod corpus;
pub mod facets;
pub mod index;
pub mod query;
pub mod render;
pub mod schema;
pub mod search;
pub mod snippet;
