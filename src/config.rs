//! khabar's configuration: the files of `index-config/`, built into the binary as defaults, each
//! overridable by a file of the same name in a user's folder.
//!
//! Lookup: an explicit folder (`--config DIR`), else `$KHABAR_CONFIG`, else the built-in set. A
//! folder may hold only the files it changes; the others come from the built-ins. Every file is
//! named in its errors (`my-config/countries.toml:3:7: …`). [`Config::index_hash`] covers only
//! what changes an index (query-time settings such as the passage length are left out), so an
//! index can tell whether this configuration would build it differently.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result};

use crate::analysis::{AnalyzerSettings, Pipeline};
use crate::corpus::dateline::{DatelineConfig, Datelines};
use crate::facets::features::NameWords;
use crate::facets::{CountryTable, PersonModel, PersonTable, TitleCues};
use crate::files_digest::files_digest;

/// The environment variable naming a config folder.
pub const ENV: &str = "KHABAR_CONFIG";

/// Where each file stands in [`BUILT_IN`] (and in every list of a configuration's files), found
/// by name when compiling: the list itself is written by the build script.
pub(crate) const ANALYZER: usize = position("analyzer.toml");
pub(crate) const STOPWORDS: usize = position("stopwords.txt");
pub(crate) const STEM_EXCEPTIONS: usize = position("stem-exceptions.txt");
pub(crate) const COUNTRIES: usize = position("countries.toml");
pub(crate) const NOUNS: usize = position("nouns.txt");

/// Where the file `name` stands in [`BUILT_IN`]; a name not there fails the build.
const fn position(name: &str) -> usize {
    let mut i = 0;
    while i < BUILT_IN.len() {
        let listed = BUILT_IN[i].0.as_bytes();
        let wanted = name.as_bytes();
        if listed.len() == wanted.len() {
            let mut k = 0;
            while k < listed.len() && listed[k] == wanted[k] {
                k += 1;
            }
            if k == listed.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a file of the configuration")
}

// `BUILT_IN` (the files of a configuration, in the order they are hashed, with their built-in
// text) and `BUILT_IN_FILES_DIGEST`, both written by the build script.
include!(concat!(env!("OUT_DIR"), "/built_in.rs"));

/// Where one file of a configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The copy built into the binary.
    BuiltIn,
    /// A user's file.
    File(PathBuf),
    /// Stored with a remote index.
    Stored,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Stored => f.write_str("stored with the index"),
        }
    }
}

/// The settings a search reads at query time: changing them needs no new index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuerySettings {
    /// Characters of context in a hit's passage.
    pub snippet_chars: usize,
    /// Weight of an unstemmed term against its stem.
    pub unstemmed_boost: f32,
}

impl QuerySettings {
    /// The query-time settings of `analyzer`.
    pub fn of(analyzer: &AnalyzerSettings) -> QuerySettings {
        QuerySettings {
            snippet_chars: analyzer.snippet_chars,
            unstemmed_boost: analyzer.unstemmed_boost,
        }
    }
}

/// Everything read from a configuration.
pub struct Config {
    /// Each file's name, text and origin, in the order of [`BUILT_IN`].
    files: Vec<File>,
    pub analyzer: AnalyzerSettings,
    pub countries: CountryTable,
    pub persons: PersonTable,
    pub title_cues: TitleCues,
    /// The person tagger's weights (`persons-model.txt`).
    pub persons_model: PersonModel,
    /// Given and family names, a feature of the tagger (`person-words.txt`).
    pub person_words: NameWords,
    pub datelines: DatelineConfig,
    /// Hex hash of what changes an index (see [`Config::index_hash`]).
    hash: String,
    /// The analysis pipeline, built on first use (reading the noun list takes milliseconds).
    pipeline: OnceLock<Arc<Pipeline>>,
}

impl Config {
    /// The configuration built into the binary.
    pub fn built_in() -> Config {
        Config::from_files(built_in_files()).expect("the built-in configuration parses")
    }

