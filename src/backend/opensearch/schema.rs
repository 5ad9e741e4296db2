//! The OpenSearch index: its settings and mapping (the one place its field names live), and
//! paragraph documents carrying khabar's own analysis as whitespace-separated terms.
//!
//! `terms` holds a paragraph's stems in order, a stopword as the placeholder [`GAP`] (removed by
//! the field's analyser, leaving its position empty, as a local index does), then each unstemmed
//! term and alternative stem as a value of its own: values sit 100 positions apart, so a phrase
//! never runs into them. `title_terms` is the title's stems (and alternatives) alike.

use serde_json::{json, Value};

use crate::analysis::Terms;
use crate::corpus::Article;
use crate::indexing::ParagraphDoc;

/// Field names.
pub mod name {
    pub const ARTICLE_ID: &str = "article_id";
    pub const PARAGRAPH: &str = "paragraph";
    pub const TITLE: &str = "title";
    pub const TITLE_TERMS: &str = "title_terms";
    pub const DATE: &str = "date";
    pub const DAY: &str = "day";
    pub const MONTH: &str = "month";
    pub const PLACE: &str = "place";
    pub const SOURCE: &str = "source";
    pub const CATEGORY: &str = "category";
    pub const URL: &str = "url";
    pub const PATH: &str = "path";
    pub const TEXT: &str = "text";
    pub const TERMS: &str = "terms";
    pub const COUNTRY: &str = "country";
    pub const PERSON: &str = "person";
    pub const DUP_KEY: &str = "dup_key";
    /// In the side index: what a document is (`config` or `article`).
    pub const KIND: &str = "kind";
    pub const HASH: &str = "hash";
    pub const PARAGRAPHS: &str = "paragraphs";
}

/// Stands for a stopword in `terms`: removed by the analyser, its position kept empty.
pub const GAP: &str = "\u{00B7}";

/// The analyser of `terms` and `title_terms`.
const ANALYZER: &str = "khabar_terms";

/// The deepest ranked list one search may fetch (for collapsing wire copies).
pub const MAX_WINDOW: usize = 100_000;

/// The side index holding the configuration and one document per article (hash, path, source).
pub fn side_index(index: &str) -> String {
    format!("{index}.khabar")
}

/// Settings and mapping of a new paragraph index.
pub fn paragraph_index(shards: u32, replicas: u32) -> Value {
    let keyword = json!({"type": "keyword"});
    let stored = json!({"type": "text", "index": false});
    let terms = json!({
        "type": "text",
        "analyzer": ANALYZER,
        "position_increment_gap": 100,
        "similarity": "BM25",
    });
    json!({
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "max_result_window": MAX_WINDOW,
            // BM25 as the local index scores: k1 = 1.2, b = 0.75.
            "similarity": {"default": {"type": "BM25", "k1": 1.2, "b": 0.75}},
            "analysis": {
                "filter": {"khabar_gap": {"type": "stop", "stopwords": [GAP], "ignore_case": false}},
                "analyzer": {ANALYZER: {"type": "custom", "tokenizer": "whitespace", "filter": ["khabar_gap"]}},
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                name::ARTICLE_ID: keyword,
                name::PARAGRAPH: {"type": "integer"},
                name::TITLE: stored,
                name::TITLE_TERMS: terms,
                name::DATE: {"type": "keyword", "index": false},
                name::DAY: {"type": "integer"},
                name::MONTH: {"type": "integer"},
                name::PLACE: stored,
                name::SOURCE: keyword,
                name::CATEGORY: stored,
                name::URL: {"type": "keyword", "index": false},
                name::PATH: keyword,
                name::TEXT: stored,
                name::TERMS: terms,
                name::COUNTRY: keyword,
                name::PERSON: keyword,
                name::DUP_KEY: keyword,
            },
        },
    })
}

/// Settings and mapping of the side index.
pub fn side_index_body() -> Value {
    json!({
        "settings": {"number_of_shards": 1, "number_of_replicas": 0},
        "mappings": {
            "dynamic": false,
            "properties": {
                name::KIND: {"type": "keyword"},
                name::ARTICLE_ID: {"type": "keyword"},
                name::SOURCE: {"type": "keyword"},
            },
        },
    })
}

/// A text's terms as the `terms` field takes them: the stems stream, then each extra term (an
/// alternative, an unstemmed term) as a value of its own.
pub fn terms(terms: &Terms) -> Vec<String> {
    let mut stream = String::new();
    let mut extras = Vec::new();
    for (i, mut word) in terms.words().enumerate() {
        if i > 0 {
            stream.push(' ');
        }
        match word.next() {
            Some(stem) => stream.push_str(stem),
            None => stream.push_str(GAP),
        }
        extras.extend(word.map(str::to_string));
    }
    std::iter::once(stream).chain(extras).collect()
}

/// The document of one paragraph; `title_terms` is the [`terms`] of its article's title.
pub fn paragraph_doc(
    article: &Article,
    title_terms: &Option<Vec<String>>,
    p: &ParagraphDoc,
) -> Value {
    let day = article.date.map(crate::plan::day_number);
    json!({
        name::ARTICLE_ID: article.id,
        name::PARAGRAPH: p.paragraph,
        name::TITLE: article.title,
        name::TITLE_TERMS: title_terms,
        name::DATE: article.date.map(|d| d.format("%Y-%m-%d").to_string()),
        name::DAY: day,
        name::MONTH: day.map(|d| d / 100),
        name::PLACE: article.place,
        name::SOURCE: article.source,
        name::CATEGORY: article.category,
        name::URL: article.url,
        name::PATH: article.path,
        name::TEXT: p.text,
        name::TERMS: terms(&p.terms),
        name::COUNTRY: p.countries,
        name::PERSON: p.persons,
        name::DUP_KEY: format!("{:016x}", p.dup_key),
    })
}

/// A paragraph's id: the article id and its number.
pub fn paragraph_id(article_id: &str, paragraph: u64) -> String {
    format!("{article_id}#{paragraph}")
}
