//! The index schema and settings: the one place where field names live.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::IndexSettings;

use crate::analysis::{ANALYZER_NAME, STEMS_ANALYZER_NAME};

/// The fields of a paragraph document.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub article_id: Field,
    pub paragraph: Field,
    pub title: Field,
    /// Publication date as `YYYY-MM-DD` (stored).
    pub date: Field,
    /// Publication date as the number `YYYYMMDD` (indexed and fast: filters and sorting).
    pub day: Field,
    pub place: Field,
    pub source: Field,
    pub category: Field,
    pub url: Field,
    pub path: Field,
    pub text: Field,
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
        // Paragraph text gets unstemmed terms beside stems; the title, repeated on every
        // paragraph and only a lift to the score, gets stems alone.
        let analysed = |analyzer: &str, stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let options = TextOptions::default().set_indexing_options(indexing);
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        let fields = Fields {
            article_id: b.add_text_field("article_id", STRING | STORED | FAST),
            paragraph: b.add_u64_field("paragraph", STORED | FAST),
            title: b.add_text_field("title", analysed(STEMS_ANALYZER_NAME, true)),
            date: b.add_text_field("date", STORED),
            day: b.add_u64_field("day", INDEXED | FAST),
            place: b.add_text_field("place", STORED),
            source: b.add_text_field("source", STRING | STORED | FAST),
            category: b.add_text_field("category", STORED),
            url: b.add_text_field("url", STORED),
            path: b.add_text_field("path", STRING | STORED | FAST),
            text: b.add_text_field("text", analysed(ANALYZER_NAME, true)),
            country: b.add_facet_field("country", INDEXED | STORED),
            person: b.add_facet_field("person", INDEXED | STORED),
            article_hash: b.add_u64_field("article_hash", FAST),
            dup_key: b.add_u64_field("dup_key", FAST),
        };
        (b.build(), fields)
    }

    /// The fields of an opened index's schema; an error if it is not a khabar index.
    pub fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            article_id: f("article_id")?,
            paragraph: f("paragraph")?,
            title: f("title")?,
            date: f("date")?,
            day: f("day")?,
            place: f("place")?,
            source: f("source")?,
            category: f("category")?,
            url: f("url")?,
            path: f("path")?,
            text: f("text")?,
            country: f("country")?,
            person: f("person")?,
            article_hash: f("article_hash")?,
            dup_key: f("dup_key")?,
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
        ..IndexSettings::default()
    }
}

/// zstd's compression level for the stored text.
const ZSTD_LEVEL: i32 = 3;
