//! `LightStemmer`: removes the article, the conjunction و and common suffixes, light10 style.
//!
//! Works on the fully normalised form (ة → ه, ى → ي already folded). Rules, in order:
//! 1. a word in the exceptions list is left as it is (checked again after every step), and
//!    every form of the name of God (الله, والله, لله …) is الله (`allah.rs`);
//! 2. one article prefix, longest first: وال فال بال كال لل ال, if at least 2 letters remain
//!    and its alef was written bare (ا, ٱ): ألعاب keeps its first letters (`seated_alef.rs`);
//! 3. otherwise a conjunction و, if at least 3 letters remain and the word does not reach an
//!    exception with its و kept (وزيرها → وزير), and then one article prefix
//!    (وبالصين → صين, وللتعاون → تعاون);
//! 4. one pass over the suffixes ها ان ات ون ين يه ية هم ه ة ي, each removed once if at least
//!    3 letters remain (4 for هم), stopping at an exception;
//!    - after a pronoun suffix (ها هم ه) or a dual/plural one (ان ين) a feminine ت is removed
//!      too when 3 letters remain: حكومتها → حكوم and الدولتين → دول, as الحكومة → حكوم;
//!    - after the nisba ending يه/ية the final ي is not removed again, so that a stem ending in
//!      ي (often a folded hamza seat: جنائية → جناييه) keeps it: الجنائية, جنائي and الجنائيين
//!      all give جناي.
//!
//! Compared with light10 (Lucene's ArabicStemmer) the guards are longer (مكان stays مكان)
//! and the exceptions list keeps radical letters (وزير, فلسطين, لبنان, قانون).

use super::allah;
use super::seated_alef::SeatedAlef;
use super::word_set::WordSet;

const ARTICLES: [&str; 6] = ["وال", "فال", "بال", "كال", "لل", "ال"];

/// A suffix and what its removal needs and implies.
struct Suffix {
    text: &'static str,
    /// Letters that must remain.
    min_left: usize,
    /// A feminine ت (ة before a suffix) goes with it: pronouns ها هم ه and dual/plural ان ين.
    feminine_t: bool,
    /// The nisba ending يه/ية: the ي left by it is not removed again.
    nisba: bool,
}

const fn suffix(text: &'static str, min_left: usize, feminine_t: bool, nisba: bool) -> Suffix {
    Suffix {
        text,
        min_left,
        feminine_t,
        nisba,
    }
}

/// In the order they are tried, once each.
const SUFFIXES: [Suffix; 11] = [
    suffix("ها", 3, true, false),
    suffix("ان", 3, true, false),
    suffix("ات", 3, false, false),
    suffix("ون", 3, false, false),
    suffix("ين", 3, true, false),
    suffix("يه", 3, false, true),
    suffix("ية", 3, false, true),
    suffix("هم", 4, true, false),
    suffix("ه", 3, true, false),
    suffix("ة", 3, false, false),
    suffix("ي", 3, false, false),
];
/// The last entry of `SUFFIXES`: the ي a nisba ending leaves is not removed.
const YEH: usize = SUFFIXES.len() - 1;

/// The light stemmer with its exceptions.
#[derive(Default)]
pub struct LightStemmer {
    exceptions: WordSet,
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

/// Whether `s` has at least `n` letters (without counting them all).
#[inline]
fn has_letters(s: &str, n: usize) -> bool {
    n == 0 || s.chars().nth(n - 1).is_some()
}

/// Whether every character of `s` is two bytes long in UTF-8 (U+0080–U+07FF), as the letters
/// of a normalised Arabic word are.
#[inline]
fn all_two_byte(s: &str) -> bool {
    s.len() % 2 == 0 && s.bytes().all(|b| (0x80..0xE0).contains(&b))
}

/// Whether some suffix ends with the last byte of `s`: if none does, none can be removed.
#[inline]
fn may_have_suffix(s: &str) -> bool {
    s.as_bytes().last().is_some_and(|last| {
        SUFFIXES
            .iter()
            .any(|x| x.text.as_bytes().last() == Some(last))
    })
}

/// `s` without `prefix`, comparing bytes in a loop (these are 2–6 bytes: a loop beats `memcmp`).
#[inline]
fn without_prefix<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let (b, p) = (s.as_bytes(), prefix.as_bytes());
    (b.len() >= p.len() && b.iter().zip(p).all(|(x, y)| x == y)).then(|| &s[p.len()..])
}

