//! The ANT bench file's articles for the derivation examples, less the articles of the person
//! held-out set (`tests/gold/persons-heldout.jsonl`), which nothing derived may see.

use std::collections::HashSet;
use std::io::BufRead as _;
use std::path::Path;

use anyhow::{Context, Result};

/// Calls `each(id, text)` for every article of the ANT bench file beside the repository (`root`)
/// that is not in the person held-out set.
pub fn articles(root: &Path, mut each: impl FnMut(&str, &str)) -> Result<()> {
    let heldout: HashSet<String> =
        std::fs::read_to_string(root.join("tests/gold/persons-heldout.jsonl"))?
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["id"].as_str().map(str::to_string))
            .collect();
    let bench = root.join("../shared/corpus-real/bench/ant-arabic-news.jsonl.gz");
    let file =
        std::fs::File::open(&bench).with_context(|| format!("reading {}", bench.display()))?;
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    for line in reader.lines() {
        let article: serde_json::Value = serde_json::from_str(&line?)?;
        let Some(id) = article["id"].as_str() else {
            continue;
        };
        if !heldout.contains(id) {
            each(id, article["text"].as_str().unwrap_or_default());
        }
    }
    Ok(())
}
