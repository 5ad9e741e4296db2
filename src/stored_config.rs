//! The configuration an index was built with, as a search reads it: every file's text, with only
//! `analyzer.toml` parsed when the index opens. The analysis pipeline, the country names and the
//! whole [`Config`] (gazetteers, title cues, the tagger) are each built the first time a command
//! asks for them, so one `khabar search` pays for what it uses.
//!
//! The files are trusted as they are when their index hash is the one the index was built with
//! (a `khabar index` run parsed them then); otherwise everything is parsed at once, and a damaged
//! file is reported when the index opens, as before.

use std::sync::{Arc, OnceLock};

use anyhow::Result;

use crate::analysis::{AnalyzerSettings, Pipeline};
use crate::config::{self, Config, Origin, QuerySettings};
use crate::facets::CountryTable;

/// The stored configuration of an index, parsed on demand.
pub struct StoredConfig {
    files: Vec<(&'static str, String, Origin)>,
    analyzer: AnalyzerSettings,
    hash: String,
    pipeline: OnceLock<Arc<Pipeline>>,
    countries: OnceLock<Result<CountryTable, String>>,
    whole: OnceLock<Result<Config, String>>,
}

impl StoredConfig {
    /// The configuration of `files` (in the order of [`config::BUILT_IN`]). When its index hash
    /// is not `built_with` (the hash the index recorded), every file is parsed now, so a damaged
    /// one is an error here.
    pub fn new(
        files: Vec<(&'static str, String, Origin)>,
        built_with: &str,
    ) -> Result<StoredConfig> {
        let analyzer = config::analyzer_settings(&files)?;
        let hash = config::index_hash(&analyzer, &files);
        let stored = StoredConfig {
            files,
            analyzer,
            hash,
            pipeline: OnceLock::new(),
            countries: OnceLock::new(),
            whole: OnceLock::new(),
        };
        if stored.hash != built_with {
            let whole = Config::from_files(stored.files.clone())?;
            let _ = stored.whole.set(Ok(whole));
        }
        Ok(stored)
    }

    /// The hash of what changes an index ([`Config::index_hash`]).
    pub fn index_hash(&self) -> &str {
        &self.hash
    }

    /// The settings read at query time.
    pub fn query_settings(&self) -> QuerySettings {
        QuerySettings {
            snippet_chars: self.analyzer.snippet_chars,
            unstemmed_boost: self.analyzer.unstemmed_boost,
        }
    }

    /// The analysis pipeline (built once).
    pub fn pipeline(&self) -> Arc<Pipeline> {
        self.pipeline
            .get_or_init(|| match self.whole.get() {
                Some(Ok(whole)) => whole.pipeline(),
                _ => Arc::new(config::pipeline_of(&self.analyzer, &self.files)),
            })
            .clone()
    }

    /// The Arabic name of the country with ISO code `code` (any case), as `countries.toml` gives
    /// it; `None` when no country has the code or the file does not parse.
    pub fn country_name(&self, code: &str) -> Option<&str> {
        let countries = match self.whole.get() {
            Some(Ok(whole)) => &whole.countries,
            _ => self
                .countries
                .get_or_init(|| {
                    config::parse_toml(&config::shown(&self.files[3]), &self.files[3].1)
                        .map_err(|e| format!("{e:#}"))
                })
                .as_ref()
                .ok()?,
        };
        countries
            .country
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
            .map(|c| c.ar.as_str())
    }

    /// The whole configuration, parsed the first time it is asked for; the error names the file.
    pub fn whole(&self) -> Result<&Config, String> {
        self.whole
            .get_or_init(|| Config::from_files(self.files.clone()).map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(Clone::clone)
    }
}
