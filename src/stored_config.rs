//! The configuration an index was built with, as a search reads it: only what the command uses
//! is read and parsed. Opening reads `analyzer.toml` and the word lists of the analysis pipeline
//! (the noun list's stems come from the index when it stored them); the country names and the
//! whole [`Config`] (gazetteers, title cues, the tagger) are each read the first time a command
//! asks for them, so one `khabar search` pays for what it uses.
//!
//! A configuration stored in an index folder is trusted to be the one its index hash names: a
//! `khabar index` run wrote both and parsed the files then. A configuration handed over whole
//! (a remote index's) is hashed; when its hash is not the one the index was built with,
//! everything is parsed at once, so a damaged file is reported when the index opens.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::Result;

use crate::analysis::{AnalyzerSettings, Pipeline};
use crate::config::{self, Config, File, QuerySettings, BUILT_IN};
use crate::facets::CountryTable;

/// The stored configuration of an index, parsed on demand.
pub struct StoredConfig {
    files: Files,
    analyzer: AnalyzerSettings,
    hash: String,
    pipeline: Arc<Pipeline>,
    /// Each country's code and Arabic name, in the order of `countries.toml`.
    countries: OnceLock<Result<CountryNames, String>>,
    whole: OnceLock<Result<Config, String>>,
}

/// A configuration's files, in the order of [`BUILT_IN`]: all in hand, or read from a folder
/// one at a time, the first time each is asked for.
struct Files {
    folder: Option<PathBuf>,
    read: Vec<OnceLock<Result<File, String>>>,
}

impl Files {
    fn given(files: Vec<File>) -> Files {
        Files {
            folder: None,
            read: files.into_iter().map(|f| OnceLock::from(Ok(f))).collect(),
        }
    }

    fn in_folder(dir: &Path) -> Files {
        Files {
            folder: Some(dir.to_path_buf()),
            read: BUILT_IN.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// File `i`, read now if it was not yet; the error names the file.
    fn get(&self, i: usize) -> Result<&File> {
        let file = self.read[i].get_or_init(|| {
            let (name, built_in) = BUILT_IN[i];
            match &self.folder {
                Some(dir) => config::read_file(dir, name, built_in).map_err(|e| format!("{e:#}")),
                None => Err(format!("{name} is missing from the stored configuration")),
            }
        });
        file.as_ref().map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// Every file, read now where it was not yet.
    fn all(&self) -> Result<Vec<File>> {
        (0..self.read.len()).map(|i| self.get(i).cloned()).collect()
    }
}

/// What an index stores beside its configuration, derived from it, so a search need not
/// derive it again.
#[derive(Debug, Default)]
pub struct Derived {
    /// The stems of `nouns.txt`, stored (see [`Pipeline::noun_stems`]).
    pub noun_stems: Option<Vec<u8>>,
    /// The stopwords, in early normal form, stored (see [`Pipeline::stopwords`]).
    pub stopwords: Option<Vec<u8>>,
    /// The stem exceptions, normalised, stored (see [`Pipeline::stem_exceptions`]).
    pub stem_exceptions: Option<Vec<u8>>,
    /// Each country's code and Arabic name, `CODE<TAB>name` a line, in the order of
    /// `countries.toml`.
    pub country_names: Option<Vec<u8>>,
}

impl StoredConfig {
    /// The configuration of `files` (in the order of [`config::BUILT_IN`]), for an index whose
    /// recorded hash is `built_with`. When the files' own hash differs, every file is parsed
    /// now, so a damaged one is an error here.
    pub fn new(files: Vec<File>, built_with: &str) -> Result<StoredConfig> {
        let analyzer = config::analyzer_settings(&files[config::ANALYZER])?;
        let hash = config::index_hash(&analyzer, config::texts(&files));
        let whole = OnceLock::new();
        if hash != built_with {
            let _ = whole.set(Ok(Config::from_files(files.clone())?));
        }
        let pipeline = match whole.get() {
            Some(Ok(whole)) => whole.pipeline(),
            _ => Arc::new(config::pipeline_of(&analyzer, &files)),
        };
        Ok(StoredConfig {
            files: Files::given(files),
            analyzer,
            hash,
            pipeline,
            countries: OnceLock::new(),
            whole,
        })
    }

    /// The configuration stored in folder `dir` by the run that built an index with hash
    /// `built_with`, with what the index stored `derived` from it. Reads `analyzer.toml` and
    /// the pipeline's word lists now.
    pub fn in_folder(dir: &Path, built_with: &str, derived: Derived) -> Result<StoredConfig> {
        if !dir.is_dir() {
            anyhow::bail!("its configuration {} is missing", dir.display());
        }
        let files = Files::in_folder(dir);
        let analyzer = config::analyzer_settings(files.get(config::ANALYZER)?)?;
        // What the index derived is used when it reads back; otherwise the lists are read again.
        let mut pipeline = Pipeline::new(&analyzer, "", "");
        let lists_derived = derived
            .stopwords
            .is_some_and(|stored| pipeline.use_stopwords(stored))
            && derived
                .stem_exceptions
                .is_some_and(|stored| pipeline.use_stem_exceptions(stored));
        if !lists_derived {
            pipeline = Pipeline::new(
                &analyzer,
                &files.get(config::STOPWORDS)?.1,
                &files.get(config::STEM_EXCEPTIONS)?.1,
            );
        }
        if !derived
            .noun_stems
            .is_some_and(|stored| pipeline.use_noun_stems(&analyzer, stored))
        {
            pipeline = pipeline.with_nouns(&analyzer, &files.get(config::NOUNS)?.1);
        }
        Ok(StoredConfig {
            files,
            analyzer,
            hash: built_with.to_string(),
            pipeline: Arc::new(pipeline),
            countries: derived
                .country_names
                .and_then(|bytes| CountryNames::from_tsv(String::from_utf8(bytes).ok()?))
                .map_or_else(OnceLock::new, |names| OnceLock::from(Ok(names))),
            whole: OnceLock::new(),
        })
    }

    /// The hash of what changes an index ([`Config::index_hash`]).
    pub fn index_hash(&self) -> &str {
        &self.hash
    }

    /// The settings read at query time.
    pub fn query_settings(&self) -> QuerySettings {
        QuerySettings::of(&self.analyzer)
    }

    /// The analysis pipeline.
    pub fn pipeline(&self) -> Arc<Pipeline> {
        self.pipeline.clone()
    }

    /// The Arabic name of the country with ISO code `code` (any case), as `countries.toml` gives
    /// it; `None` when no country has the code or the file does not read or parse.
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
            let read = || -> Result<CountryNames> {
                let file = self.files.get(config::COUNTRIES)?;
                if let Some(names) = country_names(&file.1) {
                    return Ok(CountryNames::from_pairs(names));
                }
                let table: CountryTable = config::parse_toml(&config::shown(file), &file.1)?;
                Ok(CountryNames::from_pairs(
                    table.country.into_iter().map(|c| (c.code, c.ar)),
                ))
            };
            read().map_err(|e| format!("{e:#}"))
        });
        names.as_ref().ok()?.name(code)
    }

