//! The held-out known-item set from the ANT corpus: a seeded paragraph sample, source paragraphs,
//! three fairly rare words from each, and their re-spelled and re-inflected forms.
//!
//! Rules (documented in docs/quality.md; fixed before any analyser was measured with them):
//! - articles are split into two halves by FNV-1a of their id: even = `dev` (for trying analyser
//!   changes), odd = `test` (the reported figures);
//! - paragraphs = lines of an article's text with at least 8 words, deduplicated by
//!   whitespace-folded text; a seeded shuffle keeps `docs` of them (40,000 by default) as the indexed set;
//! - a *candidate* word is a word written only with Arabic letters (ء–غ, ف–ي: no harakat, tatweel,
//!   digits or Latin), at least 4 letters long, whose exact spelling occurs in 2 to 100 of the
//!   indexed paragraphs (so never unique, never common);
//! - sources: paragraphs of the indexed set, in a second seeded order, that hold at least 3
//!   distinct candidates; from each, 3 candidates drawn at random, kept in text order;
//! - re-spelling and re-inflection change every query word, by rule, with the seeded generator
//!   (see [`respell`] and [`reinflect`]).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::rng::{fnv1a, Rng};

/// A known-item query set with its indexed paragraphs.
pub struct AntSet {
    /// The indexed paragraphs.
    pub docs: Vec<String>,
    /// `(source paragraph, [clean, re-spelled, re-inflected])`.
    pub queries: Vec<(usize, [String; 3])>,
}

impl AntSet {
    /// The queries of one variant (0 clean, 1 re-spelled, 2 re-inflected), each with its target.
    pub fn variant(&self, variant: usize) -> impl Iterator<Item = (&str, &[usize])> {
        self.queries
            .iter()
            .map(move |(doc, q)| (q[variant].as_str(), std::slice::from_ref(doc)))
    }
}

/// Which half of the corpus.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Half {
    Dev,
    Test,
}

fn is_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// The whitespace- and punctuation-separated words of a paragraph (letters, marks, digits).
fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        !(c.is_alphanumeric() || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0640}' | '\u{0670}'))
    })
    .filter(|w| !w.is_empty())
}

fn candidate_shape(word: &str) -> bool {
    word.chars().all(is_letter) && word.chars().count() >= 4
}

