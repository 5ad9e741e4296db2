//! The index folder's own files: `khabar/info.json` (its [`Info`]), `khabar/config/`, the
//! configuration it was built with, so searching needs nothing but the folder, and
//! what a search would otherwise derive from that configuration: `khabar/noun-stems.set`, the
//! stems of its noun list, `khabar/stem-exceptions.set` and `khabar/stopwords.set`, those lists
//! normalised, and `khabar/country-names.tsv`, each country's Arabic name.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::backend::Info;
use crate::config::Config;
use crate::stored_config::{Derived, StoredConfig};

/// Where the default index lives.
pub const DEFAULT_INDEX: &str = ".khabar-index";

/// The khabar folder inside an index folder.
pub(super) fn khabar_dir(index: &Path) -> PathBuf {
    index.join("khabar")
}

/// Whether `dir` holds a Tantivy index.
pub fn is_index(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Reads `khabar/info.json` of an index.
pub fn read_info(index: &Path) -> Result<Info> {
    let path = khabar_dir(index).join("info.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is damaged", path.display()))
}

/// Writes `khabar/info.json`, replacing the old one at once.
pub(super) fn write_info(index: &Path, info: &Info) -> Result<()> {
    let dir = khabar_dir(index);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("info.json");
    let tmp = dir.join("info.json.tmp");
    fs::write(&tmp, serde_json::to_string_pretty(info)?)
        .with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
}

/// The stems of the noun list beside the configuration: the index hash on the first line, then
/// the stems as a stored word set (a search reads them as they are instead of analysing the
/// list again).
const NOUN_STEMS: &str = "noun-stems.set";

/// The stem exceptions, normalised, as a stored word set after the index hash (a search reads
/// them instead of normalising `stem-exceptions.txt`).
const STEM_EXCEPTIONS: &str = "stem-exceptions.set";

/// The stopwords in early normal form, as a stored word set after the index hash (a search reads
/// them instead of normalising `stopwords.txt`).
const STOPWORDS: &str = "stopwords.set";

/// Each country's code and Arabic name, `CODE<TAB>name` a line after the index hash (a search
/// reads them instead of `countries.toml`).
const COUNTRY_NAMES: &str = "country-names.tsv";

/// The first line of a derived file: the hash of the configuration it was derived from, and the
/// length and CRC-32 of the rest.
fn derived_header(built_with: &str, body: &[u8]) -> String {
    format!(
        "{built_with} {} {:08x}\n",
        body.len(),
        crc32fast::hash(body)
    )
}

/// The bytes of the derived file `name` of an index after its first line, when that line is
/// [`derived_header`] of `built_with` and the rest (so a file from another configuration, or
/// damaged, is not read).
fn derived(index: &Path, name: &str, built_with: &str) -> Option<Vec<u8>> {
    let mut bytes = fs::read(khabar_dir(index).join(name)).ok()?;
    let end = memchr::memchr(b'\n', &bytes)?;
    if bytes[..=end] != *derived_header(built_with, &bytes[end + 1..]).as_bytes() {
        return None;
    }
    bytes.drain(..=end);
    Some(bytes)
}

/// The configuration stored in an index whose `info.json` names `built_with` as its index hash.
pub(super) fn stored_config(index: &Path, built_with: &str) -> Result<StoredConfig> {
    let derived = Derived {
        noun_stems: derived(index, NOUN_STEMS, built_with),
        stopwords: derived(index, STOPWORDS, built_with),
        stem_exceptions: derived(index, STEM_EXCEPTIONS, built_with),
        country_names: derived(index, COUNTRY_NAMES, built_with),
    };
    StoredConfig::in_folder(&khabar_dir(index).join("config"), built_with, derived)
}

