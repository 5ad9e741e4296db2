//! The country and person gazetteers (`countries.toml`, `persons.toml`) and the phrase matcher over them.
//!
//! Every form is normalised with the analysis pipeline (no stemming) and split into words; a
//! paragraph's words are matched against them, longest match first. The first word of a match
//! may carry a proclitic: و or ف, then ب or ل (بروسيا, للصين = ل + الصين), or ك before the
//! article (كالصين). ك before a bare country name or nisba (كمصر, كسعوديين) is read only as a
//! country, never as a metonym or a person (كسول is "lazy", not ك + سول), and not for the
//! words of `countries.toml`'s `clitic_exceptions` (كلاوس is Klaus, not ك + لاوس). The words of
//! a multi-word form follow each other with only spaces or a bare hyphen between them.

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Deserialize;

use super::Tok;
use crate::analysis::Pipeline;

/// `countries.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryTable {
    /// Count capitals and seats of government (موسكو, البيت الأبيض) as mentions.
    #[serde(default = "yes")]
    pub use_metonyms: bool,
    /// Words that look like ك + a country form but are something else (كلاوس: Klaus, not ك + لاوس).
    #[serde(default)]
    pub clitic_exceptions: Vec<String>,
    /// Phrases holding a country form that name no country (ريال مدريد, a football club): matched
    /// like any form, longest first, they name nothing.
    #[serde(default)]
    pub not_mentions: Vec<String>,
    pub country: Vec<Country>,
}

fn yes() -> bool {
    true
}

/// One country of `countries.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// English name.
    pub en: String,
    /// Other English names accepted by `--country` (Turkey beside Türkiye).
    #[serde(default)]
    pub en_aliases: Vec<String>,
    /// Canonical Arabic name.
    pub ar: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub nisba: Vec<String>,
    #[serde(default)]
    pub metonyms: Vec<String>,
    /// Forms knowingly shared with another country.
    #[serde(default)]
    pub ambiguous: Vec<String>,
}

/// `persons.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonTable {
    pub person: Vec<Person>,
}

/// One person of `persons.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Canonical Arabic name.
    pub name: String,
    #[serde(default)]
    pub en: Option<String>,
    /// Other full spellings.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Short forms, counted only in an article that names the person in full.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// What a gazetteer phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Country(usize),
    Person(usize),
}

/// How a phrase names its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Country name, nisba adjective, or a person's full name.
    Full,
    /// Capital or seat of government.
    Metonym,
    /// A person's short alias.
    Alias,
}

#[derive(Debug, Clone)]
struct Phrase {
    rest: Vec<String>,
    target: Target,
    kind: Kind,
}

/// A match of a gazetteer phrase in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the first word.
    pub start: usize,
    /// Number of words.
    pub len: usize,
    pub target: Target,
    pub kind: Kind,
}

/// Countries and persons, indexed by the first word of each normalised form.
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub persons: Vec<Person>,
    use_metonyms: bool,
    phrases: HashMap<String, Vec<Phrase>>,
    clitic_exceptions: HashSet<String>,
    /// `not_mentions`, by first word: the rest of each phrase.
    blockers: HashMap<String, Vec<Vec<String>>>,
}

/// The forms a word can be looked up as: itself, then without a proclitic.
pub fn candidates(word: &str) -> Candidates<'_> {
    let mut out = Candidates::default();
    out.push(Cow::Borrowed(word));
    let mut bases = [Some(word), None];
    if let Some(rest) = word.strip_prefix(['و', 'ف']) {
        bases[1] = Some(rest);
        out.push(Cow::Borrowed(rest));
    }
    for base in bases.into_iter().flatten() {
        if let Some(rest) = base.strip_prefix("لل") {
            out.push(Cow::Owned(format!("ال{rest}")));
        }
        if let Some(rest) = base.strip_prefix(['ب', 'ل']) {
            out.push(Cow::Borrowed(rest));
        }
        if let Some(rest) = base.strip_prefix('ك').filter(|r| r.starts_with("ال")) {
            out.push(Cow::Borrowed(rest));
        }
    }
    out
}

/// The lookup forms of a word (see [`candidates`]), held inline: no allocation but for لل.
#[derive(Default)]
pub struct Candidates<'a> {
    items: [Option<Cow<'a, str>>; 8],
    len: usize,
}

impl<'a> Candidates<'a> {
    fn push(&mut self, candidate: Cow<'a, str>) {
        if self.len < self.items.len() && candidate.chars().nth(1).is_some() {
            self.items[self.len] = Some(candidate);
            self.len += 1;
        }
    }