/// `s` without `suffix`, comparing bytes in a loop.
#[inline]
fn without_suffix<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let (b, x) = (s.as_bytes(), suffix.as_bytes());
    (b.len() >= x.len() && b[b.len() - x.len()..].iter().zip(x).all(|(p, q)| p == q))
        .then(|| &s[..b.len() - x.len()])
}

fn is_arabic_word(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| ('\u{0620}'..='\u{064A}').contains(&c))
}

impl LightStemmer {
    /// A stemmer that leaves every word of `exceptions` (already normalised) as it is.
    pub fn new(exceptions: impl IntoIterator<Item = String>) -> LightStemmer {
        LightStemmer {
            exceptions: WordSet::new(exceptions),
        }
    }

    /// A stemmer whose exceptions (normalised) are `bytes`, as
    /// [`LightStemmer::stored_exceptions`] wrote them; `None` when they are not in that form.
    pub fn from_stored_exceptions(bytes: Vec<u8>) -> Option<LightStemmer> {
        Some(LightStemmer {
            exceptions: WordSet::from_stored(bytes)?,
        })
    }

    /// The exceptions, normalised, as an index stores them ([`WordSet::stored`]).
    pub fn stored_exceptions(&self) -> Vec<u8> {
        self.exceptions.stored()
    }

    fn protected(&self, s: &str) -> bool {
        self.exceptions.contains(s)
    }

