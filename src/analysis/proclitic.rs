//! `Proclitics`: a bare preposition ب ل ك, read off a word when a list of nouns says the rest is a word.
//!
//! The stemmer removes ب ل ك only with the article (بالقطار, للقطار), because on an indefinite
//! word the letter is as often the word's own (بلد, لبنان, كتاب, بطاقة). So لقطار and قطار, or
//! بداخله and داخله, gave two terms. Here the stem of the rest is offered as an *alternative*
//! term, indexed beside the word's own stem at the same position and asked for beside it in a
//! query, when:
//! 1. the word's own stem is not the stem of a noun of `nouns.txt` (بلد, لبنان, بطاقة are nouns:
//!    nothing is read off them);
//! 2. after one of وب ول وك فب فل فك ب ل ك, at least 3 letters remain;
//! 3. the stem of the rest (stemmed as a word of its own) is the stem of a noun of `nouns.txt`:
//!    لقطار → قطار, بداخله → داخل, لأدلة → ادل.
//!
//! `nouns.txt` lists the words the corpus writes with the article (القطار, الداخل), derived by
//! `docs/tools/derive-nouns.py`; its entries go through the whole pipeline, so they are matched
//! as stems. A word the list does not know keeps only its own stem, as before.

use super::seated_alef::SeatedAlef;
use super::stem::LightStemmer;
use super::word_set::WordSet;

/// A bare preposition, with the conjunction that may precede it; longest first.
const PREFIXES: [&str; 9] = ["وب", "ول", "وك", "فب", "فل", "فك", "ب", "ل", "ك"];

/// Letters that must remain after the preposition.
const MIN_LEFT: usize = 3;

/// The stems of the nouns of `nouns.txt`.
#[derive(Default)]
pub struct Proclitics {
    nouns: WordSet,
}

impl Proclitics {
    /// From the stems of the nouns (as the pipeline indexes them).
    pub fn new(noun_stems: impl IntoIterator<Item = String>) -> Proclitics {
        Proclitics {
            nouns: WordSet::new(noun_stems),
        }
    }

    /// From the stems of the nouns as [`Proclitics::stored`] wrote them; `None` when `bytes` are
    /// not in that form.
    pub fn from_stored(bytes: Vec<u8>) -> Option<Proclitics> {
        Some(Proclitics {
            nouns: WordSet::from_stored(bytes)?,
        })
    }

    /// The noun stems as an index stores them ([`WordSet::stored`]).
    pub fn stored(&self) -> Vec<u8> {
        self.nouns.stored()
    }

    /// Whether `word` begins with a letter a bare preposition (or و, ف before one) is written
    /// with: the words worth a look-up.
    #[inline]
    pub fn may_carry(word: &str) -> bool {
        matches!(word.chars().next(), Some('و' | 'ف' | 'ب' | 'ل' | 'ك'))
    }

    /// Number of distinct noun stems.
    pub fn len(&self) -> usize {
        self.nouns.len()
    }

    /// The alternative term of the normal form `word`, whose own stem is `stem` and whose first
    /// letters had the seated alefs `seated`: the stem of the word without a bare preposition.
    pub fn alternative<'a>(
        &self,
        word: &'a str,
        stem: &str,
        seated: SeatedAlef,
        stemmer: &LightStemmer,
    ) -> Option<&'a str> {
        if self.nouns.is_empty() || !Proclitics::may_carry(word) || self.nouns.contains(stem) {
            return None;
        }
        Proclitics::candidates(word, stem, seated, stemmer).find(|s| self.nouns.contains(s))
    }

    /// What the alternative term of `word` may be before the noun list is asked, in the order
    /// it is asked: the stem of the rest after each preposition that leaves enough letters, when
    /// it differs from `stem`. The alternative is the first of them the list holds.
    pub fn candidates<'s, 'w: 's>(
        word: &'w str,
        stem: &'s str,
        seated: SeatedAlef,
        stemmer: &'s LightStemmer,
    ) -> impl Iterator<Item = &'w str> + 's {
        PREFIXES.iter().filter_map(move |prefix| {
            let rest = word.strip_prefix(prefix)?;
            if rest.chars().count() < MIN_LEFT {
                return None;
            }
            let prefix_letters = prefix.chars().count();
            let rest_stem = stemmer.stem_seated(rest, seated.after(prefix_letters));
            (rest_stem != stem).then_some(rest_stem)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        let stemmer = LightStemmer::new(["لبنان"].map(String::from));
        let nouns = [
            "قطار",
            "داخل",
            "ادل",
            "بلد",
            "لبنان",
            "بطاق",
            "طاق",
            "العاب",
        ];
        let proclitics = Proclitics::new(nouns.map(String::from));
        let cases = [
            // a bare ب ل ك before a noun
            ("لقطار", Some("قطار")),
            ("بقطار", Some("قطار")),
            ("كقطار", Some("قطار")),
            // with a conjunction before it
            ("وبقطار", Some("قطار")),
            ("فلقطار", Some("قطار")),
            // the rest is stemmed as a word of its own
            ("بداخله", Some("داخل")),
            ("لادله", Some("ادل")),
            // the word is a noun itself: its letters stay
            ("بلد", None),
            ("لبنان", None),
            ("بطاقه", None),
            // the rest is not a noun
            ("بحثت", None),
            // too short a rest
            ("بكل", None),
            // a word without a preposition
            ("قطار", None),
        ];
        for (word, expected) in cases {
            let stem = stemmer.stem(word);
            let got = proclitics.alternative(word, stem, SeatedAlef::NONE, &stemmer);
            assert_eq!(got, expected, "{word}");
        }
        // a seated alef after the preposition: بألعاب → العاب, not عاب
        let seated = SeatedAlef::of("بألعاب", |_| false);
        let stem = stemmer.stem_seated("بالعاب", seated);
        assert_eq!(
            proclitics.alternative("بالعاب", stem, seated, &stemmer),
            Some("العاب")
        );
    }
}