    /// The forms, the word itself first.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.items[..self.len].iter().flatten().map(|c| c.as_ref())
    }

    /// Whether `form` is one of them.
    pub fn contains(&self, form: &str) -> bool {
        self.iter().any(|c| c == form)
    }
}

/// The word without a ك "like, as" before a bare name (كمصر → مصر), after an optional و or ف.
/// Only countries are looked up this way: see the module comment.
pub fn kaf_candidate(word: &str) -> Option<&str> {
    let base = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    base.strip_prefix('ك')
        .filter(|rest| !rest.starts_with("ال") && rest.chars().count() >= 3)
}

impl Gazetteer {
    /// Builds the matcher, normalising every form with `pipeline`.
    pub fn new(countries: &CountryTable, persons: &PersonTable, pipeline: &Pipeline) -> Gazetteer {
        let mut gazetteer = Gazetteer {
            countries: countries.country.clone(),
            persons: persons.person.clone(),
            use_metonyms: countries.use_metonyms,
            phrases: HashMap::default(),
            clitic_exceptions: countries
                .clitic_exceptions
                .iter()
                .map(|w| pipeline.normalize(w))
                .collect(),
            blockers: HashMap::default(),
        };
        for phrase in &countries.not_mentions {
            let normal = pipeline.normalize(phrase);
            let mut words = normal.split(' ').map(str::to_string);
            if let Some(first) = words.next().filter(|w| !w.is_empty()) {
                gazetteer
                    .blockers
                    .entry(first)
                    .or_default()
                    .push(words.collect());
            }
        }
        let mut add = |form: &str, target: Target, kind: Kind| {
            let normal = pipeline.normalize(form);
            let mut words = normal.split(' ').map(str::to_string);
            if let Some(first) = words.next().filter(|w| !w.is_empty()) {
                gazetteer.phrases.entry(first).or_default().push(Phrase {
                    rest: words.collect(),
                    target,
                    kind,
                });
            }
        };
        for (i, c) in countries.country.iter().enumerate() {
            for form in c.names.iter().chain(&c.nisba) {
                add(form, Target::Country(i), Kind::Full);
            }
            if countries.use_metonyms {
                for form in &c.metonyms {
                    add(form, Target::Country(i), Kind::Metonym);
                }
            }
        }
        for (i, p) in persons.person.iter().enumerate() {
            for form in std::iter::once(&p.name).chain(&p.variants) {
                add(form, Target::Person(i), Kind::Full);
            }
            for form in &p.aliases {
                add(form, Target::Person(i), Kind::Alias);
            }
        }
        gazetteer
    }

    /// Whether metonyms count.
    pub fn uses_metonyms(&self) -> bool {
        self.use_metonyms
    }

    /// The longest phrases starting at `start`, with every target they share (a form shared by
    /// several countries gives them all; `Facets::extract` chooses by article context).
    pub fn matches_at(&self, words: &[Tok], start: usize) -> Vec<Match> {
        self.longest_at(words, start).1
    }

    /// Whether `rest` follows word `start`, each word joined to the one before.
    fn follows(words: &[Tok], start: usize, rest: &[String]) -> bool {
        start + 1 + rest.len() <= words.len()
            && rest
                .iter()
                .zip(&words[start + 1..])
                .all(|(want, tok)| tok.gap.joins() && *want == tok.normalized)
    }

    /// The length of the longest phrase starting at `start` (0 when none) and its matches: none
    /// when it is one of `not_mentions`.
    fn longest_at(&self, words: &[Tok], start: usize) -> (usize, Vec<Match>) {
        let Some(word) = words.get(start).map(|w| w.normalized.as_str()) else {
            return (0, Vec::new());
        };
        let all = candidates(word);
        let blocked = all
            .iter()
            .filter_map(|c| self.blockers.get(c))
            .flatten()
            .filter(|rest| Self::follows(words, start, rest))
            .map(|rest| 1 + rest.len())
            .max()
            .unwrap_or(0);
        let kaf = kaf_candidate(word).filter(|_| !self.clitic_exceptions.contains(word));
        let lookups = all.iter().map(|c| (c, false)).chain(kaf.map(|c| (c, true)));
        let mut best: Vec<Match> = Vec::new();
        for (candidate, country_only) in lookups {
            let Some(phrases) = self.phrases.get(candidate) else {
                continue;
            };
            for phrase in phrases {
                if country_only
                    && !(phrase.kind == Kind::Full && matches!(phrase.target, Target::Country(_)))
                {
                    continue;
                }
                let len = 1 + phrase.rest.len();
                if !Self::follows(words, start, &phrase.rest) {
                    continue;
                }
                let current = best.first().map_or(0, |m| m.len);
                if len > current {
                    best.clear();
                }
                if len >= current && !best.iter().any(|m| m.target == phrase.target) {
                    best.push(Match {
                        start,
                        len,
                        target: phrase.target,
                        kind: phrase.kind,
                    });
                }
            }
        }
        let len = best.first().map_or(0, |m| m.len);
        if blocked > 0 && blocked >= len {
            return (blocked, Vec::new());
        }
        (len, best)
    }

