//! The features of each word that the person tagger reads: its forms, shape and word classes,
//! its neighbours, and what the gazetteers and title cues say of it.
//!
//! Training (`examples/train-persons.rs`) and tagging build the same features, so a model always
//! sees at index time the features it was trained on. A feature is a string (`w=وزير`,
//! `-1f:title`); [`each`] writes each one into a reused buffer and hands it to a callback. The
//! features split into those of the word itself, those it gives the words around it (both
//! independent of its place) and those of its place; [`Scorer`] sums the first two once per
//! distinct word, so tagging a word already seen builds no feature string.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::clusters::{Class, Clusters};
use super::gazetteer::{candidates, Gazetteer};
use super::tagger::{Label, PersonModel};
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
/// `WORD<TAB>given` or `WORD<TAB>family` (names that `persons.toml` and the title cues found), or
/// `WORD<TAB>given-tagged` or `WORD<TAB>family-tagged` (names only a tagger found); `#` starts a
/// comment. Both kinds are features of the tagger; only the first counts as a known name in the
/// rules after it ([`NameWords::is_name`]), so the tagger's own errors (مقابلة) never vouch for
/// themselves.
#[derive(Debug, Clone, Default)]
pub struct NameWords {
    given: HashSet<String>,
    family: HashSet<String>,
    tagged_given: HashSet<String>,
    tagged_family: HashSet<String>,
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
                "given-tagged" => &mut out.tagged_given,
                "family-tagged" => &mut out.tagged_family,
                _ => {
                    return Err(format!(
                        "line {}: want given, family, given-tagged or family-tagged",
                        n + 1
                    ))
                }
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

    /// Whether a normalised word is a given name as it stands (of `persons.toml` and the cues).
    pub fn is_given(&self, word: &str) -> bool {
        self.given.contains(word)
    }

    /// Whether a normalised word is a given or family name as it stands (of `persons.toml` and
    /// the cues).
    pub fn is_name(&self, word: &str) -> bool {
        self.given.contains(word) || self.family.contains(word)
    }

    /// Whether a normalised word is a common noun of `nouns.txt` as it stands.
    pub fn is_noun(&self, word: &str) -> bool {
        self.nouns.contains(word)
    }
}

/// Every list a mark reads, in one table: for a normal form, the marks it gives as the word
/// itself (`exact`) and as any of its forms without proclitics (`any`).
#[derive(Debug, Clone, Default)]
pub struct MarkTable {
    forms: HashMap<Box<str>, (Mark, Mark)>,
}

impl MarkTable {
    /// Compiles the lists of the gazetteer, the cues and the name words.
    pub fn new(gazetteer: &Gazetteer, cues: &CueFinder, names: &NameWords) -> MarkTable {
        let mut table = MarkTable::default();
        let mut put = |word: &str, exact: Mark, any: Mark| {
            let e = table.forms.entry(word.into()).or_default();
            e.0 |= exact;
            e.1 |= any;
        };
        for w in gazetteer.country_words() {
            put(w, 0, COUNTRY);
        }
        let [heads, stops, particles, modifiers] = cues.word_lists();
        heads.iter().for_each(|w| put(w, 0, TITLE));
        stops.iter().for_each(|w| put(w, 0, STOP));
        particles.iter().for_each(|w| put(w, PARTICLE, 0));
        modifiers.iter().for_each(|w| put(w, MODIFIER, 0));
        names
            .given
            .iter()
            .chain(&names.tagged_given)
            .for_each(|w| put(w, GIVEN, 0));
        names
            .family
            .iter()
            .chain(&names.tagged_family)
            .for_each(|w| put(w, FAMILY, 0));
        for w in &names.nouns {
            put(w, 0, NOUN);
            put(&format!("ال{w}"), 0, NOUN);
        }
        table
    }

