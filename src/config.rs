//! Loading `index-config/` into typed settings: analyser switches, word lists, gazetteers, datelines.
//!
//! Every file is named in its errors (`index-config/countries.toml: TOML parse error at line 3…`).
//! The config's hash (of every file but README.md) is stored with an index, so a changed config
//! is noticed; a copy of the files is stored too, so searching needs only the index folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::analysis::{AnalyzerSettings, Pipeline};
use crate::corpus::dateline::{DatelineConfig, Datelines};
use crate::facets::{CountryTable, PersonTable, TitleCues};

/// The files of a config folder, in the order they are hashed.
pub const FILES: [&str; 8] = [
    "analyzer.toml",
    "stopwords.txt",
    "stem-exceptions.txt",
    "countries.toml",
    "persons.toml",
    "title-cues.toml",
    "datelines.toml",
    "nouns.txt",
];

/// Everything read from a config folder.
pub struct Config {
    /// Where it was read from.
    pub dir: PathBuf,
    pub analyzer: AnalyzerSettings,
    pub stopwords: String,
    pub stem_exceptions: String,
    pub nouns: String,
    pub countries: CountryTable,
    pub persons: PersonTable,
    pub title_cues: TitleCues,
    pub datelines: DatelineConfig,
    /// Hex hash of the files' contents.
    pub hash: String,
}

fn read(dir: &Path, name: &str) -> Result<String> {
    let path = dir.join(name);
    fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

fn parse_toml<T: serde::de::DeserializeOwned>(dir: &Path, name: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|err| {
        let path = dir.join(name);
        match err.span() {
            Some(span) => {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                anyhow::anyhow!(
                    "{}:{line}:{column}: {}",
                    path.display(),
                    err.message().trim_end()
                )
            }
            None => anyhow::anyhow!("{}: {}", path.display(), err.message().trim_end()),
        }
    })
}

fn read_all(dir: &Path) -> Result<Vec<String>> {
    FILES.iter().map(|name| read(dir, name)).collect()
}

fn hash_texts(texts: &[String]) -> String {
    let mut hasher = blake3::Hasher::new();
    for (name, text) in FILES.iter().zip(texts) {
        hasher.update(name.as_bytes());
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.finalize().to_hex()[..16].to_string()
}

/// The hash of the config folder `dir`, as [`Config::load`] computes it, without parsing the
/// files (cheap enough for every search to compare with its index).
pub fn hash_of(dir: &Path) -> Result<String> {
    Ok(hash_texts(&read_all(dir)?))
}

impl Config {
    /// Reads the config folder `dir`.
    pub fn load(dir: &Path) -> Result<Config> {
        if !dir.is_dir() {
            anyhow::bail!(
                "config folder {} not found (it holds analyzer.toml, stopwords.txt, countries.toml …; pass --config DIR)",
                dir.display()
            );
        }
        let texts = read_all(dir)?;
        let hash = hash_texts(&texts);
        Ok(Config {
            dir: dir.to_path_buf(),
            analyzer: {
                let analyzer: AnalyzerSettings = parse_toml(dir, FILES[0], &texts[0])?;
                analyzer
                    .check()
                    .map_err(|why| anyhow::anyhow!("{}: {why}", dir.join(FILES[0]).display()))?;
                analyzer
            },
            stopwords: texts[1].clone(),
            stem_exceptions: texts[2].clone(),
            nouns: texts[7].clone(),
            countries: parse_toml(dir, FILES[3], &texts[3])?,
            persons: parse_toml(dir, FILES[4], &texts[4])?,
            title_cues: parse_toml(dir, FILES[5], &texts[5])?,
            datelines: {
                let datelines: DatelineConfig = parse_toml(dir, FILES[6], &texts[6])?;
                datelines
                    .check()
                    .map_err(|why| anyhow::anyhow!("{}: {why}", dir.join(FILES[6]).display()))?;
                datelines
            },
            hash,
        })
    }

    /// The analysis pipeline these settings describe.
    pub fn pipeline(&self) -> Arc<Pipeline> {
        Arc::new(
            Pipeline::new(&self.analyzer, &self.stopwords, &self.stem_exceptions)
                .with_nouns(&self.analyzer, &self.nouns),
        )
    }

    /// The dateline parser.
    pub fn dateline_parser(&self) -> Datelines {
        Datelines::new(&self.datelines)
    }

    /// Copies the config files into `dest` (created), for an index to carry its own config.
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        fs::create_dir_all(dest).with_context(|| format!("creating {}", dest.display()))?;
        for name in FILES {
            let to = dest.join(name);
            fs::copy(self.dir.join(name), &to)
                .with_context(|| format!("writing {}", to.display()))?;
        }
        Ok(())
    }
}
