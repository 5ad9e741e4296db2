//! Country and person facets of each paragraph: gazetteer matches, title cues and a tagger.
//!
//! `gazetteer.rs` reads `countries.toml` and `persons.toml` and matches their forms;
//! `title_cues.rs` finds titled persons the gazetteer lacks; `tagger.rs` finds the other persons
//! with a sequence model over the features of `features.rs`; `places.rs` drops a tagged name that
//! names a club or a place (نادي ميلان), `one_word.rs` a tagged word that is a common noun
//! (مقابلة). Extraction works on the analysed,
//! unstemmed words of a paragraph (see [`words`]), so every spelling and clitic form matches.

pub mod clusters;
pub mod features;
pub mod gazetteer;
pub mod one_word;
pub mod places;
pub mod tagger;
pub mod title_cues;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use crate::analysis::{self, Buffers, Pipeline};
use crate::config::Config;
pub use gazetteer::{Country, CountryTable, Gazetteer, Kind, Match, Person, PersonTable, Target};
pub use tagger::{Label, PersonModel};
pub use title_cues::{CueFinder, TitleCues};

/// How much less the tagger's best reading of a paragraph may score when a title cue's name is
/// read as a name for the cue to count (see [`PersonModel::score_with_name`]): chosen on the
/// development sets (against 0, of their 357 titled persons: 1 finds 2 more and no more wrong
/// names; 2 and 3 find 4 more, one more wrong; 4 four more wrong, 8 twenty-two more).
const CUE_MARGIN: f32 = 2.0;

/// A range of words: the first, and the one after the last.
type Span = (usize, usize);

/// What stands between a word and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Spaces only, or nothing but invisible marks, a hashtag's `#` or `_`: the words read as one
    /// run (`دونالد #ترمب`, `#وزارة_المالية`). Also the gap before a paragraph's first word.
    Space,
    /// A hyphen with no space around it (`جونغ-أون`, `الصينية-الروسية`), or with a space on one
    /// side only, a slip of the same (`ميغان- ماركل`); spaced on both sides it separates.
    Hyphen,
    /// One comma, with or without spaces: an apposition may follow (`الرئيس الأمريكي، دونالد ترامب`).
    Comma,
    /// Any other punctuation.
    Punctuation,
}

impl Gap {
    /// The gap that `between` (the text between two words) makes.
    pub fn of(between: &str) -> Gap {
        let mut marks = between
            .chars()
            .filter(|&c| !c.is_whitespace() && !is_invisible(c) && c != '#' && c != '_');
        match (marks.next(), marks.next()) {
            (None, _) => Gap::Space,
            (Some('-' | '\u{2010}' | '\u{2011}'), None)
                if !(between.starts_with(char::is_whitespace)
                    && between.ends_with(char::is_whitespace)) =>
            {
                Gap::Hyphen
            }
            (Some(',' | '\u{060C}'), None) => Gap::Comma,
            _ => Gap::Punctuation,
        }
    }