    /// The marks of a normalised word from the lists.
    pub fn mark(&self, word: &str) -> Mark {
        let mut m = 0;
        for (k, form) in candidates(word).iter().enumerate() {
            let Some(&(exact, any)) = self.forms.get(form) else {
                continue;
            };
            m |= any;
            if k == 0 {
                m |= exact;
            } else {
                if exact & GIVEN != 0 {
                    m |= CLITIC_GIVEN;
                }
                if exact & FAMILY != 0 {
                    m |= CLITIC_FAMILY;
                }
            }
        }
        m
    }
}

/// What the lists and the word classes say of words, whatever their place: the tagger's view of a
/// word on its own.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub marks: MarkTable,
    pub clusters: Clusters,
}

/// The marks that depend on where a word stands rather than on the word: the names
/// `persons.toml` and the title cues found, hashtags and stopwords (stopwords are told from the
/// word as written: على, not علي).
pub const PLACE_MARKS: Mark = KNOWN_B | KNOWN_I | CUED_B | CUED_I | HASHTAG | STOPWORD;

/// The place marks of each word of a paragraph ([`PLACE_MARKS`]). `known` and `cued` are the
/// word ranges of the names that `persons.toml` and the title cues found there.
pub fn marks(
    text: &str,
    words: &[Tok],
    known: &[(usize, usize)],
    cued: &[(usize, usize)],
) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::with_capacity(words.len());
    let mut prev_end = 0;
    for w in words {
        let mut m = 0;
        let between = &text[prev_end.min(w.start)..w.start];
        if text[w.start..w.end].starts_with('#') || between.contains(['#', '_']) {
            m |= HASHTAG;
        }
        prev_end = w.end;
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

/// The shape of a word: 0 digits, 1 Latin letters, 2 Arabic with the article, 3 Arabic, 4 other.
fn shape(word: &str) -> usize {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c) => 0,
        Some(c) if c.is_ascii_alphabetic() => 1,
        Some(c) if ('\u{0600}'..='\u{06FF}').contains(&c) => {
            if word.starts_with("ال") {
                2
            } else {
                3
            }
        }
        _ => 4,
    }
}

const SHAPES: [[&str; 5]; 3] = [
    [
        "shape=digit",
        "shape=latin",
        "shape=article",
        "shape=arabic",
        "shape=other",
    ],
    [
        "-1shape=digit",
        "-1shape=latin",
        "-1shape=article",
        "-1shape=arabic",
        "-1shape=other",
    ],
    [
        "1shape=digit",
        "1shape=latin",
        "1shape=article",
        "1shape=arabic",
        "1shape=other",
    ],
];

fn gap_index(gap: Gap) -> usize {
    match gap {
        Gap::Space => 0,
        Gap::Hyphen => 1,
        Gap::Comma => 2,
        Gap::Punctuation => 3,
    }
}

const GAPS: [[&str; 4]; 2] = [
    ["gap=space", "gap=hyphen", "gap=comma", "gap=punct"],
    ["gap+1=space", "gap+1=hyphen", "gap+1=comma", "gap+1=punct"],
];

const LENS: [&str; 9] = [
    "len=0", "len=1", "len=2", "len=3", "len=4", "len=5", "len=6", "len=7", "len=8",
];

/// The flag features of a word itself, of the word before and of the word after.
fn flag_feature(offset: usize, flag: usize) -> String {
    format!("{}f:{}", ["", "-1", "1"][offset], NAMES[flag].1)
}

/// Byte offsets of the first `k` and last `k` characters of `w`, when it has more than `k`.
fn affixes(w: &str, k: usize) -> Option<(&str, &str)> {
    let n = w.chars().count();
    if n <= k {
        return None;
    }
    let head = w.char_indices().nth(k).map_or(w.len(), |(b, _)| b);
    let tail = w.char_indices().nth(n - k).map_or(w.len(), |(b, _)| b);
    Some((&w[..head], &w[tail..]))
}

