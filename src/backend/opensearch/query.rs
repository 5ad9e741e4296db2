//! A [`Plan`] as OpenSearch query DSL: the same clauses as the local index (stems, alternatives
//! as one word, the unstemmed lift, the title lift, the coverage constant), filters in filter
//! context.

use serde_json::{json, Value};

use super::schema::{name, GAP};
use crate::plan::{day_number, Filters, Item, Mode, Plan, Scope, Weights};

/// The whole plan as a `query`.
pub fn plan_query(plan: &Plan) -> Value {
    let groups: Vec<Value> = plan
        .groups
        .iter()
        .map(|group| match group.as_slice() {
            [item] => item_query(item, &plan.weights),
            items => json!({"bool": {
                "should": items.iter().map(|i| item_query(i, &plan.weights)).collect::<Vec<_>>(),
                "minimum_should_match": 1,
            }}),
        })
        .collect();
    let must = match plan.mode {
        Mode::AllGroups => groups,
        Mode::AnyGroup => vec![json!({"bool": {"should": groups, "minimum_should_match": 1}})],
    };
    let must_not: Vec<Value> = plan
        .excluded
        .iter()
        .map(|i| item_query(i, &plan.weights))
        .collect();
    json!({"bool": {"must": must, "must_not": must_not, "filter": filter_clauses(&plan.filters)}})
}

/// The filters alone.
pub fn filters_query(filters: &Filters) -> Value {
    json!({"bool": {"filter": filter_clauses(filters)}})
}

fn item_query(item: &Item, weights: &Weights) -> Value {
    let title = field_query(name::TITLE_TERMS, item, None);
    let (matched, mut must, mut should) = match item.scope {
        Scope::Title => (title.clone(), vec![title], vec![]),
        Scope::Anywhere => (
            field_query(name::TERMS, item, None),
            vec![field_query(name::TERMS, item, weights.unstemmed)],
            vec![json!({"bool": {"must": [title], "boost": weights.title}})],
        ),
    };
    if let Some(coverage) = weights.coverage {
        should.push(json!({"constant_score": {"filter": matched, "boost": coverage}}));
    }
    json!({"bool": {"must": std::mem::take(&mut must), "should": std::mem::take(&mut should)}})
}

fn term(field: &str, value: &str) -> Value {
    json!({"term": {field: {"value": value}}})
}

/// One word: its stem (or alternative, as one word), lifted by its unstemmed term; several: a
/// phrase of stems, a stopword's place left open.
fn field_query(field: &str, item: &Item, lift: Option<f32>) -> Value {
    if let [word] = item.words.as_slice() {
        let stem = match &word.alternative {
            Some(alternative) => {
                json!({"dis_max": {"queries": [term(field, &word.stem), term(field, alternative)]}})
            }
            None => term(field, &word.stem),
        };
        return match (&word.unstemmed, lift) {
            (Some(unstemmed), Some(boost)) => json!({"bool": {
                "must": [stem],
                "should": [{"term": {field: {"value": unstemmed, "boost": boost}}}],
            }}),
            _ => stem,
        };
    }
    let first = item.words[0].position;
    let mut phrase: Vec<&str> = Vec::new();
    for word in &item.words {
        while phrase.len() < word.position - first {
            phrase.push(GAP);
        }
        phrase.push(&word.stem);
    }
    json!({"match_phrase": {field: {"query": phrase.join(" ")}}})
}

fn filter_clauses(filters: &Filters) -> Vec<Value> {
    let mut out = Vec::new();
    for (field, values) in [
        (name::COUNTRY, &filters.countries),
        (name::PERSON, &filters.persons),
        (name::SOURCE, &filters.sources),
    ] {
        if !values.is_empty() {
            out.push(json!({"terms": {field: values}}));
        }
    }
    if filters.from.is_some() || filters.to.is_some() {
        let mut range = serde_json::Map::new();
        if let Some(from) = filters.from {
            range.insert("gte".to_string(), day_number(from).into());
        }
        if let Some(to) = filters.to {
            range.insert("lte".to_string(), day_number(to).into());
        }
        out.push(json!({"range": {name::DAY: range}}));
    }
    out
}
