//! `Pipeline`: the order of the Arabic analysis steps, declared once, read top to bottom.
//!
//! For each word of the tokenizer:
//! 1. early normalisation (lossless for search): presentation forms (NFKC), then the folds
//!    `diacritics`, `tatweel`, `invisible`, `alef`, `digits`, then lower-casing;
//! 2. stopwords, matched on that early form (على is a stopword, علي is a name);
//! 3. late normalisation (lossy): `alef_maksura`, `teh_marbuta`, `hamza_seats`, `persian`;
//! 4. words longer than `max_chars` characters are dropped (counted in characters, not bytes);
//! 5. the light stemmer, which reads an article only on a bare alef, as step 1 wrote it
//!    (`seated_alef.rs`: ألعاب keeps its first letters);
//! 6. a bare preposition ب ل ك read off the word when `nouns.txt` knows the rest (`proclitic.rs`).
//!
//! The normal form after step 3 is what facet extraction and `khabar analyze` call
//! "normalized"; the output of step 5 is the indexed term. When stemming changed a word, its
//! normal form is indexed beside the stem as an unstemmed term (`unstemmed.rs`); the output of
//! step 6, when there is one, is indexed beside it as an alternative term.

use std::sync::OnceLock;

use super::fold::{CharFold, FoldChain};
use super::presentation_forms::PresentationForms;
use super::proclitic::Proclitics;
use super::seated_alef::SeatedAlef;
use super::settings::AnalyzerSettings;
use super::stem::LightStemmer;
use super::stopwords::StopWords;
use super::{
    alef::Alef, alef_maksura::AlefMaksura, diacritics::Diacritics, digits::Digits,
    hamza_seats::HamzaSeats, invisible::Invisible, persian::Persian, tatweel::Tatweel,
    teh_marbuta::TehMarbuta,
};

/// What became of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Indexed under the term written to the `term` buffer.
    Term,
    /// A stopword: normalised but not indexed.
    Stopword,
    /// Nothing left after normalisation, or longer than the limit.
    Dropped,
}

/// The configured Arabic analysis, shared by indexing, querying, highlighting and facets.
pub struct Pipeline {
    presentation_forms: bool,
    early: FoldChain,
    lowercase: bool,
    stopwords: StopWords,
    late: FoldChain,
    max_chars: usize,
    stemmer: Option<LightStemmer>,
    unstemmed: Option<f32>,
    proclitics: Option<Nouns>,
}

/// The noun list of step 6, read into stems the first time a word may carry a preposition (a
/// query or a command that meets none never pays for the 11,000 analyses).
struct Nouns {
    /// The noun list, to be analysed (empty when the stems were given).
    list: String,
    stems: OnceLock<Proclitics>,
}

/// Scratch buffers reused from word to word.
#[derive(Default, Clone)]
pub struct Buffers {
    /// Normal form after step 3.
    pub normalized: String,
    /// Indexed term after step 5.
    pub term: String,
    /// Alternative term after step 6 (empty when there is none).
    pub alternative: String,
    /// The seated alefs among the first letters, as step 1 read them.
    seated: SeatedAlef,
    scratch: String,
}