/// Writes `parts` into `buf` and hands it to `emit`.
fn put(buf: &mut String, emit: &mut impl FnMut(&str), parts: &[&str]) {
    buf.clear();
    parts.iter().for_each(|p| buf.push_str(p));
    emit(buf);
}

fn put_flags(offset: usize, m: Mark, emit: &mut impl FnMut(&str)) {
    for (f, (flag, _)) in NAMES.iter().enumerate() {
        if m & flag != 0 {
            emit(&flag_feature(offset, f));
        }
    }
}

/// What the lists and the word classes say of one word.
#[derive(Clone, Copy)]
struct Facts<'a> {
    mark: Mark,
    class: Option<Class>,
    /// The word without its proclitics, if it has any, and that form's classes.
    bare: Option<&'a str>,
    bare_class: Option<Class>,
}

impl Lexicon {
    fn facts<'a>(&self, w: &'a str) -> Facts<'a> {
        // the word without its proclitics (ومحمد → محمد): a name may start inside it
        let bare = match candidates(w).iter().nth(1) {
            // a borrowed form is a tail of `w`; لل → ال makes a new one
            Some(b) if w.ends_with(b) => Some(&w[w.len() - b.len()..]),
            _ => None,
        };
        Facts {
            mark: self.marks.mark(w),
            class: self.clusters.get(w),
            bare,
            bare_class: bare.and_then(|b| self.clusters.get(b)),
        }
    }
}

/// A class number as text, written into `out`.
fn number(n: u16, out: &mut [u8; 5]) -> &str {
    let mut k = out.len();
    let mut n = n;
    loop {
        k -= 1;
        out[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&out[k..]).unwrap_or_default()
}

/// The features word `w` gives itself wherever it stands: its forms, shape, affixes, list marks
/// and classes.
fn own(w: &str, facts: Facts, buf: &mut String, emit: &mut impl FnMut(&str)) {
    let mut digits = [0u8; 5];
    put(buf, emit, &["bias"]);
    put(buf, emit, &["w=", w]);
    if let Some(bare) = facts.bare {
        put(buf, emit, &["bare=", bare]);
        put(buf, emit, &["clitic=", &w[..w.len() - bare.len()]]);
    }
    put(buf, emit, &[LENS[w.chars().count().min(8)]]);
    put(buf, emit, &[SHAPES[0][shape(w)]]);
    for (k, [p, s]) in [(2, ["p2=", "s2="]), (3, ["p3=", "s3="])] {
        if let Some((head, tail)) = affixes(w, k) {
            put(buf, emit, &[p, head]);
            put(buf, emit, &[s, tail]);
        }
    }
    put_flags(0, facts.mark, emit);
    if let Some(c) = facts.class {
        put(buf, emit, &["k=", number(c.fine, &mut digits)]);
        put(buf, emit, &["kk=", number(c.coarse, &mut digits)]);
    }
    if let Some(c) = facts.bare_class {
        put(buf, emit, &["bk=", number(c.fine, &mut digits)]);
    }
}

/// The places a neighbour's features describe, in the order of [`near`]'s `place`.
const PLACES: [isize; 4] = [-2, -1, 1, 2];

/// The features word `w` gives the word `PLACES[place]` words away from it: the word, and for the
/// next words on either side its shape, list marks and classes.
fn near(w: &str, facts: Facts, place: usize, buf: &mut String, emit: &mut impl FnMut(&str)) {
    let mut digits = [0u8; 5];
    let [word, class, coarse] = [
        ["-2w=", "-2k=", "-2kk="],
        ["-1w=", "-1k=", "-1kk="],
        ["1w=", "1k=", "1kk="],
        ["2w=", "2k=", "2kk="],
    ][place];
    put(buf, emit, &[word, w]);
    if let Some(c) = facts.class {
        put(buf, emit, &[coarse, number(c.coarse, &mut digits)]);
    }
    if place == 1 || place == 2 {
        let offset = place; // -1 → flags and shapes of offset 1, +1 → of offset 2
        put(buf, emit, &[SHAPES[offset][shape(w)]]);
        put_flags(offset, facts.mark, emit);
        if let Some(c) = facts.class {
            put(buf, emit, &[class, number(c.fine, &mut digits)]);
        }
    }
}

/// Every feature of word `i`, written into `buf` and passed to `emit` one by one (for training;
/// tagging sums the same weights through [`Scorer`]). `marks` are the place marks of [`marks`].
pub fn each(
    words: &[Tok],
    marks: &[Mark],
    lex: &Lexicon,
    i: usize,
    buf: &mut String,
    emit: &mut impl FnMut(&str),
) {
    let w = words[i].normalized.as_str();
    own(w, lex.facts(w), buf, emit);
    for (place, d) in PLACES.into_iter().enumerate() {
        if let Some(k) = i.checked_add_signed(d).filter(|&k| k < words.len()) {
            let v = words[k].normalized.as_str();
            near(v, lex.facts(v), place, buf, emit);
        }
    }
    put(buf, emit, &[GAPS[0][gap_index(words[i].gap)]]);
    match words.get(i + 1) {
        Some(next) => put(buf, emit, &[GAPS[1][gap_index(next.gap)]]),
        None => put(buf, emit, &["eos"]),
    }
    if i == 0 {
        put(buf, emit, &["bos"]);
    }
    for (offset, k) in [(0, Some(i)), (1, i.checked_sub(1)), (2, Some(i + 1))] {
        if let Some(k) = k.filter(|&k| k < words.len()) {
            put_flags(offset, marks[k], emit);
        }
    }
    if i > 0 {
        put(
            buf,
            emit,
            &["-1w|w=", words[i - 1].normalized.as_str(), "|", w],
        );
    }
}

/// The labels a [`Scorer`] is compiled for (O, B, I, C); other models are scored through the
/// feature strings.
const MAX_LABELS: usize = 4;
type Sum = [f32; MAX_LABELS];

/// One word's summed weights: its own features, and what it gives each place of [`PLACES`].
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    own: Sum,
    near: [Sum; 4],
    /// The word's id in the bigram features, or `u32::MAX`.
    id: u32,
}

