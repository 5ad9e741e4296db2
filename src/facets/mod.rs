//! Country and person facets of each paragraph: gazetteer matches and title cues.
//!
//! `gazetteer.rs` reads `countries.toml` and `persons.toml` and matches their forms;
//! `title_cues.rs` finds titled persons the gazetteer lacks. Extraction works on the analysed,
//! unstemmed words of a paragraph (see [`words`]), so every spelling and clitic form matches.

pub mod gazetteer;
pub mod title_cues;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use crate::analysis::{self, Buffers, Outcome, Pipeline};
use crate::config::Config;
pub use gazetteer::{Country, CountryTable, Gazetteer, Kind, Person, PersonTable, Target};
pub use title_cues::{CueFinder, TitleCues};

/// One analysed word of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Normal form (all folds, no stemming).
    pub normalized: String,
    /// Byte range in the paragraph.
    pub start: usize,
    pub end: usize,
    /// Punctuation (not only spaces) stands between this word and the one before.
    pub gap_before: bool,
    pub stopword: bool,
}

/// The analysed words of `text`.
pub fn words(pipeline: &Pipeline, text: &str) -> Vec<Tok> {
    let mut buf = Buffers::default();
    let mut prev_end = 0;
    let mut out = Vec::new();
    for range in analysis::words(text) {
        let outcome = pipeline.process(&text[range.clone()], &mut buf);
        if outcome == Outcome::Dropped && buf.normalized.is_empty() {
            continue;
        }
        let gap_before = !out.is_empty()
            && text[prev_end..range.start]
                .chars()
                .any(|c| !c.is_whitespace());
        prev_end = range.end;
        out.push(Tok {
            normalized: buf.normalized.clone(),
            start: range.start,
            end: range.end,
            gap_before,
            stopword: outcome == Outcome::Stopword,
        });
    }
    out
}

/// The facets of one paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphFacets {
    /// ISO codes, sorted.
    pub countries: Vec<String>,
    /// Person names (canonical for gazetteer persons), sorted.
    pub persons: Vec<String>,
}

/// The facet extractor.
pub struct Facets {
    pub gazetteer: Gazetteer,
    cues: CueFinder,
    pipeline: Arc<Pipeline>,
}

impl Facets {
    /// Builds the extractor from a config.
    pub fn new(config: &Config, pipeline: Arc<Pipeline>) -> Facets {
        Facets {
            gazetteer: Gazetteer::new(&config.countries, &config.persons, &pipeline),
            cues: CueFinder::new(&config.title_cues, &pipeline),
            pipeline,
        }
    }

    /// The analysis pipeline the gazetteers were normalised with.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The facets of each paragraph of an article. `words[i]` are the words of paragraph `i`;
    /// the words of paragraph 1 that start before byte `dateline_len` are not matched (a dateline
    /// place is not a mention).
    pub fn extract(
        &self,
        paragraphs: &[&str],
        words: &[Vec<Tok>],
        dateline_len: usize,
    ) -> Vec<ParagraphFacets> {
        let mut found: Vec<(BTreeSet<String>, BTreeSet<String>, Vec<usize>)> = Vec::new();
        let mut named_in_full: HashSet<usize> = HashSet::new();
        for (p, (text, words)) in paragraphs.iter().zip(words).enumerate() {
            let skip = if p == 0 {
                words.iter().take_while(|w| w.start < dateline_len).count()
            } else {
                0
            };
            let words = &words[skip..];
            let mut countries = BTreeSet::new();
            let mut persons = BTreeSet::new();
            let mut aliases = Vec::new();
            for m in self.gazetteer.find_all(words) {
                match (m.target, m.kind) {
                    (Target::Country(i), _) => {
                        countries.insert(self.gazetteer.countries[i].code.clone());
                    }
                    (Target::Person(i), Kind::Alias) => aliases.push(i),
                    (Target::Person(i), _) => {
                        named_in_full.insert(i);
                        persons.insert(self.gazetteer.persons[i].name.clone());
                    }
                }
            }
            for cued in self.cues.find(words, &self.gazetteer) {
                let span = &words[cued.start..cued.start + cued.len];
                let normal: Vec<&str> = span.iter().map(|w| w.normalized.as_str()).collect();
                let known = self.gazetteer.persons_named(&normal.join(" "));
                if known.is_empty() {
                    persons.insert(display_name(text, span));
                } else {
                    for i in known {
                        named_in_full.insert(i);
                        persons.insert(self.gazetteer.persons[i].name.clone());
                    }
                }
            }
            found.push((countries, persons, aliases));
        }
        found
            .into_iter()
            .map(|(countries, mut persons, aliases)| {
                for i in aliases.into_iter().filter(|i| named_in_full.contains(i)) {
                    persons.insert(self.gazetteer.persons[i].name.clone());
                }
                ParagraphFacets {
                    countries: countries.into_iter().collect(),
                    persons: persons.into_iter().collect(),
                }
            })
            .collect()
    }

