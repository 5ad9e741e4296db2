//! The Tantivy index schema and settings: the one place where field names live.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::IndexSettings;

use crate::analysis::TERMS_TOKENIZER_NAME;

/// The layout of a Tantivy index this khabar builds, recorded in its `info.json`: raised when
/// an older khabar's index cannot be read as it is (2: the dictionaries of the text columns are
/// not compressed; 3: the configuration's hash is taken another way, so an index of format 2
/// would seem built with another configuration).
pub const FORMAT: u32 = 3;

/// The field names.
pub mod name {
    pub const ARTICLE_ID: &str = "article_id";
    pub const PARAGRAPH: &str = "paragraph";
    pub const TITLE: &str = "title";
    pub const TITLE_TERMS: &str = "title_terms";
    pub const DATE: &str = "date";
    pub const DAY: &str = "day";
    pub const PLACE: &str = "place";
    pub const SOURCE: &str = "source";
    pub const CATEGORY: &str = "category";
    pub const URL: &str = "url";
    pub const PATH: &str = "path";
    pub const TEXT: &str = "text";
    pub const TERMS: &str = "terms";
    pub const COUNTRY: &str = "country";
    pub const PERSON: &str = "person";
    pub const ARTICLE_HASH: &str = "article_hash";
    pub const DUP_KEY: &str = "dup_key";
}

/// The fields of a paragraph document.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub article_id: Field,
    pub paragraph: Field,
    /// The title as written (stored).
    pub title: Field,
    /// The title's terms (indexed; see `analysis::Terms`).
    pub title_terms: Field,
    /// Publication date as `YYYY-MM-DD` (stored).
    pub date: Field,
    /// Publication date as the number `YYYYMMDD` (indexed and fast: filters and sorting).
    pub day: Field,
    pub place: Field,
    pub source: Field,
    pub category: Field,
    pub url: Field,
    pub path: Field,
    /// The paragraph as written (stored).
    pub text: Field,
    /// The paragraph's terms (indexed; see `analysis::Terms`).
    pub terms: Field,
    pub country: Field,
    pub person: Field,
    /// Hash of the whole article, to skip unchanged articles when re-indexing.
    pub article_hash: Field,
    /// Hash of the paragraph's normalised text, to collapse the same wire story.
    pub dup_key: Field,
}

impl Fields {
    /// The schema and its fields.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        // Text and title are stored as written and indexed from the terms khabar analysed
        // them into (paragraph text with unstemmed terms beside stems; the title, repeated on
        // every paragraph and only a lift to the score, with stems alone).
        let analysed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS_TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            article_id: b.add_text_field(name::ARTICLE_ID, STRING | STORED | FAST),
            paragraph: b.add_u64_field(name::PARAGRAPH, STORED | FAST),
            title: b.add_text_field(name::TITLE, STORED),
            title_terms: b.add_text_field(name::TITLE_TERMS, analysed.clone()),
            date: b.add_text_field(name::DATE, STORED),
            day: b.add_u64_field(name::DAY, INDEXED | FAST),
            place: b.add_text_field(name::PLACE, STORED),
            source: b.add_text_field(name::SOURCE, STRING | STORED | FAST),
            category: b.add_text_field(name::CATEGORY, STORED),
            url: b.add_text_field(name::URL, STORED),
            path: b.add_text_field(name::PATH, STRING | STORED | FAST),
            text: b.add_text_field(name::TEXT, STORED),
            terms: b.add_text_field(name::TERMS, analysed),
            // Values as they are, one term each: filtered by term, counted from their columns.
            country: b.add_text_field(name::COUNTRY, STRING | STORED | FAST),
            person: b.add_text_field(name::PERSON, STRING | STORED | FAST),
            article_hash: b.add_u64_field(name::ARTICLE_HASH, FAST),
            dup_key: b.add_u64_field(name::DUP_KEY, FAST),
        };
        (b.build(), fields)
    }

    /// The fields of an opened index's schema; an error if it is not a khabar index.
    pub fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            article_id: f(name::ARTICLE_ID)?,
            paragraph: f(name::PARAGRAPH)?,
            title: f(name::TITLE)?,
            title_terms: f(name::TITLE_TERMS)?,
            date: f(name::DATE)?,
            day: f(name::DAY)?,
            place: f(name::PLACE)?,
            source: f(name::SOURCE)?,
            category: f(name::CATEGORY)?,
            url: f(name::URL)?,
            path: f(name::PATH)?,
            text: f(name::TEXT)?,
            terms: f(name::TERMS)?,
            country: f(name::COUNTRY)?,
            person: f(name::PERSON)?,
            article_hash: f(name::ARTICLE_HASH)?,
            dup_key: f(name::DUP_KEY)?,
        })
    }
}

/// Settings of a new index: the stored text is compressed with zstd, which keeps the paragraphs
/// of an article, each repeating its title, date and source, a third smaller than lz4 does.
pub fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(ZSTD_LEVEL),
        }),
        docstore_blocksize: DOCSTORE_BLOCK,
        ..IndexSettings::default()
    }
}

/// Bytes of stored paragraphs compressed together. Showing a hit decompresses its whole block:
/// 8 KB, half Tantivy's default, halves that work for an index about 6 % larger.
const DOCSTORE_BLOCK: usize = 8 * 1024;

/// zstd's compression level for the stored text.
const ZSTD_LEVEL: i32 = 3;

pub use crate::plan::day_number;

/// Every term of a fast text column, indexed by its ordinal: one pass over the dictionary,
/// where `ord_to_str` per document decompresses a block each time (seconds on 270k documents).
pub fn all_terms(column: &tantivy::columnar::StrColumn) -> tantivy::Result<Vec<String>> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}