/// How many distinct words the cache of a [`Scorer`] keeps (about 120 bytes each).
const CACHE_WORDS: usize = 1 << 19;

/// The features of [`each`] compiled against one model. A word's features that do not depend on
/// its place are summed once, the first time the word is seen, and kept in a cache shared by
/// every thread; tagging then adds a few sums a word and looks up only the features of place.
#[derive(Debug, Default)]
pub struct Scorer {
    /// The rows of `gap=…` and `gap+1=…`, then of `eos` and `bos`.
    gaps: [[Option<u32>; 4]; 2],
    eos: Option<u32>,
    bos: Option<u32>,
    flags: [[Option<u32>; 16]; 3],
    /// The words of the bigram features, by id.
    ids: HashMap<Box<str>, u32>,
    /// `-1w|w=A|B` by the ids of A and B.
    bigrams: HashMap<(u32, u32), u32>,
    cache: std::sync::RwLock<HashMap<compact_str::CompactString, Entry>>,
}

impl Scorer {
    /// Compiles `model`.
    pub fn new(model: &PersonModel) -> Scorer {
        let mut flags = [[None; 16]; 3];
        for (offset, rows) in flags.iter_mut().enumerate() {
            for (f, row) in rows.iter_mut().enumerate().take(NAMES.len()) {
                *row = model.row(&flag_feature(offset, f));
            }
        }
        let mut scorer = Scorer {
            gaps: GAPS.map(|names| names.map(|f| model.row(f))),
            eos: model.row("eos"),
            bos: model.row("bos"),
            flags,
            ..Scorer::default()
        };
        let mut features: Vec<(&str, u32)> = model.rows().collect();
        features.sort_unstable();
        for &(feature, row) in &features {
            if let Some((a, b)) = feature
                .strip_prefix("-1w|w=")
                .and_then(|pair| pair.split_once('|'))
            {
                let key = (scorer.id(a), scorer.id(b));
                scorer.bigrams.insert(key, row);
            }
        }
        scorer
    }