    /// The length of the longest country form (name, nisba or metonym) starting at `start`
    /// (`None` past the end).
    pub fn country_at(&self, words: &[Tok], start: usize) -> Option<usize> {
        self.matches_at(words, start)
            .iter()
            .filter(|m| matches!(m.target, Target::Country(_)))
            .map(|m| m.len)
            .max()
    }

    /// Every match in `words`, left to right, longest first; words inside a match are not re-matched.
    pub fn find_all(&self, words: &[Tok]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let (len, found) = self.longest_at(words, i);
            out.extend(found);
            i += len.max(1);
        }
        out
    }

    /// Whether the word (normalised), or the word without a proclitic, is a country's name,
    /// nisba or metonym on its own.
    pub fn is_country_word(&self, normalized: &str) -> bool {
        candidates(normalized).iter().any(|c| {
            self.phrases.get(c).is_some_and(|ps| {
                ps.iter()
                    .any(|p| p.rest.is_empty() && matches!(p.target, Target::Country(_)))
            })
        })
    }

    /// Every word that is a country form on its own (see [`Gazetteer::is_country_word`]).
    pub fn country_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.phrases
            .iter()
            .filter(|(_, ps)| {
                ps.iter()
                    .any(|p| p.rest.is_empty() && matches!(p.target, Target::Country(_)))
            })
            .map(|(w, _)| w.as_str())
    }

    /// Whether the word (normalised) is, exactly as written, a country's name, nisba or metonym.
    pub fn is_country_form(&self, normalized: &str) -> bool {
        self.phrases.get(normalized).is_some_and(|ps| {
            ps.iter()
                .any(|p| p.rest.is_empty() && matches!(p.target, Target::Country(_)))
        })
    }

    /// The country with this ISO code.
    pub fn country_by_code(&self, code: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// The persons a full normalised phrase names (name, variant or alias).
    pub fn persons_named(&self, normalized_phrase: &str) -> Vec<usize> {
        self.targets_named(normalized_phrase)
            .into_iter()
            .filter_map(|t| match t {
                Target::Person(i) => Some(i),
                Target::Country(_) => None,
            })
            .collect()
    }

    /// The countries a full normalised phrase names (name, nisba or metonym).
    pub fn countries_named(&self, normalized_phrase: &str) -> Vec<usize> {
        self.targets_named(normalized_phrase)
            .into_iter()
            .filter_map(|t| match t {
                Target::Country(i) => Some(i),
                Target::Person(_) => None,
            })
            .collect()
    }

    fn targets_named(&self, normalized_phrase: &str) -> Vec<Target> {
        let mut words = normalized_phrase.split(' ');
        let Some(first) = words.next() else {
            return Vec::new();
        };
        let rest: Vec<&str> = words.collect();
        let mut out: Vec<Target> = Vec::new();
        for candidate in candidates(first).iter() {
            for phrase in self.phrases.get(candidate).into_iter().flatten() {
                if phrase.rest == rest && !out.contains(&phrase.target) {
                    out.push(phrase.target);
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// Every normalised form, for suggestions.
    pub fn forms(&self) -> impl Iterator<Item = (String, Target)> + '_ {
        self.phrases.iter().flat_map(|(first, phrases)| {
            phrases.iter().map(move |p| {
                let mut s = first.clone();
                for w in &p.rest {
                    s.push(' ');
                    s.push_str(w);
                }
                (s, p.target)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitic_candidates() {
        let all = |w| candidates(w).iter().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(all("للصين"), ["للصين", "الصين", "لصين"]);
        assert_eq!(all("والروسي"), ["والروسي", "الروسي"]);
        assert_eq!(all("بروسيا"), ["بروسيا", "روسيا"]);
        assert_eq!(all("كالصين"), ["كالصين", "الصين"]);
        // ك strips only before the article here; before a bare name, see kaf_candidate
        assert_eq!(all("كلاوس"), ["كلاوس"]);
    }

    #[test]
    fn kaf_before_a_bare_name() {
        assert_eq!(kaf_candidate("كمصر"), Some("مصر"));
        assert_eq!(kaf_candidate("وكسوريا"), Some("سوريا"));
        // before the article, candidates() handles it
        assert_eq!(kaf_candidate("كالصين"), None);
        // too short to be a name: كلا، كما
        assert_eq!(kaf_candidate("كما"), None);
        assert_eq!(kaf_candidate("مصر"), None);
    }
}