    /// The country a user means by `value`: an ISO code, an English name, or any Arabic form.
    pub fn resolve_country(&self, value: &str) -> Result<&Country, Unknown> {
        let trimmed = value.trim();
        if let Some(c) = self
            .gazetteer
            .country_by_code(trimmed)
            .filter(|_| trimmed.len() == 2)
        {
            return Ok(c);
        }
        let latin = fold_latin(trimmed);
        if let Some(c) = self.gazetteer.countries.iter().find(|c| {
            std::iter::once(&c.en)
                .chain(&c.en_aliases)
                .any(|n| fold_latin(n) == latin)
        }) {
            return Ok(c);
        }
        let normal = self.pipeline.normalize(trimmed);
        if let Some(&i) = self.gazetteer.countries_named(&normal).first() {
            return Ok(&self.gazetteer.countries[i]);
        }
        // A form the matcher folds further: روسيه for روسية, الصينيه …
        let mut suggestions: Vec<(f64, String)> = self
            .gazetteer
            .countries
            .iter()
            .flat_map(|c| {
                let names = std::iter::once(c.en.clone()).chain(std::iter::once(c.ar.clone()));
                names.map(move |n| (similarity(trimmed, &n), n))
            })
            .collect();
        suggestions.sort_by(|a, b| b.0.total_cmp(&a.0));
        Err(Unknown {
            what: "country",
            value: value.to_string(),
            suggestions: suggestions
                .into_iter()
                .take(3)
                .filter(|s| s.0 > 0.5)
                .map(|s| s.1)
                .collect(),
        })
    }

    /// The gazetteer person a user means by `value` (name, variant or alias), if any.
    pub fn resolve_person(&self, value: &str) -> Option<&Person> {
        let normal = self.pipeline.normalize(value.trim());
        self.gazetteer
            .persons_named(&normal)
            .first()
            .map(|&i| &self.gazetteer.persons[i])
    }

    /// The Arabic name of a country code (the code itself when unknown).
    pub fn country_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.gazetteer
            .country_by_code(code)
            .map_or(code, |c| c.ar.as_str())
    }
}

/// A filter value that names nothing known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub what: &'static str,
    pub value: String,
    pub suggestions: Vec<String>,
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} '{}'", self.what, self.value)?;
        if !self.suggestions.is_empty() {
            write!(f, "; did you mean {}?", self.suggestions.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for Unknown {}

fn fold_latin(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (fold_latin(a), fold_latin(b));
    strsim::normalized_levenshtein(&a, &b)
}

/// A name as written, without diacritics, tatweel or a leading clitic و.
fn display_name(text: &str, span: &[Tok]) -> String {
    let surface = &text[span[0].start..span[span.len() - 1].end];
    let cleaned: String = surface
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}'..='\u{200F}'))
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}
