//! Persons found by a title cue: a title (الرئيس، وزير الخارجية …), optionally a country adjective
//! or a modifier (الروسي، السابق), then a name of two or three words.
//!
//! The name stops at punctuation, stopwords, the verbs and nouns of `title-cues.toml`'s `stops`,
//! and words with the article (a third word with the article is taken: عبد الفتاح السيسي).
//! A third word is also taken after a connector (محمد بن سلمان). Names of one word are ignored.

use std::collections::HashSet;

use serde::Deserialize;

use super::gazetteer::{candidates, Gazetteer};
use super::Tok;
use crate::analysis::Pipeline;

/// `title-cues.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TitleCues {
    pub titles: Vec<String>,
    pub modifiers: Vec<String>,
    pub connectors: Vec<String>,
    pub stops: Vec<String>,
}

/// The compiled cue finder.
pub struct CueFinder {
    titles: Vec<Vec<String>>,
    modifiers: HashSet<String>,
    connectors: HashSet<String>,
    stops: HashSet<String>,
}

/// A person found after a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cued {
    /// Index of the first word of the name.
    pub start: usize,
    /// Number of words of the name.
    pub len: usize,
}

impl CueFinder {
    /// Normalises the lists with `pipeline`.
    pub fn new(cues: &TitleCues, pipeline: &Pipeline) -> CueFinder {
        let norm = |s: &String| pipeline.normalize(s);
        let mut titles: Vec<Vec<String>> = cues
            .titles
            .iter()
            .map(|t| norm(t).split(' ').map(str::to_string).collect())
            .collect();
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        CueFinder {
            titles,
            modifiers: cues.modifiers.iter().map(norm).collect(),
            connectors: cues.connectors.iter().map(norm).collect(),
            stops: cues.stops.iter().map(norm).collect(),
        }
    }

    fn title_len(&self, words: &[Tok], at: usize) -> Option<usize> {
        let first = candidates(&words[at].normalized);
        self.titles
            .iter()
            .find(|title| {
                at + title.len() <= words.len()
                    && first.contains(&title[0])
                    && title[1..]
                        .iter()
                        .zip(&words[at + 1..])
                        .all(|(want, tok)| !tok.gap_before && *want == tok.normalized)
            })
            .map(Vec::len)
    }

    fn can_be_name(&self, tok: &Tok) -> bool {
        let w = &tok.normalized;
        !tok.stopword
            && w.chars().count() >= 2
            && w.chars().all(|c| c.is_alphabetic())
            && !self.stops.contains(w)
            && !self.modifiers.contains(w)
    }

    /// Every cued name in `words`.
    pub fn find(&self, words: &[Tok], gazetteer: &Gazetteer) -> Vec<Cued> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let Some(title_len) = self.title_len(words, i) else {
                i += 1;
                continue;
            };
            let mut j = i + title_len;
            // An optional country word or modifier, at most two of them: الأمريكي السابق.
            let mut skipped = 0;
            while j < words.len()
                && skipped < 2
                && !words[j].gap_before
                && (self.modifiers.contains(&words[j].normalized)
                    || gazetteer.is_country_word(&words[j].normalized))
            {
                j += 1;
                skipped += 1;
            }
            let start = j;
            let mut len = 0;
            while start + len < words.len() && len < 3 {
                let tok = &words[start + len];
                let first = len == 0;
                if (tok.gap_before && !first) || !self.can_be_name(tok) {
                    break;
                }
                if first && tok.normalized.starts_with("ال") {
                    break;
                }
                if len == 2 {
                    let joined = self.connectors.contains(&words[start].normalized)
                        || self.connectors.contains(&words[start + 1].normalized);
                    if !joined && !tok.normalized.starts_with("ال") {
                        break;
                    }
                } else if len == 1
                    && tok.normalized.starts_with("ال")
                    && !self.connectors.contains(&words[start].normalized)
                {
                    // "بشار الأسد": a name's second word may carry the article.
                }
                len += 1;
            }
            if len >= 2 && !words[start].gap_before {
                out.push(Cued { start, len });
                i = start + len;
            } else {
                i += title_len;
            }
        }
        out
    }
}