    fn id(&mut self, word: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(word.into()).or_insert(next)
    }

    /// The summed weights of word `w`'s own and neighbour features.
    fn entry(&self, model: &PersonModel, lex: &Lexicon, w: &str, buf: &mut String) -> Entry {
        let mut e = Entry {
            own: [0.0; MAX_LABELS],
            near: [[0.0; MAX_LABELS]; 4],
            id: self.ids.get(w).copied().unwrap_or(u32::MAX),
        };
        let l = model.labels();
        let facts = lex.facts(w);
        own(w, facts, buf, &mut |f| {
            if let Some(row) = model.row(f) {
                model.add(row, &mut e.own[..l]);
            }
        });
        for place in 0..PLACES.len() {
            let sum = &mut e.near[place];
            near(w, facts, place, buf, &mut |f| {
                if let Some(row) = model.row(f) {
                    model.add(row, &mut sum[..l]);
                }
            });
        }
        e
    }

    /// Each word's score for each label (as [`PersonModel::decode`] reads them), with the same
    /// weights as `model.tag` over [`each`].
    pub fn scores(
        &self,
        model: &PersonModel,
        lex: &Lexicon,
        words: &[Tok],
        marks: &[Mark],
    ) -> Vec<f32> {
        if model.labels() != MAX_LABELS {
            return scores_by_strings(model, lex, words, marks);
        }
        // Each word's sums from the cache; the words not in it yet are summed afterwards.
        let mut missing: Vec<usize> = Vec::new();
        let mut entries: Vec<Entry> = {
            let cache = self.cache.read().unwrap_or_else(|e| e.into_inner());
            words
                .iter()
                .enumerate()
                .map(|(i, w)| match cache.get(w.normalized.as_str()) {
                    Some(e) => *e,
                    None => {
                        missing.push(i);
                        Entry::default()
                    }
                })
                .collect()
        };
        if !missing.is_empty() {
            let mut buf = String::new();
            for &i in &missing {
                entries[i] = self.entry(model, lex, words[i].normalized.as_str(), &mut buf);
            }
            let mut cache = self.cache.write().unwrap_or_else(|e| e.into_inner());
            for &i in &missing {
                if cache.len() < CACHE_WORDS {
                    cache.insert(words[i].normalized.clone(), entries[i]);
                }
            }
        }
        let n = words.len();
        let mut scores: Vec<Sum> = vec![[0.0; MAX_LABELS]; n];
        for (i, state) in scores.iter_mut().enumerate() {
            let mut add = |row: Option<u32>| {
                if let Some(row) = row {
                    model.add(row, state);
                }
            };
            add(self.gaps[0][gap_index(words[i].gap)]);
            match words.get(i + 1) {
                Some(next) => add(self.gaps[1][gap_index(next.gap)]),
                None => add(self.eos),
            }
            if i == 0 {
                add(self.bos);
            }
            for (offset, k) in [(0, Some(i)), (1, i.checked_sub(1)), (2, Some(i + 1))] {
                let Some(k) = k.filter(|&k| k < n) else {
                    continue;
                };
                let mut m = marks[k];
                while m != 0 {
                    let f = m.trailing_zeros() as usize;
                    add(self.flags[offset][f]);
                    m &= m - 1;
                }
            }
            if i > 0 && entries[i - 1].id != u32::MAX && entries[i].id != u32::MAX {
                add(self
                    .bigrams
                    .get(&(entries[i - 1].id, entries[i].id))
                    .copied());
            }
            let mut sum = entries[i].own;
            for (place, d) in PLACES.into_iter().enumerate() {
                if let Some(k) = i.checked_add_signed(d).filter(|&k| k < n) {
                    for (x, y) in sum.iter_mut().zip(&entries[k].near[place]) {
                        *x += y;
                    }
                }
            }
            for (x, y) in state.iter_mut().zip(&sum) {
                *x += y;
            }
            within_a_name(words, i, model, state);
        }
        scores.into_flattened()
    }
}

