//! A [`Plan`] as a Tantivy query: stems as term queries lifted by their unstemmed terms, phrases
//! as phrase queries, the title as a lift, filters as constant-score clauses.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::schema::{self, Fields};
use crate::plan::{Filters, Item, Mode, Plan, Scope, Weights};

/// One clause of a boolean query.
type Clause = (Occur, Box<dyn Query>);

/// The whole plan.
pub(super) fn plan_query(fields: &Fields, plan: &Plan) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let groups: Vec<Box<dyn Query>> = plan
        .groups
        .iter()
        .map(|group| match group.as_slice() {
            [item] => item_query(fields, item, &plan.weights),
            items => Box::new(BooleanQuery::new(
                items
                    .iter()
                    .map(|item| (Occur::Should, item_query(fields, item, &plan.weights)))
                    .collect(),
            )) as Box<dyn Query>,
        })
        .collect();
    match plan.mode {
        Mode::AllGroups => clauses.extend(groups.into_iter().map(|q| (Occur::Must, q))),
        Mode::AnyGroup => clauses.push((
            Occur::Must,
            Box::new(BooleanQuery::new(
                groups.into_iter().map(|q| (Occur::Should, q)).collect(),
            )),
        )),
    }
    for item in &plan.excluded {
        clauses.push((Occur::MustNot, item_query(fields, item, &plan.weights)));
    }
    clauses.extend(filter_clauses(fields, &plan.filters));
    Box::new(BooleanQuery::new(clauses))
}

/// The filters alone (every paragraph when there are none).
pub(super) fn filters_query(fields: &Fields, filters: &Filters) -> Box<dyn Query> {
    let clauses = filter_clauses(fields, filters);
    if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    }
}

/// One item: in the paragraph text, lifted when the article title holds it too; or in the title
/// alone (`title:`); plus the coverage constant when coverage ranks first.
fn item_query(fields: &Fields, item: &Item, weights: &Weights) -> Box<dyn Query> {
    let title = field_query(fields.title_terms, item, None);
    let (matched, mut clauses): (Box<dyn Query>, Vec<Clause>) = match item.scope {
        Scope::Title => (title.box_clone(), vec![(Occur::Must, title)]),
        Scope::Anywhere => (
            field_query(fields.terms, item, None),
            vec![
                (
                    Occur::Must,
                    field_query(fields.terms, item, weights.unstemmed),
                ),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(title, weights.title)),
                ),
            ],
        ),
    };
    if let Some(coverage) = weights.coverage {
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(matched, coverage)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// One word: its stem, or its alternative counted as the same word (plus a lift for the word as
/// typed, where `lift` gives the weight of unstemmed terms); several: a phrase of stems.
fn field_query(field: Field, item: &Item, lift: Option<f32>) -> Box<dyn Query> {
    let term_query = |text: &str| -> Box<dyn Query> {
        let term = Term::from_field_text(field, text);
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
    };
    if let [word] = item.words.as_slice() {
        let stem = match &word.alternative {
            Some(alternative) => Box::new(DisjunctionMaxQuery::new(vec![
                term_query(&word.stem),
                term_query(alternative),
            ])),
            None => term_query(&word.stem),
        };
        return match (&word.unstemmed, lift) {
            (Some(unstemmed), Some(boost)) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, stem),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(term_query(unstemmed), boost)),
                ),
            ])),
            _ => stem,
        };
    }
    let first = item.words[0].position;
    let terms = item
        .words
        .iter()
        .map(|w| (w.position - first, Term::from_field_text(field, &w.stem)))
        .collect();
    Box::new(PhraseQuery::new_with_offset(terms))
}

fn filter_clauses(fields: &Fields, filters: &Filters) -> Vec<(Occur, Box<dyn Query>)> {
    let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
        let should = terms
            .into_iter()
            .map(|t| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(should)),
            0.0,
        ))
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !filters.countries.is_empty() {
        let terms = value_terms(fields.country, &filters.countries);
        clauses.push((Occur::Must, any_of(terms)));
    }
    if !filters.persons.is_empty() {
        let terms = value_terms(fields.person, &filters.persons);
        clauses.push((Occur::Must, any_of(terms)));
    }
    if !filters.sources.is_empty() {
        let terms = filters
            .sources
            .iter()
            .map(|s| Term::from_field_text(fields.source, s))
            .collect();
        clauses.push((Occur::Must, any_of(terms)));
    }
    if filters.from.is_some() || filters.to.is_some() {
        let bound = |d: Option<chrono::NaiveDate>| match d {
            Some(d) => Bound::Included(Term::from_field_u64(fields.day, schema::day_number(d))),
            None => Bound::Unbounded,
        };
        let range = RangeQuery::new(bound(filters.from), bound(filters.to));
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
        ));
    }
    clauses
}

/// The terms of `values` in a field indexed as whole values.
fn value_terms(field: Field, values: &[String]) -> Vec<Term> {
    values
        .iter()
        .map(|v| Term::from_field_text(field, v))
        .collect()
}
