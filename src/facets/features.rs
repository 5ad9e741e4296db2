//! The features of each word that the person tagger reads: its forms and shape, its neighbours,
//! and what the gazetteers and title cues say of it.
//!
//! Training (`examples/train-persons.rs`) and tagging call the same [`each`], so a model always
//! sees at index time the features it was trained on. A feature is a string (`w=وزير`,
//! `-1f:title`); [`each`] writes each one into a reused buffer and hands it to a callback, so
//! tagging allocates nothing per feature.

use std::fmt::Write as _;

use rustc_hash::FxHashSet as HashSet;

use super::gazetteer::{candidates, Gazetteer};
use super::title_cues::CueFinder;
use super::{Gap, Tok};

/// What the lists say of one word: a set of the flags below.
pub type Mark = u16;

/// First word of a `persons.toml` name (or alias).
pub const KNOWN_B: Mark = 1;
/// A later word of a `persons.toml` name.
pub const KNOWN_I: Mark = 1 << 1;
/// First word of a name that a title cue found.
pub const CUED_B: Mark = 1 << 2;
/// A later word of a name that a title cue found.
pub const CUED_I: Mark = 1 << 3;
/// A country word (روسيا، الروسي، بروسيا).
pub const COUNTRY: Mark = 1 << 4;
/// The first word of a title (الرئيس، وزير).
pub const TITLE: Mark = 1 << 5;
/// A stop of `title-cues.toml` (قال، أكد، يوم).
pub const STOP: Mark = 1 << 6;
/// A joiner, name prefix or suffix, or ordinal (بن، عبد، الدين، الثاني).
pub const PARTICLE: Mark = 1 << 7;
/// A title modifier (السابق).
pub const MODIFIER: Mark = 1 << 8;
/// Written in a hashtag (`#محمد_بن_سلمان`).
pub const HASHTAG: Mark = 1 << 9;
/// A stopword of the analyser.
pub const STOPWORD: Mark = 1 << 10;
/// A given name of `person-words.txt`.
pub const GIVEN: Mark = 1 << 11;
/// A family name of `person-words.txt`.
pub const FAMILY: Mark = 1 << 12;
/// A given name after a proclitic (ومحمد).
pub const CLITIC_GIVEN: Mark = 1 << 13;
/// A family name after a proclitic (لزيدان).
pub const CLITIC_FAMILY: Mark = 1 << 14;
/// A common noun of `nouns.txt`, with or without its article and proclitics (الفوز، لعب).
pub const NOUN: Mark = 1 << 15;

const NAMES: [(Mark, &str); 16] = [
    (KNOWN_B, "kb"),
    (KNOWN_I, "ki"),
    (CUED_B, "cb"),
    (CUED_I, "ci"),
    (COUNTRY, "country"),
    (TITLE, "title"),
    (STOP, "stop"),
    (PARTICLE, "particle"),
    (MODIFIER, "modifier"),
    (HASHTAG, "hash"),
    (STOPWORD, "stopword"),
    (GIVEN, "given"),
    (FAMILY, "family"),
    (CLITIC_GIVEN, "cgiven"),
    (CLITIC_FAMILY, "cfamily"),
    (NOUN, "noun"),
];

/// `person-words.txt`: words seen as the first or the last word of a person's name, one a line,
/// `WORD<TAB>given` or `WORD<TAB>family`; `#` starts a comment.
#[derive(Debug, Clone, Default)]
pub struct NameWords {
    given: HashSet<String>,
    family: HashSet<String>,
    /// Common nouns (`nouns.txt`, see [`NameWords::with_nouns`]).
    nouns: HashSet<String>,
}

