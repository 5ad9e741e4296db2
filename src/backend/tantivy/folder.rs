//! The index folder's own files: `khabar/info.json` (its [`Info`]) and `khabar/config/`,
//! the configuration it was built with, so searching needs nothing but the folder.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::backend::Info;
use crate::config::{self, Config};
use crate::stored_config::StoredConfig;

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

/// The configuration stored in an index whose `info.json` names `built_with` as its index hash.
pub(super) fn stored_config(index: &Path, built_with: &str) -> Result<StoredConfig> {
    let dir = khabar_dir(index).join("config");
    if !dir.is_dir() {
        anyhow::bail!("its configuration {} is missing", dir.display());
    }
    StoredConfig::new(config::read_files(&dir)?, built_with)
}

/// Stores `config` in an index.
pub(super) fn store_config(index: &Path, config: &Config) -> Result<()> {
    config.write_to(&khabar_dir(index).join("config"))
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
