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
    /// The stems of `nouns.txt` as the index was built with them, one a line, if stored.
    noun_stems: Option<String>,
    pipeline: OnceLock<Arc<Pipeline>>,
    /// Each country's code and Arabic name, in the order of `countries.toml`.
    countries: OnceLock<Result<Vec<(String, String)>, String>>,
    whole: OnceLock<Result<Config, String>>,
}

impl StoredConfig {
    /// The configuration of `files` (in the order of [`config::BUILT_IN`]). When its index hash
    /// is not `built_with` (the hash the index recorded), every file is parsed now, so a damaged
    /// one is an error here. `noun_stems` are the stems of the noun list stored beside the
    /// index (see [`Pipeline::noun_stems`]), used only when the hash is `built_with`.
    pub fn new(
        files: Vec<(&'static str, String, Origin)>,
        built_with: &str,
        noun_stems: Option<String>,
    ) -> Result<StoredConfig> {
        let analyzer = config::analyzer_settings(&files)?;
        let hash = config::index_hash(&analyzer, &files);
        let stored = StoredConfig {
            files,
            analyzer,
            hash,
            noun_stems,
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
        QuerySettings::of(&self.analyzer)
    }

    /// The analysis pipeline (built once).
    pub fn pipeline(&self) -> Arc<Pipeline> {
        self.pipeline
            .get_or_init(|| match self.whole.get() {
                Some(Ok(whole)) => whole.pipeline(),
                _ => {
                    let pipeline = config::pipeline_of(&self.analyzer, &self.files);
                    Arc::new(match &self.noun_stems {
                        Some(stems) => pipeline.with_noun_stems(
                            stems.lines().filter(|s| !s.is_empty()).map(String::from),
                        ),
                        None => pipeline,
                    })
                }
            })
            .clone()
    }

    /// The Arabic name of the country with ISO code `code` (any case), as `countries.toml` gives
    /// it; `None` when no country has the code or the file does not parse.
    pub fn country_name(&self, code: &str) -> Option<&str> {
        if let Some(Ok(whole)) = self.whole.get() {
            return whole
                .countries
                .country
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(code))
                .map(|c| c.ar.as_str());
        }
        let names = self.countries.get_or_init(|| {
            let text = &self.files[3].1;
            country_names(text)
                .map_or_else(
                    || {
                        let table: CountryTable =
                            config::parse_toml(&config::shown(&self.files[3]), text)?;
                        Ok(table.country.into_iter().map(|c| (c.code, c.ar)).collect())
                    },
                    Ok,
                )
                .map_err(|e: anyhow::Error| format!("{e:#}"))
        });
        names
            .as_ref()
            .ok()?
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .map(|(_, ar)| ar.as_str())
    }

    /// The whole configuration, parsed the first time it is asked for; the error names the file.
    pub fn whole(&self) -> Result<&Config, String> {
        self.whole
            .get_or_init(|| Config::from_files(self.files.clone()).map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The `code` and `ar` of each `[[country]]` of a `countries.toml` in the shipped layout (one
/// `key = "value"` a line, basic strings without escapes), read without a TOML parse; `None` when
/// the text strays from that layout, for the TOML parser to read it.
fn country_names(text: &str) -> Option<Vec<(String, String)>> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut out: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            if line != "[[country]]" {
                return None;
            }
            out.push((None, None));
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key != "code" && key != "ar" {
            continue;
        }
        let entry = out.last_mut()?;
        let value = value.trim().strip_prefix('"')?;
        let (value, after) = value.split_once('"')?;
        let after = after.trim();
        if value.contains('\\') || !(after.is_empty() || after.starts_with('#')) {
            return None;
        }
        let slot = if key == "code" {
            &mut entry.0
        } else {
            &mut entry.1
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    out.into_iter()
        .map(|(code, ar)| Some((code?.to_string(), ar?.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_names_read_as_toml_reads_them() {
        let text = config::BUILT_IN[3].1;
        let table: CountryTable = config::parse_toml("countries.toml", text).unwrap();
        let parsed: Vec<(String, String)> =
            table.country.into_iter().map(|c| (c.code, c.ar)).collect();
        assert_eq!(parsed.len(), 198);
        assert_eq!(country_names(text), Some(parsed));
    }

    #[test]
    fn another_layout_is_left_to_the_toml_parser() {
        let ok = "[[country]]\ncode = \"SA\" # Saudi\nar = \"السعودية\"\n";
        assert_eq!(
            country_names(ok),
            Some(vec![("SA".to_string(), "السعودية".to_string())])
        );
        for text in [
            "[[country]]\ncode = 'SA'\nar = \"السعودية\"\n",
            "[[country]]\ncode = \"S\\u0041\"\nar = \"السعودية\"\n",
            "[[country]]\ncode = \"SA\"\n",
            "[country]\ncode = \"SA\"\nar = \"السعودية\"\n",
            "code = \"SA\"\n",
            "[[country]]\ncode = \"SA\"\ncode = \"AE\"\nar = \"السعودية\"\n",
        ] {
            assert_eq!(country_names(text), None, "{text}");
        }
    }
}