impl NameWords {
    /// Reads the file; `normalize` gives each word its normal form. Errors name the line.
    pub fn parse(text: &str, normalize: impl Fn(&str) -> String) -> Result<NameWords, String> {
        let mut out = NameWords::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, kind) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: want WORD<TAB>given|family", n + 1))?;
            let set = match kind.trim() {
                "given" => &mut out.given,
                "family" => &mut out.family,
                _ => return Err(format!("line {}: want given or family", n + 1)),
            };
            set.insert(normalize(word.trim()));
        }
        Ok(out)
    }

    /// The same with the nouns of `nouns.txt` (its raw text: a word first on each line).
    pub fn with_nouns(mut self, text: &str, normalize: impl Fn(&str) -> String) -> NameWords {
        self.nouns = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split_whitespace().next())
            .map(normalize)
            .filter(|w| !w.is_empty())
            .collect();
        self
    }

    /// Whether a normalised word is a given or family name as it stands.
    pub fn is_name(&self, word: &str) -> bool {
        self.given.contains(word) || self.family.contains(word)
    }

    /// The marks of a normalised word.
    fn mark(&self, word: &str) -> Mark {
        let mut m = 0;
        if self.given.contains(word) {
            m |= GIVEN;
        }
        if self.family.contains(word) {
            m |= FAMILY;
        }
        if candidates(word)
            .iter()
            .any(|c| self.nouns.contains(c.strip_prefix("ال").unwrap_or(c)))
        {
            m |= NOUN;
        }
        for bare in candidates(word).iter().skip(1) {
            if self.given.contains(bare) {
                m |= CLITIC_GIVEN;
            }
            if self.family.contains(bare) {
                m |= CLITIC_FAMILY;
            }
        }
        m
    }
}

/// The marks of each word of a paragraph. `known` and `cued` are the word ranges of the names
/// that `persons.toml` and the title cues found there.
pub fn marks(
    text: &str,
    words: &[Tok],
    known: &[(usize, usize)],
    cued: &[(usize, usize)],
    gazetteer: &Gazetteer,
    cues: &CueFinder,
    names: &NameWords,
) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::with_capacity(words.len());
    let mut prev_end = 0;
    for w in words {
        let n = w.normalized.as_str();
        let mut m = names.mark(n);
        let between = &text[prev_end.min(w.start)..w.start];
        if text[w.start..w.end].starts_with('#') || between.contains(['#', '_']) {
            m |= HASHTAG;
        }
        prev_end = w.end;
        if gazetteer.is_country_word(n) {
            m |= COUNTRY;
        }
        if cues.is_title_word(n) {
            m |= TITLE;
        }
        if cues.is_stop_word(n) {
            m |= STOP;
        }
        if cues.is_name_particle(n) {
            m |= PARTICLE;
        }
        if cues.is_modifier(n) {
            m |= MODIFIER;
        }
        if w.stopword {
            m |= STOPWORD;
        }
        out.push(m);
    }
    for (spans, b, i) in [(known, KNOWN_B, KNOWN_I), (cued, CUED_B, CUED_I)] {
        for &(start, end) in spans {
            for (k, m) in out.iter_mut().enumerate().take(end).skip(start) {
                *m |= if k == start { b } else { i };
            }
        }
    }
    out
}

fn shape(word: &str) -> &'static str {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) => "digit",
        Some(c) if c.is_ascii_alphabetic() => "latin",
        Some(c) if ('\u{0600}'..='\u{06FF}').contains(&c) => {
            if word.starts_with("ال") {
                "article"
            } else {
                "arabic"
            }
        }
        _ => "other",
    }
}

fn gap_name(gap: Gap) -> &'static str {
    match gap {
        Gap::Space => "space",
        Gap::Hyphen => "hyphen",
        Gap::Comma => "comma",
        Gap::Punctuation => "punct",
    }
}