    /// The folder a run uses: `explicit` (`--config`), else `$KHABAR_CONFIG`, else none (the
    /// built-ins).
    pub fn locate(explicit: Option<&Path>) -> Option<PathBuf> {
        explicit.map(Path::to_path_buf).or_else(|| {
            std::env::var_os(ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    /// The configuration of folder `dir` over the built-ins, or the built-ins alone.
    pub fn load(dir: Option<&Path>) -> Result<Config> {
        match dir {
            None => Ok(Config::built_in()),
            Some(dir) => Config::from_files(read_files(dir)?),
        }
    }

    /// What a search needs of the configuration in `dir` (or the built-ins): its index hash and
    /// query-time settings, read without parsing the gazetteers.
    pub fn digest(dir: Option<&Path>) -> Result<Digest> {
        let (analyzer, index_hash) = match dir {
            None => {
                // Hashed where the binary holds them, without a copy.
                let analyzer = analyzer_settings(&(
                    BUILT_IN[ANALYZER].0,
                    BUILT_IN[ANALYZER].1.to_string(),
                    Origin::BuiltIn,
                ))?;
                let hash = index_hash_of(&analyzer, BUILT_IN_FILES_DIGEST);
                (analyzer, hash)
            }
            Some(dir) => {
                let files = read_files(dir)?;
                let analyzer = analyzer_settings(&files[ANALYZER])?;
                let hash = index_hash(&analyzer, texts(&files));
                (analyzer, hash)
            }
        };
        Ok(Digest {
            index_hash,
            query: QuerySettings::of(&analyzer),
        })
    }

    /// `load(locate(explicit))`.
    pub fn find(explicit: Option<&Path>) -> Result<Config> {
        Config::load(Config::locate(explicit).as_deref())
    }

    /// The configuration of files stored elsewhere (name → text), over the built-ins.
    pub fn from_stored(stored: &std::collections::HashMap<String, String>) -> Result<Config> {
        Config::from_files(stored_files(stored))
    }

    /// Each file's name and text.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        texts(&self.files)
    }

    pub(crate) fn from_files(files: Vec<File>) -> Result<Config> {
        let text = |i: usize| files[i].1.as_str();
        let shown = |i: usize| shown(&files[i]);
        let analyzer = analyzer_settings(&files[ANALYZER])?;
        let datelines: DatelineConfig = parse_toml(&shown(6), text(6))?;
        datelines
            .check()
            .map_err(|why| anyhow::anyhow!("{}: {why}", shown(6)))?;
        let persons_model =
            PersonModel::parse(text(8)).map_err(|why| anyhow::anyhow!("{}: {why}", shown(8)))?;
        let person_words = {
            // Normal forms only: the nouns of the proclitic step are not needed.
            let pipeline = Pipeline::new(&analyzer, text(STOPWORDS), text(STEM_EXCEPTIONS));
            NameWords::parse(text(9), |w| pipeline.normalize(w))
                .map_err(|why| anyhow::anyhow!("{}: {why}", shown(9)))?
        };
        crate::facets::clusters::Clusters::parse(text(10), str::to_string)
            .map_err(|why| anyhow::anyhow!("{}: {why}", shown(10)))?;
        let hash = index_hash(&analyzer, texts(&files));
        Ok(Config {
            countries: parse_toml(&shown(3), text(3))?,
            persons: parse_toml(&shown(4), text(4))?,
            title_cues: parse_toml(&shown(5), text(5))?,
            persons_model,
            person_words,
            analyzer,
            datelines,
            hash,
            files,
            pipeline: OnceLock::new(),
        })
    }

    /// Each file's name and where it came from.
    pub fn origins(&self) -> impl Iterator<Item = (&'static str, &Origin)> {
        self.files.iter().map(|(name, _, origin)| (*name, origin))
    }

    /// The hash of what changes an index built with this configuration: every file, with
    /// `analyzer.toml` read as its settings less the query-time ones.
    pub fn index_hash(&self) -> &str {
        &self.hash
    }

    /// The settings read at query time.
    pub fn query_settings(&self) -> QuerySettings {
        QuerySettings::of(&self.analyzer)
    }

    /// The analysis pipeline these settings describe (built once; the analyser settings are
    /// read as they were then).
    pub fn pipeline(&self) -> Arc<Pipeline> {
        self.pipeline
            .get_or_init(|| Arc::new(pipeline_of(&self.analyzer, &self.files)))
            .clone()
    }

    /// The dateline parser.
    pub fn dateline_parser(&self) -> Datelines {
        Datelines::new(&self.datelines)
    }

    /// Writes every file of this configuration into `dest` (created), for an index to carry the
    /// configuration it was built with.
    pub fn write_to(&self, dest: &Path) -> Result<()> {
        fs::create_dir_all(dest).with_context(|| format!("creating {}", dest.display()))?;
        for (name, text, _) in &self.files {
            let to = dest.join(name);
            fs::write(&to, text).with_context(|| format!("writing {}", to.display()))?;
        }
        Ok(())
    }
}

/// A configuration's index hash and query-time settings (see [`Config::digest`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub index_hash: String,
    pub query: QuerySettings,
}

/// Files stored elsewhere (name → text), each missing one built in.
pub(crate) fn stored_files(stored: &std::collections::HashMap<String, String>) -> Vec<File> {
    BUILT_IN
        .iter()
        .map(|&(name, built_in)| match stored.get(name) {
            Some(text) => (name, text.clone(), Origin::Stored),
            None => (name, built_in.to_string(), Origin::BuiltIn),
        })
        .collect()
}

fn built_in_files() -> Vec<File> {
    BUILT_IN
        .iter()
        .map(|&(name, text)| (name, text.to_string(), Origin::BuiltIn))
        .collect()
}

/// The pipeline of `analyzer` and the word lists of `files` (in the order of [`BUILT_IN`]).
pub(crate) fn pipeline_of(analyzer: &AnalyzerSettings, files: &[File]) -> Pipeline {
    Pipeline::new(analyzer, &files[STOPWORDS].1, &files[STEM_EXCEPTIONS].1)
        .with_nouns(analyzer, &files[NOUNS].1)
}

/// One file of a configuration: its name, text and origin.
pub(crate) type File = (&'static str, String, Origin);

/// The files of folder `dir`, each missing one built in.
pub(crate) fn read_files(dir: &Path) -> Result<Vec<File>> {
    if !dir.is_dir() {
        anyhow::bail!(
            "config folder {} not found; give a folder holding any of analyzer.toml, persons.toml, countries.toml …",
            dir.display()
        );
    }
    BUILT_IN
        .iter()
        .map(|&(name, built_in)| read_file(dir, name, built_in))
        .collect()
}

/// File `name` of folder `dir`, or `built_in` when the folder lacks it.
pub(crate) fn read_file(dir: &Path, name: &'static str, built_in: &str) -> Result<File> {
    let path = dir.join(name);
    if path.exists() {
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        Ok((name, text, Origin::File(path)))
    } else {
        Ok((name, built_in.to_string(), Origin::BuiltIn))
    }
}

/// How a file is named in errors.
pub(crate) fn shown(file: &File) -> String {
    match &file.2 {
        Origin::BuiltIn => format!("built-in {}", file.0),
        Origin::File(p) => p.display().to_string(),
        Origin::Stored => format!("stored {}", file.0),
    }
}

/// `analyzer.toml`, parsed and checked.
pub(crate) fn analyzer_settings(file: &File) -> Result<AnalyzerSettings> {
    // The built-in text (what most indexes store) is parsed once a process: a search checks
    // the built-in configuration and reads the stored one.
    static BUILT_IN_SETTINGS: std::sync::OnceLock<AnalyzerSettings> = std::sync::OnceLock::new();
    if file.1 == BUILT_IN[ANALYZER].1 {
        if let Some(settings) = BUILT_IN_SETTINGS.get() {
            return Ok(settings.clone());
        }
    }
    let analyzer: AnalyzerSettings = parse_toml(&shown(file), &file.1)?;
    analyzer
        .check()
        .map_err(|why| anyhow::anyhow!("{}: {why}", shown(file)))?;
    if file.1 == BUILT_IN[ANALYZER].1 {
        let _ = BUILT_IN_SETTINGS.set(analyzer.clone());
    }
    Ok(analyzer)
}

/// Writes the built-in files into `dest` for editing; refuses to overwrite a file.
pub fn dump_built_in(dest: &Path) -> Result<()> {
    for (name, _) in BUILT_IN {
        let to = dest.join(name);
        if to.exists() {
            anyhow::bail!(
                "{} already exists; choose an empty or new folder to write the built-in configuration into",
                to.display()
            );
        }
    }
    fs::create_dir_all(dest).with_context(|| format!("creating {}", dest.display()))?;
    for (name, text) in BUILT_IN {
        let to = dest.join(name);
        fs::write(&to, text).with_context(|| format!("writing {}", to.display()))?;
    }
    Ok(())
}

pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(shown: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|err| match err.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            anyhow::anyhow!("{shown}:{line}:{column}: {}", err.message().trim_end())
        }
        None => anyhow::anyhow!("{shown}: {}", err.message().trim_end()),
    })
}