    /// Whether the two words read as one run, as the words of a multi-word name do.
    pub fn joins(self) -> bool {
        matches!(self, Gap::Space | Gap::Hyphen)
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// One analysed word of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Normal form (all folds, no stemming).
    pub normalized: CompactString,
    /// Byte range in the paragraph.
    pub start: usize,
    pub end: usize,
    /// What stands between this word and the one before.
    pub gap: Gap,
    pub stopword: bool,
}

/// The analysed words of `text`.
pub fn words(pipeline: &Pipeline, text: &str) -> Vec<Tok> {
    // Normal forms only: facets never need the stem.
    words_by(text, |surface, buf| pipeline.normalize_into(surface, buf))
}

/// The analysed words of `text`, each word read by `analyse`, which fills `buf.normalized` and
/// tells whether the word is a stopword (indexing reads the whole analysis in the same pass).
pub fn words_by(text: &str, mut analyse: impl FnMut(&str, &mut Buffers) -> bool) -> Vec<Tok> {
    let mut buf = Buffers::default();
    let mut prev_end = 0;
    let mut out: Vec<Tok> = Vec::new();
    for range in analysis::words(text) {
        let stopword = analyse(&text[range.clone()], &mut buf);
        if buf.normalized.is_empty() {
            continue;
        }
        let gap = if out.is_empty() {
            Gap::Space
        } else {
            Gap::of(&text[prev_end..range.start])
        };
        prev_end = range.end;
        out.push(Tok {
            normalized: CompactString::from(buf.normalized.as_str()),
            start: range.start,
            end: range.end,
            gap,
            stopword,
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
    model: PersonModel,
    /// `person-words.txt` and the raw text of `nouns.txt`, compiled into `tagging` on first use.
    person_words: features::NameWords,
    nouns: String,
    /// The raw text of `word-clusters.txt`.
    clusters: String,
    tagging: OnceLock<Tagging>,
    pipeline: Arc<Pipeline>,
}

impl Facets {
    /// Builds the extractor from a config.
    pub fn new(config: &Config, pipeline: Arc<Pipeline>) -> Facets {
        let gazetteer = Gazetteer::new(&config.countries, &config.persons, &pipeline);
        let cues = CueFinder::new(&config.title_cues, &pipeline);
        Facets {
            gazetteer,
            cues,
            model: config.persons_model.clone(),
            person_words: config.person_words.clone(),
            nouns: config
                .texts()
                .find(|&(name, _)| name == "nouns.txt")
                .map_or_else(String::new, |(_, text)| text.to_string()),
            clusters: config
                .texts()
                .find(|&(name, _)| name == "word-clusters.txt")
                .map_or_else(String::new, |(_, text)| text.to_string()),
            tagging: OnceLock::new(),
            pipeline,
        }
    }

    /// The tagger's compiled tables, built on first use (a search never needs them).
    fn tagging(&self) -> &Tagging {
        self.tagging.get_or_init(|| {
            let names = self
                .person_words
                .clone()
                .with_nouns(&self.nouns, |w| self.pipeline.normalize(w));
            // A malformed file was refused when the configuration was read.
            let clusters =
                clusters::Clusters::parse(&self.clusters, |w| self.pipeline.normalize(w))
                    .unwrap_or_default();
            Tagging {
                scorer: features::Scorer::new(&self.model),
                lexicon: features::Lexicon {
                    marks: features::MarkTable::new(&self.gazetteer, &self.cues, &names),
                    clusters,
                },
                names,
            }
        })
    }

    /// The analysis pipeline the gazetteers were normalised with.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The person tagger's features of each word of a paragraph, as tagging reads them (for
    /// training).
    pub fn person_features(&self, text: &str, words: &[Tok]) -> Vec<Vec<String>> {
        let (known, cued) = self.person_spans(words);
        let marks = features::marks(text, words, &known, &cued);
        let lex = &self.tagging().lexicon;
        let mut buf = String::new();
        (0..words.len())
            .map(|i| {
                let mut out = Vec::new();
                features::each(words, &marks, lex, i, &mut buf, &mut |f| {
                    out.push(f.to_string())
                });
                out
            })
            .collect()
    }

    /// The word ranges of the persons `persons.toml` names, and of those a title cue finds.
    fn person_spans(&self, words: &[Tok]) -> (Vec<Span>, Vec<Span>) {
        let known = self
            .gazetteer
            .find_all(words)
            .iter()
            .filter(|m| matches!(m.target, Target::Person(_)))
            .map(|m| (m.start, m.start + m.len))
            .collect();
        let cued = self
            .cues
            .find(words, &self.gazetteer)
            .iter()
            .map(|c| (c.start, c.start + c.len))
            .collect();
        (known, cued)
    }

    /// The analysed words and the facets of each paragraph of an article, as `khabar index`
    /// finds them (see [`Facets::extract`] for `dateline_len`).
    pub fn of_article(
        &self,
        paragraphs: &[&str],
        dateline_len: usize,
    ) -> (Vec<Vec<Tok>>, Vec<ParagraphFacets>) {
        let words: Vec<Vec<Tok>> = paragraphs
            .iter()
            .map(|p| words(&self.pipeline, p))
            .collect();
        let found = self.extract(paragraphs, &words, dateline_len);
        (words, found)
    }

    /// The facets of each paragraph of an article. `words[i]` are the words of paragraph `i`;
    /// the words of paragraph 1 that start before byte `dateline_len` are not matched (a dateline
    /// place is not a mention).
    ///
    /// Article context decides three things. A person's short alias counts only in an article that
    /// names the person in full; so does the surname of a person found by a title cue (أولو
    /// after وزير البيئة الفرنسي نيكولا أولو), unless two such persons share it. A form shared by several countries (الكورية, عمان) counts for
    /// those of them the article also names unambiguously; when it names none or several, for
    /// those naming it in full rather than as a metonym (عمان: Oman, not Amman).
    pub fn extract(
        &self,
        paragraphs: &[&str],
        words: &[Vec<Tok>],
        dateline_len: usize,
    ) -> Vec<ParagraphFacets> {
        // A name after نادي or ملعب names a club or a stadium, one after مطار الملك an airport.
        let is_place = |w: &str| self.cues.is_place_word(w);
        let is_eponym = |w: &str| self.cues.is_eponym_title(w);
        let mut found: Vec<Found> = Vec::with_capacity(paragraphs.len());
        for (p, (text, words)) in paragraphs.iter().zip(words).enumerate() {
            let skip = if p == 0 {
                words.iter().take_while(|w| w.start < dateline_len).count()
            } else {
                0
            };
            let words = &words[skip..];
            let mut here = Found::default();
            let mut person_spans: Vec<(usize, usize)> = Vec::new();
            // Short aliases (ترامب): they count where the article names the person in full, or
            // where a cue or the tagger finds a name of exactly those words.
            let mut alias_spans: Vec<(usize, usize, usize)> = Vec::new();
            for group in self
                .gazetteer
                .find_all(words)
                .chunk_by(|a, b| a.start == b.start)
            {
                let countries: Vec<&Match> = group
                    .iter()
                    .filter(|m| matches!(m.target, Target::Country(_)))
                    .collect();
                if !countries.is_empty() {
                    here.country_groups.push(
                        countries
                            .iter()
                            .map(|m| match m.target {
                                Target::Country(i) => (i, m.kind),
                                Target::Person(_) => unreachable!(),
                            })
                            .collect(),
                    );
                }
                for m in group {
                    if let Target::Person(i) = m.target {
                        if m.kind == Kind::Alias {
                            alias_spans.push((m.start, m.start + m.len, i));
                        } else {
                            person_spans.push((m.start, m.start + m.len));
                            here.persons.insert(i);
                        }
                    }
                }
            }
            // An alias that is a compound given name (عبد الرزاق for نجيب عبد الرزاق) tells the
            // tagger nothing, and names its person only in an article naming them in full: many
            // others bear it.
            let given_name = |s: usize, e: usize| {
                let normal: Vec<&str> = words[s..e].iter().map(|w| w.normalized.as_str()).collect();
                is_compound_given_name(&normal)
            };
            let known_spans: Vec<(usize, usize)> = person_spans
                .iter()
                .copied()
                .chain(
                    alias_spans
                        .iter()
                        .map(|&(s, e, _)| (s, e))
                        .filter(|&(s, e)| !given_name(s, e)),
                )
                .collect();
            let cued_spans: Vec<(usize, usize)> = self
                .cues
                .find(words, &self.gazetteer)
                .iter()
                .map(|c| (c.start, c.start + c.len))
                .collect();
            // The tagger's names come after the cues': a cue's name wins where both overlap.
            let scores: Vec<f32> = if self.model.is_empty() {
                Vec::new()
            } else {
                let tagging = self.tagging();
                let marks = features::marks(text, words, &known_spans, &cued_spans);
                tagging
                    .scorer
                    .scores(&self.model, &tagging.lexicon, words, &marks)
            };
            let (labels, best) = self.model.decode_scored(&scores);
            let tagged = tagger::spans(&labels);
            // A cue's name counts where the tagger, which reads the cue as a feature, reads its
            // words as a name, or nearly does (see `CUE_MARGIN`): a title before a verb or a noun
            // names no one (الوزيرة الأمريكية تحمل أفكارا، الفريق برغم الخلاف), one before an
            // unusual name does (رئيس نادي الزمالك مرتضى منصور). Where the tagger reads only a part
            // of them, its own name stands (ميسي in اللاعب ميسي هدفين).
            let veto = !self.model.is_empty();
            let cued_kept: Vec<(usize, usize)> = cued_spans
                .iter()
                .copied()
                .filter(|&(s, e)| {
                    // where the best labels read those very words as a name, the cost is 0 and
                    // no second decoding is needed
                    let read =
                        || labels[s] == Label::B && labels[s + 1..e].iter().all(|&l| l == Label::I);
                    !veto
                        || read()
                        || best - self.model.score_with_name(&scores, s, e) <= CUE_MARGIN
                })
                .filter(|&(s, _)| !places::named_after(words, s, is_place, is_eponym))
                .collect();
            let tagged = tagged
                .into_iter()
                .filter(|&(s, _, _)| !places::names_a_place(words, s, is_place, is_eponym));
            let found_spans = cued_kept.iter().map(|&(s, e)| (s, e, false)).chain(tagged);
            for (mut start, mut end, clitic) in found_spans {
                // A stopword never ends a name (محمد على: the name is محمد), nor a feminine noun
                // or adjective with the article (بيلي رايت الخاطئة، شقيقة كيم الصغرى); surnames
                // with the article are often nouns (الخطيب، الحداد), seldom feminine ones.
                let names = &self.tagging().names;
                let feminine_noun = |w: &Tok| {
                    text[w.start..w.end].ends_with(['ة', 'ى'])
                        && w.normalized
                            .strip_prefix("ال")
                            .is_some_and(|bare| names.is_noun(bare))
                };
                while end > start
                    && (words[end - 1].stopword
                        || (end - start > 1 && feminine_noun(&words[end - 1])))
                {
                    end -= 1;
                }
                if end == start {
                    continue;
                }
                // A syllable after a bare hyphen ends a name of two words or more (كيم يونغ-نام،
                // سون هيونغ-مين), not a pair of names (قمة ترامب-كيم) nor a compound adjective.
                while end - start >= 2
                    && words.get(end).is_some_and(|w| {
                        w.gap == Gap::Hyphen
                            && !w.stopword
                            && w.normalized.chars().count() <= 4
                            && !w.normalized.starts_with("ال")
                    })
                {
                    end += 1;
                }
                // A word with a preposition before a given name is what the title before it
                // belongs to, no word of the name (الرئيس التنفيذي لفولكسفاغن هربرت ديس); but
                // لمحمد صلاح is محمد صلاح.
                if end - start >= 3
                    && of_something(&words[start].normalized, names)
                    && names.is_given(&words[start + 1].normalized)
                {
                    start += 1;
                }
                // A proclitic only where the word is not a name as it stands (بريان, not ب + ريان).
                // A name read as starting with و or ف that is a given name without it (ومحمد).
                let w = words[start].normalized.as_str();
                let clitic = if clitic {
                    w.starts_with(['و', 'ف', 'ب', 'ل', 'ك'])
                        && w.chars().count() > 2
                        && !names.is_name(w)
                } else {
                    w.starts_with(['و', 'ف']) && names.is_given(strip_first(w)) && !names.is_name(w)
                };
                // The gazetteer already names whoever it overlaps (رجب طيب within رجب طيب أردوغان).
                if person_spans.iter().any(|&(s, e)| s < end && start < e) {
                    continue;
                }
                if let Some(&(_, _, i)) = alias_spans
                    .iter()
                    .find(|&&(s, e, _)| (s, e) == (start, end) && !clitic && !given_name(s, e))
                {
                    person_spans.push((start, end));
                    here.persons.insert(i);
                    continue;
                }
                let span = &words[start..end];
                let mut normal: Vec<&str> = span.iter().map(|w| w.normalized.as_str()).collect();
                if clitic {
                    normal[0] = strip_first(normal[0]);
                }
                // A tagged word that is a common noun names no one (مقابلة، كيماوي).
                if let [word] = normal[..] {
                    if one_word::is_common_word(word, names) {
                        continue;
                    }
                }
                person_spans.push((start, end));
                if normal[0].chars().count() < 2 {
                    continue;
                }
                let known = if is_compound_given_name(&normal) {
                    Vec::new()
                } else {
                    self.gazetteer.persons_named(&normal.join(" "))
                };
                if known.is_empty() {
                    let mut name = display_name(text, span);
                    if clitic {
                        name = strip_first(&name).to_string();
                    }
                    let name = canonical_name(&name);
                    if let Some(surname) = self.cues.surname(&normal, &self.gazetteer) {
                        here.surnames.push((surname, name.clone()));
                    }
                    here.cued.insert(name);
                } else {
                    here.persons.extend(known);
                }
            }
            for (s, e, i) in alias_spans {
                if !person_spans.iter().any(|&(a, b)| a < e && s < b) {
                    person_spans.push((s, e));
                    here.aliases.push(i);
                }
            }
            here.skip = skip;
            here.free_words = (0..words.len())
                .filter(|k| !person_spans.iter().any(|&(s, e)| s <= *k && *k < e))
                .collect();
            found.push(here);
        }
        // The surname of a person a cue found counts in the rest of the article, like a short alias;
        // a surname two full names share stands for neither. A name of one word is the surname
        // itself: it stands for the full name that ends in it (وقال سورنسن after ديفيد سورنسن).
        let mut surnames: FxHashMap<&str, Option<&str>> = FxHashMap::default();
        let (full, alone): (Vec<_>, Vec<_>) = found
            .iter()
            .flat_map(|f| &f.surnames)
            .partition(|(_, name)| name.contains(' '));
        for (surname, name) in full {
            let entry = surnames.entry(surname).or_insert(Some(name));
            if *entry != Some(name.as_str()) {
                *entry = None;
            }
        }
        for (surname, name) in alone {
            surnames.entry(surname).or_insert(Some(name));
        }
        let surname_of = |form: &str| surnames.get(form).copied().flatten();
        let surname_persons: Vec<BTreeSet<String>> = found
            .iter()
            .zip(words)
            .map(|(f, words)| {
                let mut names = BTreeSet::new();
                if surnames.is_empty() {
                    return names;
                }
                let words = &words[f.skip..];
                for &k in &f.free_words {
                    let word = &words[k];
                    // على is no surname, even if علي is
                    if word.stopword {
                        continue;
                    }
                    let w = word.normalized.as_str();
                    // only a word with a proclitic has other forms (see `candidates`)
                    let of_word: Vec<&str> = if w.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) {
                        let forms = gazetteer::candidates(w);
                        forms.iter().filter_map(surname_of).collect()
                    } else {
                        surname_of(w).into_iter().collect()
                    };
                    // right after a place word the surname names the place, as a tagged name
                    // there would (شركة ديمورا، مؤسسة جيتس)
                    if of_word.is_empty() || places::names_a_place(words, k, is_place, is_eponym) {
                        continue;
                    }
                    names.extend(of_word.into_iter().map(str::to_string));
                }
                names
            })
            .collect();
        let named_in_full: HashSet<usize> = found
            .iter()
            .flat_map(|f| f.persons.iter().copied())
            .collect();
        let named_plainly: HashSet<usize> = found
            .iter()
            .flat_map(|f| &f.country_groups)
            .filter(|g| g.len() == 1)
            .map(|g| g[0].0)
            .collect();
        let mut out: Vec<ParagraphFacets> = found
            .into_iter()
            .zip(surname_persons)
            .map(|(f, by_surname)| {
                let mut countries = BTreeSet::new();
                for group in &f.country_groups {
                    let in_context: Vec<usize> = group
                        .iter()
                        .map(|&(i, _)| i)
                        .filter(|i| named_plainly.contains(i))
                        .collect();
                    let chosen = if in_context.is_empty() {
                        let strongest = group.iter().map(|&(_, kind)| kind).min();
                        group
                            .iter()
                            .filter(|&&(_, kind)| Some(kind) == strongest)
                            .map(|&(i, _)| i)
                            .collect()
                    } else {
                        in_context
                    };
                    for i in chosen {
                        countries.insert(self.gazetteer.countries[i].code.clone());
                    }
                }
                let mut persons = f.cued;
                persons.extend(by_surname);
                let known = f
                    .persons
                    .iter()
                    .chain(f.aliases.iter().filter(|i| named_in_full.contains(i)));
                for &i in known {
                    persons.insert(self.gazetteer.persons[i].name.clone());
                }
                ParagraphFacets {
                    countries: countries.into_iter().collect(),
                    persons: persons.into_iter().collect(),
                }
            })
            .collect();
        self.one_name_a_person(&mut out);
        out
    }

    /// One person, one name in an article: a name that is a run of the words of exactly one
    /// longer name found in the article (صلاح، محمد صلاح) becomes that name; but where a name of
    /// two words or more begins the longer one and is found in more paragraphs (توفيق الحكيم
    /// beside توفيق الحكيم فيبدو, once), the longer one is a misreading and becomes the shorter.
    fn one_name_a_person(&self, found: &mut [ParagraphFacets]) {
        let mut paragraphs: BTreeMap<&str, usize> = BTreeMap::new();
        for name in found.iter().flat_map(|f| &f.persons) {
            *paragraphs.entry(name.as_str()).or_default() += 1;
        }
        if paragraphs.len() < 2 {
            return;
        }
        let keys: Vec<(&str, Vec<String>)> =
            paragraphs.keys().map(|&n| (n, self.name_key(n))).collect();
        let mut renamed: HashMap<String, String> = HashMap::new();
        for (name, key) in &keys {
            let mut within = keys.iter().filter(|(other, k)| {
                other != name && k.len() > key.len() && k.windows(key.len()).any(|w| w == key)
            });
            if let (Some((other, other_key)), None) = (within.next(), within.next()) {
                if key.len() > 1
                    && other_key.starts_with(key)
                    && paragraphs[name] > paragraphs[other]
                {
                    renamed.insert(other.to_string(), name.to_string());
                } else {
                    renamed.insert(name.to_string(), other.to_string());
                }
            }
        }
        if renamed.is_empty() {
            return;
        }
        for f in found {
            let merged: BTreeSet<String> = f
                .persons
                .iter()
                .map(|n| renamed.get(n).unwrap_or(n).clone())
                .collect();
            f.persons = merged.into_iter().collect();
        }
    }

    /// The normal forms of a name's words, عبد and أبو joined to the word after them, a hyphen
    /// read as a space: two spellings of one name (إم جونغ-سيوك، إم جونغ سيوك) have one key.
    pub fn name_key(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let apart = |c: char| c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}');
        for w in name.split(apart).filter(|w| !w.is_empty()) {
            let n = self.pipeline.normalize(w);
            match out.last_mut() {
                Some(last) if last == "عبد" || last == "ابو" => last.push_str(&n),
                _ => out.push(n),
            }
        }
        out
    }

    /// The country a user means by `value`: an ISO code (RU), an English name or alias (Russia,
    /// Turkey), or any Arabic form in any spelling (روسيا، الروسية، روسيه، بروسيا). When none
    /// matches, the error suggests the three nearest countries, named in the script of `value`.
    pub fn resolve_country(&self, value: &str) -> Result<&Country, Unknown> {
        let trimmed = value.trim();
        let countries = &self.gazetteer.countries;
        if trimmed.len() == 2 {
            if let Some(c) = self.gazetteer.country_by_code(trimmed) {
                return Ok(c);
            }
        }
        let latin = fold_latin(trimmed);
        let english = |c: &'_ Country| -> Vec<String> {
            std::iter::once(&c.en)
                .chain(&c.en_aliases)
                .map(|n| fold_latin(n))
                .collect()
        };
        if !latin.is_empty() {
            if let Some(c) = countries.iter().find(|c| english(c).contains(&latin)) {
                return Ok(c);
            }
        }
        let normal = self.pipeline.normalize(trimmed);
        if let Some(&i) = self.gazetteer.countries_named(&normal).first() {
            return Ok(&countries[i]);
        }
        let is_latin = trimmed.chars().any(|c| c.is_ascii_alphabetic());
        let mut ranked: Vec<(f64, &Country)> = countries
            .iter()
            .map(|c| {
                let score = if is_latin {
                    english(c)
                        .iter()
                        .map(|n| strsim::jaro_winkler(&latin, n))
                        .fold(0.0, f64::max)
                } else {
                    let forms = std::iter::once(&c.ar).chain(&c.names).chain(&c.nisba);
                    forms
                        .map(|f| strsim::jaro_winkler(&normal, &self.pipeline.normalize(f)))
                        .fold(0.0, f64::max)
                };
                (score, c)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        Err(Unknown {
            what: "country",
            value: value.to_string(),
            suggestions: ranked
                .into_iter()
                .take(3)
                .map(|(_, c)| if is_latin { c.en.clone() } else { c.ar.clone() })
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

/// What only the tagger needs.
struct Tagging {
    scorer: features::Scorer,
    names: features::NameWords,
    lexicon: features::Lexicon,
}

/// What one paragraph names, before article context is applied.
#[derive(Default)]
struct Found {
    /// The countries of each country form, with how the form names them (several when shared).
    country_groups: Vec<Vec<(usize, Kind)>>,
    /// Gazetteer persons named in full.
    persons: BTreeSet<usize>,
    /// Gazetteer persons named by a short alias.
    aliases: Vec<usize>,
    /// Names found by a title cue that the gazetteer lacks, as written.
    cued: BTreeSet<String>,
    /// The surnames of those names (normalised), with the name.
    surnames: Vec<(String, String)>,
    /// Where the paragraph's words start after the dateline, and which of them lie outside every
    /// person's name (indexes from there).
    skip: usize,
    free_words: Vec<usize>,
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

/// Lower-case letters and digits without accents or punctuation: "Côte d’Ivoire" → "cotedivoire".
fn fold_latin(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a normalised word is a preposition ل ب ك (after و or ف, if any) on a word that is no
/// known name, and is no known name itself: لفولكسفاغن، وبشركة, not لمحمد nor بريان.
fn of_something(word: &str, names: &features::NameWords) -> bool {
    let rest = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    let Some(object) = rest.strip_prefix(['ل', 'ب', 'ك']) else {
        return false;
    };
    object.chars().count() > 2
        && !names.is_name(object)
        && !names.is_name(word)
        && !names.is_name(rest)
}

/// `word` without its first letter (a proclitic the tagger saw on a name's first word).
fn strip_first(word: &str) -> &str {
    let mut chars = word.chars();
    chars.next();
    chars.as_str()
}

/// A name as users see it: عبد with the article after it is two words (عبدالفتاح → عبد الفتاح).
fn canonical_name(name: &str) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| match w.strip_prefix("عبد") {
            Some(rest) if rest.starts_with("ال") && rest.chars().count() > 3 => {
                format!("عبد {rest}")
            }
            _ => w.to_string(),
        })
        .collect();
    words.join(" ")
}

/// Whether a name's normalised words are a compound given name alone (عبد الرزاق), which many
/// people bear.
fn is_compound_given_name(normal: &[&str]) -> bool {
    matches!(normal, ["عبد", _])
}

/// A name as written, one space between its words, without diacritics, tatweel, invisible
/// marks or the `#` of a hashtag.
fn display_name(text: &str, span: &[Tok]) -> String {
    let mut out = String::new();
    for w in span {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(text[w.start..w.end].chars().filter(|&c| {
            !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}') && !is_invisible(c)
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::Config;

    #[test]
    fn gap_vectors() {
        let cases = [
            (" ", Gap::Space),
            (" #", Gap::Space),
            ("-", Gap::Hyphen),
            // a slip: a space on one side of the hyphen
            ("- ", Gap::Hyphen),
            (" -", Gap::Hyphen),
            // spaced on both sides, a dash separates (a list of names)
            (" - ", Gap::Punctuation),
            (" \u{2013} ", Gap::Punctuation),
            ("، ", Gap::Comma),
            (": ", Gap::Punctuation),
        ];
        for (between, want) in cases {
            assert_eq!(Gap::of(between), want, "{between:?}");
        }
    }

    /// The persons of each paragraph after [`Facets::one_name_a_person`].
    fn one_name(paragraphs: &[&[&str]]) -> Vec<Vec<String>> {
        let config = Config::built_in();
        let facets = Facets::new(&config, config.pipeline());
        let mut found: Vec<ParagraphFacets> = paragraphs
            .iter()
            .map(|names| ParagraphFacets {
                countries: Vec::new(),
                persons: names.iter().map(|n| n.to_string()).collect(),
            })
            .collect();
        facets.one_name_a_person(&mut found);
        found.into_iter().map(|f| f.persons).collect()
    }

    /// The persons of each paragraph of an article.
    type Article<'a> = &'a [&'a [&'a str]];

    #[test]
    fn one_name_a_person_vectors() {
        let cases: &[(Article, Article)] = &[
            // a surname becomes the full name
            (&[&["محمد صلاح"], &["صلاح"]], &[&["محمد صلاح"], &["محمد صلاح"]]),
            // a name read once with a word too many takes the name found more often
            (
                &[
                    &["توفيق الحكيم"],
                    &["توفيق الحكيم فيبدو"],
                    &["توفيق الحكيم"],
                ],
                &[&["توفيق الحكيم"], &["توفيق الحكيم"], &["توفيق الحكيم"]],
            ),
            // found as often, the longer name wins (كيم جونغ read short once)
            (
                &[&["كيم جونغ"], &["كيم جونغ أون"]],
                &[&["كيم جونغ أون"], &["كيم جونغ أون"]],
            ),
            // a name within two longer ones is left as it is
            (
                &[&["محمد علي"], &["صلاح"], &["محمد صلاح"], &["صلاح الدين"]],
                &[&["محمد علي"], &["صلاح"], &["محمد صلاح"], &["صلاح الدين"]],
            ),
        ];
        for (given, want) in cases {
            let want: Vec<Vec<String>> = want
                .iter()
                .map(|names| names.iter().map(|n| n.to_string()).collect())
                .collect();
            assert_eq!(one_name(given), want, "{given:?}");
        }
    }
}