/// Every feature of word `i`, written into `buf` and passed to `emit` one by one.
pub fn each(
    words: &[Tok],
    marks: &[Mark],
    i: usize,
    buf: &mut String,
    emit: &mut impl FnMut(&str),
) {
    let mut put = |buf: &mut String, args: std::fmt::Arguments| {
        buf.clear();
        let _ = buf.write_fmt(args);
        emit(buf);
    };
    let w = words[i].normalized.as_str();
    put(buf, format_args!("bias"));
    put(buf, format_args!("w={w}"));
    // the word without its proclitics (ومحمد → محمد): a name may start inside it
    let forms = candidates(w);
    if let Some(bare) = forms.iter().nth(1) {
        put(buf, format_args!("bare={bare}"));
        put(buf, format_args!("clitic={}", &w[..w.len() - bare.len()]));
    }
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    put(buf, format_args!("len={}", n.min(8)));
    put(buf, format_args!("shape={}", shape(w)));
    for k in [2, 3] {
        if n > k {
            let p: String = chars[..k].iter().collect();
            let s: String = chars[n - k..].iter().collect();
            put(buf, format_args!("p{k}={p}"));
            put(buf, format_args!("s{k}={s}"));
        }
    }
    put(buf, format_args!("gap={}", gap_name(words[i].gap)));
    match words.get(i + 1) {
        Some(next) => put(buf, format_args!("gap+1={}", gap_name(next.gap))),
        None => put(buf, format_args!("eos")),
    }
    if i == 0 {
        put(buf, format_args!("bos"));
    }
    for (flag, name) in NAMES {
        if marks[i] & flag != 0 {
            put(buf, format_args!("f:{name}"));
        }
    }
    for d in [-2isize, -1, 1, 2] {
        let Some(k) = i.checked_add_signed(d).filter(|&k| k < words.len()) else {
            continue;
        };
        let other = words[k].normalized.as_str();
        put(buf, format_args!("{d}w={other}"));
        if d.abs() == 1 {
            put(buf, format_args!("{d}shape={}", shape(other)));
            for (flag, name) in NAMES {
                if marks[k] & flag != 0 {
                    put(buf, format_args!("{d}f:{name}"));
                }
            }
        }
    }
    if i > 0 {
        put(
            buf,
            format_args!("-1w|w={}|{w}", words[i - 1].normalized.as_str()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facets::words;

    /// The features of word `i` of `text`, with no gazetteer or cue marks.
    fn features(text: &str, i: usize) -> Vec<String> {
        let config = Config::built_in();
        let pipeline = config.pipeline();
        let gazetteer = Gazetteer::new(&config.countries, &config.persons, &pipeline);
        let cues = CueFinder::new(&config.title_cues, &pipeline);
        let words = words(&pipeline, text);
        let names = NameWords::parse("محمد\tgiven\nزيدان\tfamily", |w| pipeline.normalize(w)).unwrap();
        let marks = marks(text, &words, &[], &[], &gazetteer, &cues, &names);
        let mut out = Vec::new();
        each(&words, &marks, i, &mut String::new(), &mut |f| {
            out.push(f.to_string())
        });
        out
    }

    #[test]
    fn vectors() {
        let cases: &[(&str, usize, &[&str])] = &[
            // a word with a proclitic, after a title
            (
                "قال الرئيس ومحمد",
                2,
                &["w=ومحمد", "bare=محمد", "clitic=و", "-1f:title", "eos"],
            ),
            // a hashtag, the normal form without hamza, a country after it
            (
                "التقى #ولي_العهد_السعودي الأمير #محمد_بن_سلمان",
                5,
                &["w=محمد", "f:hash", "-1w=الامير", "-1f:title", "1w=بن", "1f:particle"],
            ),
            // shape and first word
            ("Trump قال", 0, &["shape=latin", "bos", "1f:stop"]),
            // the name lexicon, also behind a proclitic
            ("قال محمد لزيدان", 2, &["f:cfamily", "-1f:given"]),
        ];
        for (text, i, want) in cases {
            let got = features(text, *i);
            for f in *want {
                assert!(got.iter().any(|g| g == f), "{text} [{i}]: no {f} in {got:?}");
            }
        }
    }
}