/// Reads the ANT bench file and builds the query set.
pub fn build(path: &Path, half: Half, docs: usize, sources: usize, seed: u64) -> AntSet {
    let file = std::fs::File::open(path)
        .unwrap_or_else(|e| panic!("{}: {e} (the recall check needs shared/)", path.display()));
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut seen = HashSet::new();
    let mut paragraphs = Vec::new();
    for line in reader.lines() {
        let line = line.expect("ANT file reads");
        let record: serde_json::Value = serde_json::from_str(&line).expect("ANT line is JSON");
        let id = record["id"].as_str().expect("ANT record has an id");
        let in_half = if fnv1a(id.as_bytes()) % 2 == 0 {
            Half::Dev
        } else {
            Half::Test
        };
        if in_half != half {
            continue;
        }
        let text = record["text"].as_str().expect("ANT record has a text");
        for para in text.lines() {
            let folded = para.split_whitespace().collect::<Vec<_>>().join(" ");
            if folded.split(' ').count() >= 8 && seen.insert(folded.clone()) {
                paragraphs.push(folded);
            }
        }
    }
    let mut rng = Rng::new(seed);
    rng.shuffle(&mut paragraphs);
    paragraphs.truncate(docs);

    let mut df: HashMap<&str, u32> = HashMap::new();
    for para in &paragraphs {
        let distinct: HashSet<&str> = raw_words(para).filter(|w| candidate_shape(w)).collect();
        for w in distinct {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut order: Vec<usize> = (0..paragraphs.len()).collect();
    rng.shuffle(&mut order);
    let mut queries = Vec::new();
    for doc in order {
        if queries.len() == sources {
            break;
        }
        let mut candidates: Vec<&str> = Vec::new();
        for w in raw_words(&paragraphs[doc]) {
            if candidate_shape(w) && (2..=100).contains(&df[w]) && !candidates.contains(&w) {
                candidates.push(w);
            }
        }
        if candidates.len() < 3 {
            continue;
        }
        let mut picked: Vec<usize> = (0..candidates.len()).collect();
        rng.shuffle(&mut picked);
        picked.truncate(3);
        picked.sort_unstable();
        let words: Vec<&str> = picked.iter().map(|&i| candidates[i]).collect();
        let clean = words.join(" ");
        let respelled = words
            .iter()
            .map(|w| respell(w, &mut rng))
            .collect::<Vec<_>>()
            .join(" ");
        let reinflected = words
            .iter()
            .map(|w| reinflect(w, &mut rng))
            .collect::<Vec<_>>()
            .join(" ");
        queries.push((doc, [clean, respelled, reinflected]));
    }
    AntSet {
        docs: paragraphs,
        queries,
    }
}

const ARTICLES: [&str; 6] = ["وال", "بال", "فال", "كال", "لل", "ال"];
/// Letters that do not join the next letter (no tatweel can follow them).
const NON_JOINING: &str = "اأإآدذرزوؤةءى";
const SHORT_VOWELS: [char; 4] = ['\u{064E}', '\u{064F}', '\u{0650}', '\u{0652}'];
const TANWIN: [char; 3] = ['\u{064B}', '\u{064C}', '\u{064D}'];
const SHADDA: char = '\u{0651}';

/// The article or article-bearing clitic a word starts with, if at least 3 letters follow it.
fn article(word: &str) -> (&'static str, &str) {
    for a in ARTICLES {
        if let Some(rest) = word.strip_prefix(a) {
            if rest.chars().count() >= 3 {
                return (a, rest);
            }
        }
    }
    ("", word)
}

/// Re-spells a word the ways Arabic is really written. Each applicable change is made with
/// probability 1/2, and at least one is made (diacritics when none was drawn):
/// - diacritics: fully (each letter 80 %) or partly (30 %) vowelled with fatha, damma, kasra or
///   sukun, shadda before the vowel 10 % of the time, tanwin on the last letter 30 %;
/// - alef seats: أ إ آ written as bare ا, and a bare ا at the start of the word (after any
///   article) written أ or إ (الانتخابات → الإنتخابات);
/// - final ة written ه;
/// - final ي written ى and final ى written ي;
/// - tatweel: 1–3 kashidas after a joining letter inside the word.
pub fn respell(word: &str, rng: &mut Rng) -> String {
    let mut w: Vec<char> = word.chars().collect();
    let mut changed = false;
    let (art, _) = article(word);
    let stem_start = art.chars().count();
    let has_seat = w.iter().any(|c| "أإآ".contains(*c));
    let bare_initial = w.get(stem_start) == Some(&'ا');
    if (has_seat || bare_initial) && rng.chance(0.5) {
        for c in w.iter_mut() {
            if "أإآ".contains(*c) {
                *c = 'ا';
            }
        }
        if bare_initial {
            w[stem_start] = *rng.pick(&['أ', 'إ']);
        }
        changed = true;
    }
    if w.last() == Some(&'ة') && rng.chance(0.5) {
        *w.last_mut().unwrap() = 'ه';
        changed = true;
    }
    match w.last() {
        Some('ي') if rng.chance(0.5) => {
            *w.last_mut().unwrap() = 'ى';
            changed = true;
        }
        Some('ى') if rng.chance(0.5) => {
            *w.last_mut().unwrap() = 'ي';
            changed = true;
        }
        _ => {}
    }
    let joins: Vec<usize> = (1..w.len())
        .filter(|&i| !NON_JOINING.contains(w[i - 1]))
        .collect();
    if !joins.is_empty() && rng.chance(0.5) {
        let at = *rng.pick(&joins);
        for _ in 0..1 + rng.below(3) {
            w.insert(at, '\u{0640}');
        }
        changed = true;
    }
    if !changed || rng.chance(0.5) {
        let share = if rng.chance(0.5) { 0.8 } else { 0.3 };
        let last = w.iter().rposition(|c| is_letter(*c));
        let mut out = Vec::with_capacity(w.len() * 2);
        for (i, &c) in w.iter().enumerate() {
            out.push(c);
            if !is_letter(c) {
                continue;
            }
            if Some(i) == last && rng.chance(0.3) {
                out.push(*rng.pick(&TANWIN));
            } else if rng.chance(share) {
                if rng.chance(0.1) {
                    out.push(SHADDA);
                }
                out.push(*rng.pick(&SHORT_VOWELS));
            }
        }
        w = out;
    }
    w.into_iter().collect()
}

/// Re-inflects a word: a different proclitic and/or a different number/gender ending. A word
/// counts as a noun when it carries the article or ends in ة, ات or ية.
/// - proclitic (probability 0.7): a word with an article-bearing prefix (وال بال فال كال لل ال)
///   gets another one of none, ال, وال, بال, لل, فال; a noun without the article gets one of و, ب,
///   ل, ال, وال, بال, لل (لل not before ل); any other word gets و, unless it starts with و ف ب ل
///   ك (it may carry a clitic already: left as it is);
/// - ending (probability 0.7): ية → ي/يين/يون/يات; ة → ات/تان/تين; ات → ة (5+ letters); and on a
///   word with the article: ي → ية/يين/يون, ون ↔ ين (5+ letters);
/// - at least one of the two is made when possible: otherwise و is put in front, unless the
///   word starts with و or ف (a conjunction may be there already; the word is left as it is).
pub fn reinflect(word: &str, rng: &mut Rng) -> String {
    let (art, rest) = article(word);
    let definite = !art.is_empty();
    let noun = definite || ["ة", "ات", "ية"].iter().any(|e| rest.ends_with(e));
    let mut stem = rest.to_string();
    let mut changed = false;
    if let Some(ending) = change_ending(rest, definite, rng) {
        if rng.chance(0.7) {
            stem = ending;
            changed = true;
        }
    }
    let clitic_letter = rest.starts_with(['و', 'ف', 'ب', 'ل', 'ك']);
    let options: Vec<&str> = if definite {
        vec!["", "ال", "وال", "بال", "لل", "فال"]
    } else if noun && !clitic_letter {
        vec!["و", "ب", "ل", "ال", "وال", "بال", "لل"]
    } else if !clitic_letter {
        vec!["و"]
    } else {
        vec![]
    };
    let options: Vec<&str> = options
        .into_iter()
        .filter(|p| *p != art && !(*p == "لل" && stem.starts_with('ل')))
        .collect();
    let mut prefix = art;
    if !options.is_empty() && (!changed || rng.chance(0.7)) {
        prefix = *rng.pick(&options);
        changed = true;
    }
    if !changed && !word.starts_with(['و', 'ف']) {
        prefix = "و";
    }
    format!("{prefix}{stem}")
}

fn change_ending(stem: &str, definite: bool, rng: &mut Rng) -> Option<String> {
    let len = stem.chars().count();
    let cut = |n: usize| -> &str {
        let at = stem.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
        &stem[..at]
    };
    let new = if stem.ends_with("ية") {
        format!("{}{}", cut(2), rng.pick(&["ي", "يين", "يون", "يات"]))
    } else if stem.ends_with('ة') {
        format!("{}{}", cut(1), rng.pick(&["ات", "تان", "تين"]))
    } else if stem.ends_with("ات") && len >= 5 {
        format!("{}ة", cut(2))
    } else if definite && stem.ends_with('ي') {
        format!("{}{}", cut(1), rng.pick(&["ية", "يين", "يون"]))
    } else if definite && stem.ends_with("ون") && len >= 5 {
        format!("{}ين", cut(2))
    } else if definite && stem.ends_with("ين") && len >= 5 {
        format!("{}ون", cut(2))
    } else {
        return None;
    };
    Some(new)
}
