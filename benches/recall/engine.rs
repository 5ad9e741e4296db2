//! `Engine`: an in-RAM Tantivy index over paragraphs with one analyser, queried by BM25 top 10.
//!
//! Queries are built from the analysed tokens directly, one `TermQuery` per token, all `Should`
//! (what a default OR query parser builds, without reading any character as query syntax);
//! khabar's unstemmed terms get the boost its settings give them, as `khabar search` does, and
//! its alternative terms (a second stem at the same position: لقطار gives لقطار and قطار) count
//! as one word with the stem, the better of the two (`DisjunctionMaxQuery`).

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, Index, IndexWriter, Searcher, Term};

use khabar::analysis::unstemmed;

const TOKENIZER: &str = "under_test";

/// An analyser under test, with the query weight of khabar's unstemmed terms if it emits them.
#[derive(Clone)]
pub struct UnderTest {
    pub analyzer: TextAnalyzer,
    pub unstemmed_boost: Option<f32>,
}

impl From<TextAnalyzer> for UnderTest {
    fn from(analyzer: TextAnalyzer) -> UnderTest {
        UnderTest {
            analyzer,
            unstemmed_boost: None,
        }
    }
}

/// One analyser's index of a paragraph set.
pub struct Engine {
    searcher: Searcher,
    text: Field,
    analyzer: TextAnalyzer,
    unstemmed_boost: Option<f32>,
    ids: Vec<Column<u64>>,
}

impl Engine {
    /// Indexes `docs` (document number = position in the slice) with `analyzer`.
    pub fn build(docs: &[String], under_test: UnderTest) -> Engine {
        let UnderTest {
            analyzer,
            unstemmed_boost,
        } = under_test;
        let mut builder = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs);
        let text = builder.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let id = builder.add_u64_field("id", FAST);
        let index = Index::create_in_ram(builder.build());
        index.tokenizers().register(TOKENIZER, analyzer.clone());
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 200_000_000)
            .expect("in-RAM index writer");
        for (n, para) in docs.iter().enumerate() {
            writer
                .add_document(doc!(text => para.as_str(), id => n as u64))
                .expect("document added");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let ids = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64("id").expect("id column"))
            .collect();
        Engine {
            searcher,
            text,
            analyzer,
            unstemmed_boost,
            ids,
        }
    }

    /// The analysed terms of a query.
    pub fn terms(&mut self, query: &str) -> Vec<String> {
        self.positioned_terms(query)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    fn positioned_terms(&mut self, query: &str) -> Vec<(usize, String)> {
        let mut stream = self.analyzer.token_stream(query);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push((stream.token().position, stream.token().text.clone()));
        }
        terms
    }

    /// Document numbers of the top 10 paragraphs for `query`, best first.
    pub fn search(&mut self, query: &str) -> Vec<usize> {
        let terms = self.positioned_terms(query);
        let field = self.text;
        let term_query = |t: &str| -> Box<dyn Query> {
            let term = Term::from_field_text(field, t);
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Stems at one position (a stem and its alternative): one word.
        let mut word: Vec<Box<dyn Query>> = Vec::new();
        let mut word_position = None;
        let flush =
            |word: &mut Vec<Box<dyn Query>>, clauses: &mut Vec<(Occur, Box<dyn Query>)>| match word
                .len()
            {
                0 => {}
                1 => clauses.push((Occur::Should, word.pop().expect("one stem"))),
                _ => clauses.push((
                    Occur::Should,
                    Box::new(DisjunctionMaxQuery::new(std::mem::take(word))),
                )),
            };
        for (position, t) in terms {
            match self.unstemmed_boost {
                Some(boost) if unstemmed::is_unstemmed(&t) => {
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(term_query(&t), boost)),
                    ));
                }
                _ => {
                    if word_position != Some(position) {
                        flush(&mut word, &mut clauses);
                        word_position = Some(position);
                    }
                    word.push(term_query(&t));
                }
            }
        }
        flush(&mut word, &mut clauses);
        if clauses.is_empty() {
            return Vec::new();
        }
        let top = self
            .searcher
            .search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(10).order_by_score(),
            )
            .expect("search");
        top.into_iter()
            .map(|(_, addr)| {
                self.ids[addr.segment_ord as usize]
                    .first(addr.doc_id)
                    .expect("every document has an id") as usize
            })
            .collect()
    }

    /// MRR@10 (and success@10) of `queries`, each with the document numbers that answer it.
    pub fn mrr<'q>(&mut self, queries: impl Iterator<Item = (&'q str, &'q [usize])>) -> Score {
        let mut score = Score::default();
        for (query, targets) in queries {
            let hits = self.search(query);
            let rank = hits.iter().position(|d| targets.contains(d));
            score.add(rank);
        }
        score
    }
}

/// Mean reciprocal rank at 10 over a set of queries.
#[derive(Default, Clone, Copy)]
pub struct Score {
    sum: f64,
    found: usize,
    n: usize,
}

impl Score {
    pub fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            self.sum += 1.0 / (r + 1) as f64;
            self.found += 1;
        }
    }

    /// MRR@10.
    pub fn mrr(&self) -> f64 {
        self.sum / self.n.max(1) as f64
    }

    /// Share of queries answered in the top 10.
    pub fn success(&self) -> f64 {
        self.found as f64 / self.n.max(1) as f64
    }
}
