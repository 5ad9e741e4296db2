//! One request's view of an OpenSearch index: searches, counts, terms aggregations and stored
//! paragraphs, the documents it ranked named by their place in a list of ids.

use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::Result;
use serde_json::{json, Value};

use super::client::segment;
use super::query::{filters_query, plan_query};
use super::schema::{name, side_index, MAX_WINDOW};
use super::OpenSearchIndex;
use crate::api::{Sort, Stats};
use crate::backend::{Candidate, DocRef, GroupKey, Grouping, Paragraph, RawCounts, Snapshot};
use crate::plan::{Filters, Plan};

pub(super) struct OpenSearchSnapshot<'a> {
    pub(super) index: &'a OpenSearchIndex,
    /// The ids of the documents handed out, by [`DocRef`]; with their paragraph when it came along.
    pub(super) docs: RefCell<Vec<(String, Option<Paragraph>)>>,
}

/// The largest terms aggregation asked for.
const BUCKETS: usize = 10_000;

impl OpenSearchSnapshot<'_> {
    fn search(&self, body: &Value) -> Result<Value> {
        let path = format!("{}/_search", self.index.client.target().index);
        self.index.client.json("POST", &path, body, "searching")
    }

    fn remember(&self, id: String, paragraph: Option<Paragraph>) -> DocRef {
        let mut docs = self.docs.borrow_mut();
        docs.push((id, paragraph));
        DocRef(docs.len() as u64 - 1)
    }

    fn facet_counts_of(&self, query: Value, limit: usize) -> Result<RawCounts> {
        // Each shard hands back all its values, so the counts of the top ones are exact.
        let terms = |field: &str, size: usize| json!({"terms": {"field": field, "size": size, "shard_size": BUCKETS}});
        let size = limit.min(BUCKETS);
        let body = json!({
            "size": 0,
            "track_total_hits": true,
            "query": query,
            "aggs": {
                "countries": terms(name::COUNTRY, size),
                "persons": terms(name::PERSON, size),
                "sources": terms(name::SOURCE, size),
                "months": terms(name::MONTH, BUCKETS),
            },
        });
        let answer = self.search(&body)?;
        let buckets = |agg: &str| -> Vec<(String, u64)> {
            answer["aggregations"][agg]["buckets"]
                .as_array()
                .map(|b| {
                    b.iter()
                        .map(|b| {
                            let key = match &b["key"] {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            (key, b["doc_count"].as_u64().unwrap_or(0))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(RawCounts {
            countries: buckets("countries"),
            persons: buckets("persons"),
            sources: buckets("sources"),
            months: buckets("months")
                .into_iter()
                .filter_map(|(m, n)| {
                    let m: u64 = m.parse().ok()?;
                    Some((format!("{:04}-{:02}", m / 100, m % 100), n))
                })
                .collect(),
            matches: answer["hits"]["total"]["value"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok()),
        })
    }
}

/// A stored paragraph from a document's `_source`.
fn paragraph_of(source: &Value) -> Paragraph {
    let text = |field: &str| source[field].as_str().map(str::to_string);
    let list = |field: &str| -> Vec<String> {
        match &source[field] {
            Value::Array(values) => values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    Paragraph {
        article_id: text(name::ARTICLE_ID).unwrap_or_default(),
        paragraph: source[name::PARAGRAPH].as_u64().unwrap_or(0),
        title: text(name::TITLE),
        date: text(name::DATE),
        place: text(name::PLACE),
        source: text(name::SOURCE),
        category: text(name::CATEGORY),
        url: text(name::URL),
        path: text(name::PATH).unwrap_or_default(),
        text: text(name::TEXT).unwrap_or_default(),
        countries: list(name::COUNTRY),
        persons: list(name::PERSON),
    }
}

fn hits(answer: &Value) -> &[Value] {
    answer["hits"]["hits"].as_array().map_or(&[], Vec::as_slice)
}

impl Snapshot for OpenSearchSnapshot<'_> {
    fn count(&self, plan: &Plan) -> Result<usize> {
        let path = format!("{}/_count", self.index.client.target().index);
        let answer = self.index.client.json(
            "POST",
            &path,
            &json!({"query": plan_query(plan)}),
            "counting",
        )?;
        Ok(answer["count"].as_u64().unwrap_or(0) as usize)
    }

    fn top(&self, plan: &Plan, sort: Sort, n: usize, grouping: Grouping) -> Result<Vec<Candidate>> {
        let sort = match sort {
            Sort::Relevance => {
                json!(["_score", {name::ARTICLE_ID: "asc"}, {name::PARAGRAPH: "asc"}])
            }
            Sort::Date => {
                json!([{name::DAY: {"order": "desc", "missing": "_last"}}, {name::ARTICLE_ID: "asc"}, {name::PARAGRAPH: "asc"}])
            }
        };
        let body = json!({
            "size": n.min(MAX_WINDOW),
            "track_total_hits": false,
            "track_scores": true,
            "query": plan_query(plan),
            "sort": sort,
            "_source": [name::ARTICLE_ID, name::PARAGRAPH, name::DUP_KEY],
        });
        let answer = self.search(&body)?;
        Ok(hits(&answer)
            .iter()
            .map(|hit| {
                let source = &hit["_source"];
                let key = match grouping {
                    Grouping::None => GroupKey::None,
                    Grouping::Duplicates => GroupKey::Duplicate(
                        source[name::DUP_KEY]
                            .as_str()
                            .and_then(|k| u64::from_str_radix(k, 16).ok())
                            .unwrap_or(0),
                    ),
                    Grouping::Article => GroupKey::Article(
                        source[name::ARTICLE_ID].as_str().unwrap_or("").to_string(),
                    ),
                };
                Candidate {
                    score: hit["_score"].as_f64().unwrap_or(0.0) as f32,
                    doc: self.remember(hit["_id"].as_str().unwrap_or("").to_string(), None),
                    key,
                    paragraph: source[name::PARAGRAPH].as_u64().unwrap_or(0),
                }
            })
            .collect())
    }

    fn paragraph(&self, doc: DocRef) -> Result<Paragraph> {
        let (id, known) = self
            .docs
            .borrow()
            .get(doc.0 as usize)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no document {} in this search", doc.0))?;
        if let Some(paragraph) = known {
            return Ok(paragraph);
        }
        let path = format!("{}/_doc/{}", self.index.client.target().index, segment(&id));
        let answer = self
            .index
            .client
            .send("GET", &path, None)?
            .ok("reading a paragraph")?;
        Ok(paragraph_of(&answer["_source"]))
    }

    fn facet_counts(
        &self,
        plan: Option<&Plan>,
        limit: usize,
        _ranked_next: bool,
    ) -> Result<RawCounts> {
        let query = match plan {
            Some(plan) => plan_query(plan),
            None => json!({"match_all": {}}),
        };
        self.facet_counts_of(query, limit)
    }

    fn filtered(&self, filters: &Filters, limit: usize) -> Result<(Vec<DocRef>, bool)> {
        let body = json!({
            "size": limit.min(MAX_WINDOW),
            "track_total_hits": true,
            "query": filters_query(filters),
            "sort": [{name::ARTICLE_ID: "asc"}, {name::PARAGRAPH: "asc"}],
        });
        let answer = self.search(&body)?;
        let total = answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize;
        let docs: Vec<DocRef> = hits(&answer)
            .iter()
            .map(|hit| {
                let id = hit["_id"].as_str().unwrap_or("").to_string();
                self.remember(id, Some(paragraph_of(&hit["_source"])))
            })
            .collect();
        Ok((docs, total > limit))
    }

    fn article(&self, id: &str) -> Result<Vec<Paragraph>> {
        let body = json!({
            "size": MAX_WINDOW.min(10_000),
            "query": {"term": {name::ARTICLE_ID: id}},
            "sort": [{name::PARAGRAPH: "asc"}],
        });
        Ok(hits(&self.search(&body)?)
            .iter()
            .map(|hit| paragraph_of(&hit["_source"]))
            .collect())
    }

    fn article_ids(&self) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        let mut after: Option<Value> = None;
        // At most 100,000 ids for suggestions: enough to find a near miss, bounded for any index.
        while ids.len() < 100_000 {
            let mut composite =
                json!({"size": 1000, "sources": [{"id": {"terms": {"field": name::ARTICLE_ID}}}]});
            if let Some(after) = &after {
                composite["after"] = after.clone();
            }
            let body = json!({"size": 0, "aggs": {"ids": {"composite": composite}}});
            let answer = self.search(&body)?;
            let buckets = answer["aggregations"]["ids"]["buckets"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if buckets.is_empty() {
                break;
            }
            ids.extend(
                buckets
                    .iter()
                    .filter_map(|b| b["key"]["id"].as_str().map(str::to_string)),
            );
            after = Some(answer["aggregations"]["ids"]["after_key"].clone());
        }
        Ok(ids)
    }

    fn similar_terms(&self, term: &str, distance: u8, limit: usize) -> Result<Vec<(String, u64)>> {
        let index = &self.index.client.target().index;
        let count = self.index.client.json(
            "POST",
            &format!("{index}/_count"),
            &json!({"query": {"term": {name::TERMS: term}}}),
            "counting a term",
        )?["count"]
            .as_u64()
            .unwrap_or(0);
        let mut out = Vec::new();
        if count > 0 {
            out.push((term.to_string(), count));
        }
        if distance > 0 {
            let body = json!({
                "size": 0,
                "suggest": {"near": {"text": term, "term": {
                    "field": name::TERMS,
                    "suggest_mode": "always",
                    "max_edits": distance.min(2),
                    "size": limit,
                    "min_word_length": 2,
                    "analyzer": "whitespace",
                }}},
            });
            let answer = self.search(&body)?;
            for option in answer["suggest"]["near"][0]["options"]
                .as_array()
                .into_iter()
                .flatten()
            {
                if let Some(text) = option["text"].as_str() {
                    out.push((text.to_string(), option["freq"].as_u64().unwrap_or(0)));
                }
            }
        }
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(limit);
        Ok(out)
    }

    fn stats(&self) -> Result<Stats> {
        let client = &self.index.client;
        let index = &client.target().index;
        let paragraphs = client.json("POST", &format!("{index}/_count"), &json!({}), "counting")?
            ["count"]
            .as_u64()
            .unwrap_or(0) as usize;
        let days = self.search(&json!({
            "size": 0,
            "aggs": {"first": {"min": {"field": name::DAY}}, "last": {"max": {"field": name::DAY}}},
        }))?;
        let day = |agg: &str| {
            days["aggregations"][agg]["value"]
                .as_f64()
                .map(|d| d as u64)
        };
        let day_str = |d: u64| format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100);
        let side = side_index(index);
        let articles = client.json(
            "POST",
            &format!("{side}/_search"),
            &json!({
                "size": 0,
                "track_total_hits": true,
                "query": {"term": {name::KIND: "article"}},
                "aggs": {
                    "sources": {"terms": {"field": name::SOURCE, "size": BUCKETS, "missing": ""}},
                },
            }),
            "counting articles",
        )?;
        let mut sources: Vec<(String, usize)> = articles["aggregations"]["sources"]["buckets"]
            .as_array()
            .map(|b| {
                b.iter()
                    .map(|b| {
                        let name = b["key"].as_str().unwrap_or("").to_string();
                        (name, b["doc_count"].as_u64().unwrap_or(0) as usize)
                    })
                    .collect()
            })
            .unwrap_or_default();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let store = client.send("GET", &format!("{index}/_stats/store"), None)?;
        let bytes = store
            .ok("reading index stats")
            .ok()
            .and_then(|s| s["_all"]["total"]["store"]["size_in_bytes"].as_u64())
            .unwrap_or(0);
        let info = &self.index.info;
        Ok(Stats {
            articles: articles["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize,
            paragraphs,
            date_range: match (day("first"), day("last")) {
                (Some(a), Some(b)) if b > 0 => Some([day_str(a), day_str(b)]),
                _ => None,
            },
            sources,
            bytes_on_disk: bytes,
            built_at: info.built_at.clone(),
            config_hash: info.config_hash.clone(),
            corpus: info.corpus.clone(),
        })
    }
}

/// A map of the side index's stored configuration files.
pub(super) fn stored_files(config: &Value) -> HashMap<String, String> {
    config["files"]
        .as_object()
        .map(|files| {
            files
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}