    /// `word` without an article, unless the article's alef was a seated one.
    fn strip_article<'a>(&self, word: &'a str, seated: SeatedAlef) -> Option<&'a str> {
        ARTICLES.iter().find_map(|p| {
            // The alef of وال فال بال كال is the second letter, that of ال the first.
            let alef = if p.len() == 6 { 1 } else { 0 };
            if p.ends_with("ال") && seated.at(alef) {
                return None;
            }
            let rest = without_prefix(word, p)?;
            has_letters(rest, 2).then_some(rest)
        })
    }

    /// The stem of a normalised word.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        self.stem_seated(word, SeatedAlef::NONE)
    }

    /// The stem of a normalised word whose first letters were written with the seated alefs
    /// `seated` (see `seated_alef.rs`): an article is read only on a bare alef.
    pub fn stem_seated<'a>(&self, word: &'a str, seated: SeatedAlef) -> &'a str {
        if !is_arabic_word(word) || self.protected(word) {
            return word;
        }
        if allah::is_name_of_god(word) {
            return allah::TERM;
        }
        if let Some(rest) = self.strip_article(word, seated) {
            return self.strip_suffixes(rest);
        }
        if let Some(rest) = word.strip_prefix('و').filter(|rest| has_letters(rest, 3)) {
            // A radical و: the word reaches an exception with its و (وزيرها → وزير).
            let kept = self.strip_suffixes(word);
            if self.protected(kept) {
                return kept;
            }
            let rest = self.strip_article(rest, seated.after(1)).unwrap_or(rest);
            return self.strip_suffixes(rest);
        }
        // `word` is known not to be an exception: no second look-up.
        self.strip_known_suffixes(word)
    }

    fn strip_suffixes<'a>(&self, word: &'a str) -> &'a str {
        if self.protected(word) {
            return word;
        }
        self.strip_known_suffixes(word)
    }

    /// [`LightStemmer::strip_suffixes`] of a word that is not itself an exception.
    fn strip_known_suffixes<'a>(&self, word: &'a str) -> &'a str {
        if !may_have_suffix(word) {
            return word;
        }
        let mut s = word;
        let mut nisba = false;
        // Every letter of a normalised Arabic word is two bytes in UTF-8, and so is every suffix
        // letter: counts follow from byte lengths once the word is known to be all Arabic.
        let two_byte = all_two_byte(s);
        let last_byte = |s: &str| s.as_bytes().last().copied();
        let mut last = last_byte(s);
        for (i, suffix) in SUFFIXES.iter().enumerate() {
            if i == YEH && nisba {
                continue;
            }
            // The last byte tells most suffixes apart (every suffix letter is two bytes).
            if last != suffix.text.as_bytes().last().copied() {
                continue;
            }
            let Some(rest) = without_suffix(s, suffix.text) else {
                continue;
            };
            let rest_letters = if two_byte {
                rest.len() / 2
            } else {
                letters(rest)
            };
            if rest_letters < suffix.min_left {
                continue;
            }
            s = rest;
            nisba |= suffix.nisba;
            if suffix.feminine_t && rest_letters > 3 && !self.protected(s) {
                if let Some(stem) = without_suffix(s, "ت") {
                    s = stem;
                }
            }
            last = last_byte(s);
            if self.protected(s) {
                break;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmer() -> LightStemmer {
        LightStemmer::new(["وزير", "فلسطين", "لبنان", "الله", "تعاون"].map(String::from))
    }

    #[test]
    fn an_article_needs_a_bare_alef() {
        let s = LightStemmer::new([]);
        let none = SeatedAlef::NONE;
        let first = SeatedAlef::of("ألعاب", |_| false);
        let second = SeatedAlef::of("وألعاب", |_| false);
        let cases = [
            // ألعاب: أل is not the article; الألعاب loses its own article only
            ("العاب", first, "العاب"),
            ("الالعاب", none, "العاب"),
            // a proclitic before the seated alef
            ("والعاب", second, "العاب"),
            ("بالعاب", second, "بالعاب"),
            // written with a bare alef, ال is read as the article, as before
            ("العاب", none, "عاب"),
            // hamza below: إلغاء keeps its first letters
            ("الغاء", first, "الغاء"),
        ];
        for (word, seated, expected) in cases {
            assert_eq!(s.stem_seated(word, seated), expected, "{word}");
        }
    }

    #[test]
    fn vectors() {
        let s = stemmer();
        let cases = [
            // article prefixes
            ("الحكومه", "حكوم"),
            ("والحكومه", "حكوم"),
            ("بالصين", "صين"),
            ("للتعاون", "تعاون"),
            ("كالعاده", "عاد"),
            ("فالامر", "امر"),
            // conjunction و, then an article
            ("وقال", "قال"),
            ("وبالصين", "صين"),
            ("وللتعاون", "تعاون"),
            // a short word keeps its و
            ("وضع", "وضع"),
            // suffixes
            ("سيارات", "سيار"),
            ("سياره", "سيار"),
            ("مهندسين", "مهندس"),
            ("مهندسون", "مهندس"),
            ("الصيني", "صين"),
            ("الصينيه", "صين"),
            ("الصينيين", "صين"),
            ("الفلسطينيين", "فلسطين"),
            // feminine ت before a pronoun suffix
            ("حكومتها", "حكوم"),
            ("زيارته", "زيار"),
            ("حكومتهم", "حكوم"),
            // feminine dual: ت goes with ان/ين
            ("الدولتين", "دول"),
            ("الدولتان", "دول"),
            ("مدرستين", "مدرس"),
            // ...but only when 3 letters are left: بوتين loses ين alone (the shipped
            // exceptions list keeps the name whole)
            ("بوتين", "بوت"),
            // nisba: one ي goes, a stem ي stays
            ("الجناييه", "جناي"),
            ("جنايي", "جناي"),
            ("الجناييين", "جناي"),
            ("نهاييات", "نهاي"),
            ("العربيه", "عرب"),
            ("عربي", "عرب"),
            // guards keep short words whole
            ("مكان", "مكان"),
            // without an exception a radical ending goes
            ("قانون", "قان"),
            ("علي", "علي"),
            ("بيتها", "بيت"),
            ("بيروت", "بيروت"),
            // exceptions
            ("وزير", "وزير"),
            ("وزيرها", "وزير"),
            ("الوزير", "وزير"),
            ("ووزير", "وزير"),
            ("فلسطين", "فلسطين"),
            ("لبنان", "لبنان"),
            ("اللبناني", "لبنان"),
            ("الله", "الله"),
            // the name of God with its proclitics (الله is not listed in these exceptions)
            ("والله", "الله"),
            ("بالله", "الله"),
            ("لله", "الله"),
            // Latin and digits untouched
            ("2024", "2024"),
            ("cnn", "cnn"),
        ];
        for (word, expected) in cases {
            assert_eq!(s.stem(word), expected, "{word}");
        }
    }
}
