//! khabar: full-text search for Arabic news, paragraph by paragraph.
//!
//! - [`api`]: requests, responses and errors: the one JSON contract of every front end;
//! - [`service`]: the search service ([`Khabar`]): query → plan → policy → response;
//! - [`plan`]: the backend-neutral plan of a search;
//! - [`backend`]: the [`backend::Backend`] trait and the local Tantivy index;
//! - [`indexing`]: corpus → paragraph documents → a backend's sink, incrementally;
//! - [`analysis`]: the Arabic analyser (tokenizer, folds, stopwords, light stemmer);
//! - [`corpus`]: reading a folder of articles (`.txt`, JSON Lines, encodings, datelines);
//! - [`config`]: the built-in configuration and a user's overrides, as typed settings;
//! - [`stored_config`]: the configuration stored with an index, parsed as far as a command needs;
//! - [`facets`]: countries and persons of each paragraph;
//! - [`query`]: the query language;
//! - [`snippet`]: the best passage of a hit with its highlights;
//! - [`render`]: terminal text of every answer;
//! - [`server`]: `khabar serve`, the page and the JSON API over the service.
pub mod analysis;
pub mod api;
pub mod backend;
pub mod config;
pub mod corpus;
pub mod facets;
mod files_digest;
pub mod indexing;
pub mod plan;
pub mod query;
pub mod render;
pub mod server;
pub mod service;
pub mod snippet;
pub mod stored_config;

pub use service::Khabar;