pub(crate) fn index_hash<'a, 'b>(
    analyzer: &AnalyzerSettings,
    files: impl IntoIterator<Item = (&'a str, &'b str)>,
) -> String {
    index_hash_of(analyzer, &files_digest(files.into_iter().skip(1)))
}

// The hash reads `analyzer.toml` first, by its settings, and the build script digests the rest.
const _: () = assert!(ANALYZER == 0, "analyzer.toml comes first");

/// The index hash of `analyzer` and the digest of the other files ([`files_digest`]).
fn index_hash_of(analyzer: &AnalyzerSettings, files_digest: &str) -> String {
    // analyzer.toml counts by its index-time settings, so comments and query-time settings
    // (the passage length, the unstemmed lift) can change without a new index.
    let index_time = AnalyzerSettings {
        snippet_chars: AnalyzerSettings::default().snippet_chars,
        unstemmed_boost: AnalyzerSettings::default().unstemmed_boost,
        ..analyzer.clone()
    };
    let settings = format!("{index_time:?}");
    crate::files_digest::files_digest([
        (BUILT_IN[ANALYZER].0, settings.as_str()),
        ("", files_digest),
    ])[..16]
        .to_string()
}

/// Each file's name and text.
pub(crate) fn texts(files: &[File]) -> impl Iterator<Item = (&'static str, &str)> {
    files.iter().map(|(name, text, _)| (*name, text.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_overrides_only_the_files_it_holds() {
        let persons = "[[person]]\nname = \"سيرغي لافروف\"\nen = \"Sergey Lavrov\"\n";
        let dir = folder(&[("persons.toml", persons)]);
        let config = Config::load(Some(dir.path())).unwrap();
        assert_eq!(config.persons.person.len(), 1);
        for (name, origin) in config.origins() {
            let expected = if name == "persons.toml" {
                Origin::File(dir.path().join(name))
            } else {
                Origin::BuiltIn
            };
            assert_eq!(*origin, expected, "{name}");
        }
        assert_eq!(
            config.countries.country.len(),
            Config::built_in().countries.country.len()
        );
    }

    #[test]
    fn query_time_settings_do_not_change_the_index_hash() {
        let built_in = Config::built_in();
        let passage = BUILT_IN[0]
            .1
            .replace("snippet_chars = 200", "snippet_chars = 80");
        assert_ne!(passage, BUILT_IN[0].1);
        let config = Config::load(Some(folder(&[("analyzer.toml", &passage)]).path())).unwrap();
        assert_eq!(config.query_settings().snippet_chars, 80);
        assert_eq!(config.index_hash(), built_in.index_hash());
        let unstemmed = BUILT_IN[0].1.replace("stem = true", "stem = false");
        let config = Config::load(Some(folder(&[("analyzer.toml", &unstemmed)]).path())).unwrap();
        assert_ne!(config.index_hash(), built_in.index_hash());
    }

    #[test]
    fn the_digest_agrees_with_the_whole_configuration() {
        let digest = Config::digest(None).unwrap();
        assert_eq!(digest.index_hash, Config::built_in().index_hash());
        let passage = BUILT_IN[0]
            .1
            .replace("snippet_chars = 200", "snippet_chars = 80");
        let dir = folder(&[("analyzer.toml", &passage), ("stopwords.txt", "في\n")]);
        let digest = Config::digest(Some(dir.path())).unwrap();
        let whole = Config::load(Some(dir.path())).unwrap();
        assert_eq!(digest.index_hash, whole.index_hash());
        assert_eq!(digest.query, whole.query_settings());
        assert_eq!(digest.query.snippet_chars, 80);
    }

    #[test]
    fn errors_name_the_file_and_the_line() {
        let dir = folder(&[("countries.toml", "use_metonyms = tru\n")]);
        let err = Config::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("countries.toml:1:"), "{err}");
        let err = Config::load(Some(&dir.path().join("nope"))).err().unwrap();
        assert!(err.to_string().contains("not found"), "{err}");
    }

    #[test]
    fn the_dump_is_the_built_in_set_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        dump_built_in(dir.path()).unwrap();
        let dumped = Config::load(Some(dir.path())).unwrap();
        assert_eq!(dumped.index_hash(), Config::built_in().index_hash());
        assert!(dump_built_in(dir.path()).is_err());
    }
}