/// Stores `config` in an index, with what a search would otherwise derive from it.
pub(super) fn store_config(index: &Path, config: &Config) -> Result<()> {
    config.write_to(&khabar_dir(index).join("config"))?;
    let write = |name: &str, bytes: Option<Vec<u8>>| {
        let path = khabar_dir(index).join(name);
        match bytes {
            Some(bytes) => {
                let mut file = derived_header(config.index_hash(), &bytes).into_bytes();
                file.extend(bytes);
                let tmp = path.with_extension("tmp");
                fs::write(&tmp, file).with_context(|| format!("writing {}", tmp.display()))?;
                fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
            }
            None => match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(e).with_context(|| format!("removing {}", path.display()))
                }
                _ => Ok(()),
            },
        }
    };
    write(NOUN_STEMS, config.pipeline().noun_stems())?;
    write(STEM_EXCEPTIONS, config.pipeline().stem_exceptions())?;
    write(STOPWORDS, Some(config.pipeline().stopwords()))?;
    let names = config
        .countries
        .country
        .iter()
        .map(|c| format!("{}\t{}\n", c.code, c.ar))
        .collect::<String>();
    write(COUNTRY_NAMES, Some(names.into_bytes()))
}

/// The time now, as RFC 3339.
pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Bytes of every file under `dir`.
pub(super) fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Outcome;

    #[test]
    fn the_stored_noun_stems_are_those_the_pipeline_reads() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::built_in();
        store_config(dir.path(), &config).unwrap();
        let built = config.pipeline();
        let expected = built.noun_stems().unwrap();
        // Some 7,000 stems.
        assert!(expected.len() > 10_000);
        let stored = stored_config(dir.path(), config.index_hash()).unwrap();
        assert_eq!(stored.pipeline().noun_stems().unwrap(), expected);
        // Another hash: the stems are not trusted, and are read from the list again.
        let other = stored_config(dir.path(), "0000000000000000").unwrap();
        assert_eq!(other.pipeline().noun_stems().unwrap(), expected);
        // Damaged (a byte changed, or cut short): the same.
        let path = khabar_dir(dir.path()).join(NOUN_STEMS);
        let good = fs::read(&path).unwrap();
        let mut changed = good.clone();
        *changed.last_mut().unwrap() ^= 1;
        for bad in [changed, good[..good.len() - 1].to_vec()] {
            fs::write(&path, bad).unwrap();
            let damaged = stored_config(dir.path(), config.index_hash()).unwrap();
            assert_eq!(damaged.pipeline().noun_stems().unwrap(), expected);
        }
    }

    #[test]
    fn the_stored_stopwords_are_those_the_pipeline_reads() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::built_in();
        store_config(dir.path(), &config).unwrap();
        let expected = config.pipeline().stopwords();
        assert!(expected.len() > 500);
        let stored = stored_config(dir.path(), config.index_hash()).unwrap();
        assert_eq!(stored.pipeline().stopwords(), expected);
        // A stopword (vowelled, or with و) is dropped, a name kept, as with the list read again.
        let mut buf = crate::analysis::Buffers::default();
        for pipeline in [config.pipeline(), stored.pipeline()] {
            for (word, outcome) in [
                ("فِي", Outcome::Stopword),
                ("وعلى", Outcome::Stopword),
                ("علي", Outcome::Term),
            ] {
                assert_eq!(pipeline.process(word, &mut buf), outcome, "{word}");
            }
        }
    }

    #[test]
    fn the_stored_stem_exceptions_are_those_the_pipeline_reads() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::built_in();
        store_config(dir.path(), &config).unwrap();
        let expected = config.pipeline().stem_exceptions().unwrap();
        assert!(expected.len() > 500);
        let stored = stored_config(dir.path(), config.index_hash()).unwrap();
        assert_eq!(stored.pipeline().stem_exceptions().unwrap(), expected);
        // A word of the list stays whole, as with the list read again.
        let mut buf = crate::analysis::Buffers::default();
        for pipeline in [config.pipeline(), stored.pipeline()] {
            pipeline.process("وزير", &mut buf);
            assert_eq!(buf.term, "وزير");
        }
    }
}