/// Each word's score for each label from the feature strings of [`each`], as [`Scorer::scores`]
/// gives them from its sums.
fn scores_by_strings(
    model: &PersonModel,
    lex: &Lexicon,
    words: &[Tok],
    marks: &[Mark],
) -> Vec<f32> {
    let mut buf = String::new();
    model.scores(words.len(), |i, state| {
        each(words, marks, lex, i, &mut buf, &mut |f| {
            if let Some(row) = model.row(f) {
                model.add(row, state);
            }
        });
        within_a_name(words, i, model, state);
    })
}

/// A name never runs on across punctuation (قائمة المغادرين: بوبكر كامارا – عبد القادر شوية): a
/// word after a comma or other marks begins a name or is none.
fn within_a_name(words: &[Tok], i: usize, model: &PersonModel, state: &mut [f32]) {
    if !words[i].gap.joins() {
        model.forbid(Label::I, state);
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
        let names = NameWords::parse("محمد\tgiven\nزيدان\tfamily", |w| {
            pipeline.normalize(w)
        })
        .unwrap();
        let lex = Lexicon {
            marks: MarkTable::new(&gazetteer, &cues, &names),
            clusters: Clusters::default(),
        };
        let marks = marks(text, &words, &[], &[]);
        let mut out = Vec::new();
        each(&words, &marks, &lex, i, &mut String::new(), &mut |f| {
            out.push(f.to_string())
        });
        out
    }

    /// The compiled scorer tags every paragraph of the bundled corpus as the feature strings do.
    #[test]
    fn the_scorer_agrees_with_the_feature_strings() {
        let config = Config::built_in();
        let pipeline = config.pipeline();
        let gazetteer = Gazetteer::new(&config.countries, &config.persons, &pipeline);
        let cues = CueFinder::new(&config.title_cues, &pipeline);
        let model = &config.persons_model;
        let scorer = Scorer::new(model);
        let names = config
            .person_words
            .clone()
            .with_nouns(include_str!("../../index-config/nouns.txt"), |w| {
                pipeline.normalize(w)
            });
        let clusters = Clusters::parse(include_str!("../../index-config/word-clusters.txt"), |w| {
            pipeline.normalize(w)
        })
        .unwrap();
        let lex = Lexicon {
            marks: MarkTable::new(&gazetteer, &cues, &names),
            clusters,
        };
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut paragraphs = 0;
        for entry in walkdir::WalkDir::new(corpus).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "txt") {
                continue;
            }
            for text in std::fs::read_to_string(entry.path()).unwrap().lines() {
                let words = words(&pipeline, text);
                let marks = marks(text, &words, &[], &[]);
                let slow = model.decode(&scores_by_strings(model, &lex, &words, &marks));
                let fast = model.decode(&scorer.scores(model, &lex, &words, &marks));
                assert_eq!(fast, slow, "{text}");
                paragraphs += 1;
            }
        }
        assert!(paragraphs > 500, "{paragraphs}");
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
                &[
                    "w=محمد",
                    "f:hash",
                    "-1w=الامير",
                    "-1f:title",
                    "1w=بن",
                    "1f:particle",
                ],
            ),
            // shape and first word
            ("Trump قال", 0, &["shape=latin", "bos", "1f:stop"]),
            // the name lexicon, also behind a proclitic
            ("قال محمد لزيدان", 2, &["f:cfamily", "-1f:given"]),
        ];
        for (text, i, want) in cases {
            let got = features(text, *i);
            for f in *want {
                assert!(
                    got.iter().any(|g| g == f),
                    "{text} [{i}]: no {f} in {got:?}"
                );
            }
        }
    }
}