    /// The whole configuration, read and parsed the first time it is asked for; the error
    /// names the file.
    pub fn whole(&self) -> Result<&Config, String> {
        self.whole
            .get_or_init(|| {
                self.files
                    .all()
                    .and_then(Config::from_files)
                    .map_err(|e| format!("{e:#}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Each country's code and Arabic name as `CODE<TAB>name` lines (as an index stores them),
/// looked up in place: reading them makes no string per country.
#[derive(Debug)]
struct CountryNames {
    text: String,
    /// Where each line starts, where its tab is and where it ends.
    lines: Vec<(usize, usize, usize)>,
}

impl CountryNames {
    /// `None` when a line lacks its tab.
    fn from_tsv(text: String) -> Option<CountryNames> {
        let mut lines = Vec::with_capacity(256);
        let mut start = 0;
        for line in text.split_terminator('\n') {
            let tab = start + memchr::memchr(b'\t', line.as_bytes())?;
            lines.push((start, tab, start + line.len()));
            start += line.len() + 1;
        }
        Some(CountryNames { text, lines })
    }

    /// From pairs of code and name (a name with a tab or a line break is cut there).
    fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> CountryNames {
        let mut text = String::new();
        for (code, name) in pairs {
            let name = name.split(['\t', '\n']).next().unwrap_or("");
            text.push_str(&format!("{code}\t{name}\n"));
        }
        CountryNames::from_tsv(text).unwrap_or(CountryNames {
            text: String::new(),
            lines: Vec::new(),
        })
    }

    /// The name of the country with code `code` (any case).
    fn name(&self, code: &str) -> Option<&str> {
        self.lines
            .iter()
            .find(|&&(start, tab, _)| self.text[start..tab].eq_ignore_ascii_case(code))
            .map(|&(_, tab, end)| &self.text[tab + 1..end])
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
    fn country_names_are_found_by_code_in_any_case() {
        let names = CountryNames::from_pairs([
            ("SA".to_string(), "السعودية".to_string()),
            ("AE".to_string(), "الإمارات".to_string()),
        ]);
        assert_eq!(names.name("ae"), Some("الإمارات"));
        assert_eq!(names.name("SA"), Some("السعودية"));
        assert_eq!(names.name("S"), None);
        assert_eq!(names.name("EG"), None);
        let stored = CountryNames::from_tsv("SA\tالسعودية\nAE\tالإمارات\n".to_string()).unwrap();
        assert_eq!(stored.name("ae"), Some("الإمارات"));
        assert!(CountryNames::from_tsv("SA السعودية\n".to_string()).is_none());
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
