//! The external question → paragraph sets of `shared/eval-external/` (ARCD, XQuAD-ar).
//!
//! Format (its README.md): `corpus/<name>.jsonl` (id, title, text) and `queries.tsv` (qid,
//! variant, query, article_id, text_sha1). A question is answered by the first returned
//! paragraph whose whitespace-folded text has `text_sha1`.

use std::collections::HashMap;
use std::path::Path;

use sha1::{Digest, Sha1};

/// One external set.
pub struct QaSet {
    /// Paragraph texts.
    pub docs: Vec<String>,
    /// `(question, indexes of the paragraphs whose text has the question's text_sha1)`.
    pub queries: Vec<(String, Vec<usize>)>,
}

/// `" ".join(text.split())` as Python computes it (Python also splits on U+001C–U+001F).
fn whitespace_folded(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads `dir/corpus/<name>.jsonl` and `dir/queries.tsv`.
pub fn load(dir: &Path, name: &str) -> QaSet {
    let corpus = dir.join("corpus").join(format!("{name}.jsonl"));
    let text = std::fs::read_to_string(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e} (the recall check needs shared/)", corpus.display()));
    let mut docs = Vec::new();
    let mut by_sha: HashMap<String, Vec<usize>> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
        let para = record["text"]
            .as_str()
            .expect("record has a text")
            .to_string();
        by_sha
            .entry(sha1_hex(&whitespace_folded(&para)))
            .or_default()
            .push(docs.len());
        docs.push(para);
    }
    let tsv_path = dir.join("queries.tsv");
    let tsv = std::fs::read_to_string(&tsv_path)
        .unwrap_or_else(|e| panic!("{}: {e}", tsv_path.display()));
    let mut queries = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            5,
            "{}:{}: expected 5 columns",
            tsv_path.display(),
            n + 1
        );
        let targets = by_sha.get(cols[4]).cloned().unwrap_or_else(|| {
            panic!(
                "{}:{}: no paragraph has text_sha1 {}",
                tsv_path.display(),
                n + 1,
                cols[4]
            )
        });
        queries.push((cols[2].to_string(), targets));
    }
    QaSet { docs, queries }
}