impl Pipeline {
    /// Builds the pipeline from the settings, the stopword list and the stem exceptions (raw text).
    pub fn new(settings: &AnalyzerSettings, stopword_list: &str, exception_list: &str) -> Pipeline {
        let n = &settings.normalize;
        let pick = |on: bool, fold: Box<dyn CharFold>| on.then_some(fold);
        let early = FoldChain::new(
            [
                pick(n.diacritics, Box::new(Diacritics)),
                pick(n.tatweel, Box::new(Tatweel)),
                pick(n.invisible, Box::new(Invisible)),
                pick(n.alef, Box::new(Alef)),
                pick(n.digits, Box::new(Digits)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        let late = FoldChain::new(
            [
                pick(n.alef_maksura, Box::new(AlefMaksura)),
                pick(n.teh_marbuta, Box::new(TehMarbuta)),
                pick(n.hamza_seats, Box::new(HamzaSeats)),
                pick(n.persian, Box::new(Persian)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        );
        let mut pipeline = Pipeline {
            presentation_forms: n.presentation_forms,
            early,
            lowercase: n.lowercase,
            stopwords: StopWords::default(),
            late,
            max_chars: settings.max_chars,
            stemmer: None,
            unstemmed: None,
            proclitics: None,
        };
        if settings.stopwords {
            pipeline.stopwords = StopWords::parse(stopword_list, |w| pipeline.early_form(w));
        }
        if settings.stem {
            let exceptions = list_entries(exception_list)
                .map(|w| pipeline.normalize(w))
                .collect::<Vec<_>>();
            pipeline.stemmer = Some(LightStemmer::new(exceptions));
            pipeline.unstemmed = settings.unstemmed.then_some(settings.unstemmed_boost);
        }
        pipeline
    }

    /// The pipeline with step 6 reading bare prepositions off words, by the nouns of
    /// `noun_list` (raw text of `nouns.txt`); unchanged when stemming or the `proclitics`
    /// setting is off or the list is empty.
    pub fn with_nouns(mut self, settings: &AnalyzerSettings, noun_list: &str) -> Pipeline {
        if self.stemmer.is_none()
            || !settings.proclitics
            || list_entries(noun_list).next().is_none()
        {
            return self;
        }
        self.proclitics = Some(Nouns {
            list: noun_list.to_string(),
            stems: OnceLock::new(),
        });
        self
    }

    /// Step 6 reading bare prepositions off words by the stems of its noun list as
    /// [`Pipeline::noun_stems`] wrote them under the same settings, so the list is neither read
    /// nor analysed. False, leaving the pipeline as it was, when `stored` is not in that form;
    /// nothing changes when stemming or the `proclitics` setting is off or there are no stems.
    pub fn use_noun_stems(&mut self, settings: &AnalyzerSettings, stored: Vec<u8>) -> bool {
        if self.stemmer.is_none() || !settings.proclitics {
            return true;
        }
        let Some(stems) = Proclitics::from_stored(stored) else {
            return false;
        };
        if stems.len() > 0 {
            self.proclitics = Some(Nouns {
                list: String::new(),
                stems: OnceLock::from(stems),
            });
        }
        true
    }

    /// The stem exceptions as [`Pipeline::stem_exceptions`] wrote them under the same settings
    /// (so the list is not normalised again), instead of its own. False, leaving the pipeline as
    /// it was, when `stored` is not in that form; nothing changes without stemming.
    pub fn use_stem_exceptions(&mut self, stored: Vec<u8>) -> bool {
        if self.stemmer.is_none() {
            return true;
        }
        match LightStemmer::from_stored_exceptions(stored) {
            Some(stemmer) => {
                self.stemmer = Some(stemmer);
                true
            }
            None => false,
        }
    }

    /// The stopwords as [`Pipeline::stopwords`] wrote them under the same settings (so the list
    /// is not normalised again), instead of its own. False, leaving the pipeline as it was, when
    /// `stored` is not in that form.
    pub fn use_stopwords(&mut self, stored: Vec<u8>) -> bool {
        match StopWords::from_stored(stored) {
            Some(stopwords) => {
                self.stopwords = stopwords;
                true
            }
            None => false,
        }
    }

    /// The stopwords, in early normal form, as an index stores them (none when stopwords are
    /// off).
    pub fn stopwords(&self) -> Vec<u8> {
        self.stopwords.stored()
    }

    /// The stem exceptions, normalised, as an index stores them; `None` without stemming.
    pub fn stem_exceptions(&self) -> Option<Vec<u8>> {
        Some(self.stemmer.as_ref()?.stored_exceptions())
    }

    /// The stems of the noun list of step 6 as an index stores them (read now if they were not
    /// yet); `None` without step 6.
    pub fn noun_stems(&self) -> Option<Vec<u8>> {
        let nouns = self.proclitics.as_ref()?;
        Some(self.noun_stems_of(nouns).stored())
    }

    /// The stems of the noun list, read on first use.
    fn noun_stems_of<'a>(&self, nouns: &'a Nouns) -> &'a Proclitics {
        nouns.stems.get_or_init(|| {
            let mut buf = Buffers::default();
            let mut stems = Vec::new();
            for noun in list_entries(&nouns.list) {
                if self.process_with(noun, &mut buf, false) == Outcome::Term {
                    stems.push(buf.term.clone());
                }
            }
            Proclitics::new(stems)
        })
    }

    /// Steps 1–3, 5 and 6 on one word: fills `buf.normalized` and, for [`Outcome::Term`],
    /// `buf.term` and `buf.alternative`.
    pub fn process(&self, surface: &str, buf: &mut Buffers) -> Outcome {
        self.process_with(surface, buf, true)
    }

    /// Whether [`Pipeline::process`] indexes the word `surface` under a term `wanted` accepts
    /// (its term or its alternative term). The noun list of step 6 is read only when its answer
    /// decides: when the rest after a preposition stems to a wanted term.
    pub fn matches(&self, surface: &str, buf: &mut Buffers, wanted: impl Fn(&str) -> bool) -> bool {
        if self.process_with(surface, buf, false) != Outcome::Term {
            return false;
        }
        if wanted(&buf.term) {
            return true;
        }
        // Without step 6, the alternative is the bare spelling's stem, if any.
        let bare = !buf.alternative.is_empty() && wanted(&buf.alternative);
        let (Some(_), Some(stemmer)) = (&self.proclitics, &self.stemmer) else {
            return bare;
        };
        if !Proclitics::may_carry(&buf.normalized) {
            return bare;
        }
        let (any, wanted_one) = {
            let mut candidates =
                Proclitics::candidates(&buf.normalized, &buf.term, buf.seated, stemmer).peekable();
            let any = candidates.peek().is_some();
            (any, any && candidates.any(&wanted))
        };
        if !any {
            return bare;
        }
        if !bare && !wanted_one {
            return false;
        }
        self.process_with(surface, buf, true) == Outcome::Term
            && (wanted(&buf.term) || (!buf.alternative.is_empty() && wanted(&buf.alternative)))
    }

    /// [`Pipeline::process`], with step 6's prepositions or without (reading the noun list).
    fn process_with(&self, surface: &str, buf: &mut Buffers, proclitics: bool) -> Outcome {
        let stop = self.normalize_into(surface, buf);
        if buf.normalized.is_empty() {
            return Outcome::Dropped;
        }
        if stop {
            return Outcome::Stopword;
        }
        if buf.normalized.len() > self.max_chars && buf.normalized.chars().count() > self.max_chars
        {
            return Outcome::Dropped;
        }
        buf.term.clear();
        buf.alternative.clear();
        match &self.stemmer {
            Some(stemmer) => {
                let stem = stemmer.stem_seated(&buf.normalized, buf.seated);
                buf.term.push_str(stem);
                match &self.proclitics {
                    Some(nouns) if proclitics && Proclitics::may_carry(&buf.normalized) => {
                        let found = self.noun_stems_of(nouns).alternative(
                            &buf.normalized,
                            stem,
                            buf.seated,
                            stemmer,
                        );
                        if let Some(alt) = found {
                            buf.alternative.push_str(alt);
                        }
                    }
                    _ => {}
                }
                if buf.alternative.is_empty() && buf.seated != SeatedAlef::NONE {
                    // A seated alef kept an article from being read (ألعاب → العاب): the stem of
                    // the bare spelling (العاب → عاب) still meets a writer who drops the hamza.
                    let bare = stemmer.stem(&buf.normalized);
                    if bare != stem {
                        buf.alternative.push_str(bare);
                    }
                }
            }
            None => buf.term.push_str(&buf.normalized),
        }
        Outcome::Term
    }

    /// After [`Pipeline::process`] gave [`Outcome::Term`]: whether `buf.normalized` is also
    /// indexed, as an unstemmed term (stemming changed the word and the setting is on).
    pub fn keeps_unstemmed(&self, buf: &Buffers) -> bool {
        self.unstemmed.is_some() && buf.term != buf.normalized
    }

    /// The query weight of unstemmed terms (`None` when they are not indexed).
    pub fn unstemmed_boost(&self) -> Option<f32> {
        self.unstemmed
    }

    /// Steps 1–3: writes the normal form into `buf.normalized`; returns whether it is a stopword.
    pub fn normalize_into(&self, surface: &str, buf: &mut Buffers) -> bool {
        self.early_into(surface, buf);
        let stop = self.stopwords.contains(&buf.normalized);
        if self.late.fold_changed(&buf.normalized, &mut buf.scratch) {
            std::mem::swap(&mut buf.normalized, &mut buf.scratch);
        }
        stop
    }

    /// Step 1 into `buf.normalized` (and the seated alefs into `buf.seated`).
    fn early_into(&self, surface: &str, buf: &mut Buffers) {
        let mut text = surface;
        if self.presentation_forms && PresentationForms::changes(text) {
            PresentationForms::apply(text, &mut buf.scratch);
            text = &buf.scratch;
        }
        buf.seated = SeatedAlef::of(text, |c| self.early.fold_char(c).is_none());
        self.early.fold_into(text, &mut buf.normalized);
        if self.lowercase && has_uppercase(&buf.normalized) {
            buf.normalized = buf.normalized.to_lowercase();
        }
    }

    /// The early normal form of a word (step 1), as stopwords are matched.
    pub fn early_form(&self, word: &str) -> String {
        let mut buf = Buffers::default();
        self.early_into(word, &mut buf);
        buf.normalized
    }

    /// The full normal form of a word or phrase (steps 1–3, word by word, joined by a space).
    pub fn normalize(&self, text: &str) -> String {
        let mut buf = Buffers::default();
        let mut out = String::new();
        for range in super::tokenizer::words(text) {
            self.normalize_into(&text[range], &mut buf);
            if !buf.normalized.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&buf.normalized);
            }
        }
        out
    }

    /// The stem of a normalised word (the word itself when stemming is off).
    pub fn stem<'a>(&self, normalized: &'a str) -> &'a str {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(normalized),
            None => normalized,
        }
    }

    /// The enabled steps, in order, as `khabar analyze` lists them.
    pub fn steps(&self) -> Vec<String> {
        let mut steps = Vec::new();
        if self.presentation_forms {
            steps.push("presentation_forms".to_string());
        }
        steps.extend(self.early.names().into_iter().map(String::from));
        if self.lowercase {
            steps.push("lowercase".to_string());
        }
        if self.stopwords.len() > 0 {
            steps.push(format!("stopwords ({})", self.stopwords.len()));
        }
        steps.extend(self.late.names().into_iter().map(String::from));
        steps.push(format!("max_chars ({})", self.max_chars));
        if self.stemmer.is_some() {
            steps.push("stem".to_string());
        }
        if self.unstemmed.is_some() {
            steps.push("unstemmed".to_string());
        }
        if let Some(nouns) = &self.proclitics {
            let count = self.noun_stems_of(nouns).len();
            steps.push(format!("proclitics ({count} nouns)"));
        }
        steps
    }
}

/// Whether `text` has an upper-case letter (Arabic letters have no case: skipped cheaply).
fn has_uppercase(text: &str) -> bool {
    // Lower-case ASCII, marks and the Arabic block (lead bytes D8–DB) have no upper case.
    if text
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && (b < 0xC0 || (0xD8..=0xDB).contains(&b)))
    {
        return false;
    }
    text.chars().any(|c| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_uppercase()
        }
    })
}

/// The entries of a one-word-per-line list (`#` comments, blank lines skipped).
pub fn list_entries(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|entry| !entry.is_empty())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::analysis::analyze;

    /// The pipeline with the shipped settings and lists.
    fn shipped() -> Pipeline {
        Pipeline::new(
            &AnalyzerSettings::default(),
            include_str!("../../index-config/stopwords.txt"),
            include_str!("../../index-config/stem-exceptions.txt"),
        )
    }

    fn terms(p: &Pipeline, text: &str) -> Vec<Option<String>> {
        analyze(p, text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn spellings_that_must_meet() {
        let p = shipped();
        let cases = [
            // harakat, shadda, alef seat, alef maksura, teh marbuta
            ("وَزِيرُ الخارجيّة الأمريكى", "وزير الخارجيه الامريكي"),
            // hamza below and teh marbuta, with and without the article
            ("الإستراتيجية", "استراتيجيه"),
            // alef wasla
            ("ٱلْقُدْس", "القدس"),
            // tatweel
            ("عـــربي", "عربي"),
            // hamza seats
            ("مسؤول رئيس", "مسوول رييس"),
            // Persian keheh, yeh and heh goal, ae
            ("کتاب ایران ہمہ", "كتاب ايران همه"),
            // presentation forms
            ("ﺍﻟﻜﺘﺎﺏ", "الكتاب"),
            // ZWNJ and ZWJ inside a word, bidi marks and BOM around it
            (
                "\u{FEFF}كتاب\u{200C}ها \u{200F}روسيا\u{200E}",
                "كتابها روسيا",
            ),
            // Arabic-Indic and Persian digits
            ("٢٠٢٤ ۱۴۰۳", "2024 1403"),
            // Latin lower-cased
            ("CNN G20", "cnn g20"),
            // dagger alef and Quranic marks
            ("رَحْمٰنِ\u{06DA}", "رحمن"),
        ];
        for (a, b) in cases {
            assert_eq!(terms(&p, a), terms(&p, b), "{a} / {b}");
        }
    }

    #[test]
    fn stopwords_are_matched_on_the_early_form() {
        let p = shipped();
        let cases: &[(&str, &[Option<&str>])] = &[
            // vowelled and stretched particles are stopwords
            ("فِي عـلى", &[None, None]),
            // على is a particle, علي (Ali) a name
            ("على علي", &[None, Some("علي")]),
            // و on a stopword
            ("وعلى وعلي", &[None, Some("علي")]),
            // interrogatives
            ("متى بدأت الحرب", &[None, Some("بدات"), Some("حرب")]),
            // a stopword with a hamza seat written or not
            ("إلى الى", &[None, None]),
        ];
        for (text, expected) in cases {
            let got = terms(&p, text);
            let expected: Vec<Option<String>> =
                expected.iter().map(|t| t.map(String::from)).collect();
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn length_limit_counts_characters_after_folding() {
        let p = shipped();
        // 40 bytes, 20 characters with harakat: kept (Tantivy's RemoveLongFilter(40) drops it)
        let vowelled = "وَالْمُسْتَشْفَيَاتُ";
        assert_eq!(vowelled.len(), 40);
        assert_eq!(terms(&p, vowelled), vec![Some("مستشف".to_string())]);
        // 41 letters: dropped
        let long = "ب".repeat(41);
        let mut buf = Buffers::default();
        assert_eq!(p.process(&long, &mut buf), Outcome::Dropped);
        // 40 letters: kept
        assert_eq!(p.process(&long[2..], &mut buf), Outcome::Term);
    }

    #[test]
    fn normalizing_twice_changes_nothing() {
        let p = shipped();
        for text in [
            "وَزِيرُ الخارجيّة الأمريكى",
            "ﻷ ﷲ ﺍﻟﻜﺘﺎﺏ",
            "کتاب\u{200C}ها ٢٠٢٤ ۱۴۰۳ CNN",
            "ٱلرَّحْمٰنِ\u{06DA} مسؤول رئيس",
        ] {
            let once = p.normalize(text);
            assert_eq!(p.normalize(&once), once, "{text}");
        }
    }

    #[test]
    fn steps_follow_the_switches() {
        let mut settings = AnalyzerSettings::default();
        settings.normalize.teh_marbuta = false;
        settings.stem = false;
        let p = Pipeline::new(&settings, "في", "");
        assert_eq!(p.normalize("الخارجية"), "الخارجية");
        assert!(!p
            .steps()
            .iter()
            .any(|s| s == "teh_marbuta" || s == "stem" || s == "unstemmed"));
        let steps = shipped().steps();
        assert_eq!(steps[steps.len() - 2..], ["stem", "unstemmed"]);
    }

    #[test]
    fn matching_agrees_with_processing() {
        let settings = AnalyzerSettings::default();
        let nouns = include_str!("../../index-config/nouns.txt");
        let p = shipped().with_nouns(&settings, nouns);
        // Nouns with and without a preposition, a seated alef after one, and plain words.
        let mut words: Vec<String> = Vec::new();
        for noun in list_entries(nouns).take(400) {
            let bare = noun.strip_prefix("ال").unwrap_or(noun);
            for prefix in ["", "ل", "ب", "ك", "وب", "فل", "و", "بأ", "لإ"] {
                words.push(format!("{prefix}{bare}"));
            }
            words.push(noun.to_string());
        }
        words.extend(["بألعاب", "لبنان", "بلد", "بداخله", "كتاب"].map(String::from));
        let mut buf = Buffers::default();
        let mut wanted: HashSet<String> = HashSet::new();
        for (i, w) in words.iter().enumerate() {
            if p.process(w, &mut buf) != Outcome::Term {
                continue;
            }
            if i % 2 == 0 {
                wanted.insert(buf.term.clone());
                wanted.insert(buf.alternative.clone());
            }
            if i % 3 == 0 {
                let stemmer = p.stemmer.as_ref().unwrap();
                wanted.extend(
                    Proclitics::candidates(&buf.normalized, &buf.term, buf.seated, stemmer)
                        .map(String::from),
                );
            }
        }
        wanted.remove("");
        let mut found = 0;
        for w in &words {
            let processed = p.process(w, &mut buf) == Outcome::Term
                && (wanted.contains(&buf.term)
                    || (!buf.alternative.is_empty() && wanted.contains(&buf.alternative)));
            assert_eq!(
                p.matches(w, &mut buf, |t| wanted.contains(t)),
                processed,
                "{w}"
            );
            found += usize::from(processed);
        }
        assert!(found > words.len() / 2 && found < words.len(), "{found}");
    }
}
