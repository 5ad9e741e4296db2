//! A RE-IMPLEMENTATION of Lucene's `ArabicAnalyzer` as a Tantivy analyser, for the recall check only.
//!
//! Not Lucene's code: written from the description in `shared/ARABIC-ANALYSERS.md` §4.1 (and the
//! conditions of Lucene's `ArabicStemmer.startsWithCheckLength`/`endsWithCheckLength`). Lucene's
//! chain is `StandardTokenizer → LowerCaseFilter → DecimalDigitFilter → StopFilter (119 words,
//! BEFORE normalisation) → ArabicNormalizationFilter → ArabicStemFilter`; here:
//! - tokenizer: UAX#29 word boundaries (`unicode-segmentation`, the rules StandardTokenizer
//!   implements), keeping the segments that hold a letter or digit; marks, ZWNJ/ZWJ and bidi marks
//!   inside a word stay in the token, as in Lucene;
//! - lower-casing per code point; Unicode decimal digits (Nd) → ASCII;
//! - the 119 stopwords of Lucene's list (J. Savoy, BSD), matched on the raw lower-cased token;
//! - `ArabicNormalizer`: آ أ إ → ا, ى → ي, ة → ه, tatweel and U+064B–U+0652 deleted;
//! - `ArabicStemmer` (light10): the first matching prefix of ال وال بال كال فال لل و (و needs
//!   4 letters, the others prefix + 2), then one pass over ها ان ات ون ين يه ية ه ة ي, each
//!   removed when it matches and suffix + 2 letters are left.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

/// Lucene's Arabic stopword list (119 entries), as listed in ARABIC-ANALYSERS.md §4.1.
const STOPWORDS: &str = "من ومن منها منه في وفي فيها فيه و ف ثم او أو ب بها به ا أ اى اي أي أى لا ولا \
الا ألا إلا لكن ما وما كما فما عن مع اذا إذا ان أن إن انها أنها إنها انه أنه إنه بان بأن فان فأن وان \
وأن وإن التى التي الذى الذي الذين الى الي إلى إلي على عليها عليه اما أما إما ايضا أيضا كل وكل لم ولم \
لن ولن هى هي هو وهى وهي وهو فهى فهي فهو انت أنت لك لها له هذه هذا تلك ذلك هناك كانت كان يكون تكون \
وكانت وكان غير بعض قد نحو بين بينما منذ ضمن حيث الان الآن خلال بعد قبل حتى عند عندما لدى جميع";

const PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
const SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// First code point of each block of ten Unicode decimal digits (Nd) in the BMP.
const DIGIT_ZEROS: [u32; 36] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

/// The number of words in the stop list (checked by `lucene_list_has_119_words`).
pub fn stopword_count() -> usize {
    STOPWORDS.split_whitespace().count()
}

fn is_stopword(word: &str) -> bool {
    STOPWORDS.split_whitespace().any(|w| w == word)
}

fn decimal_digit(c: char) -> char {
    let cp = c as u32;
    if cp > 0x7F {
        for zero in DIGIT_ZEROS {
            if (zero..zero + 10).contains(&cp) {
                return char::from(b'0' + (cp - zero) as u8);
            }
        }
    }
    c
}

/// Lucene's `ArabicNormalizer`.
pub fn normalize(word: &str) -> String {
    word.chars()
        .filter_map(|c| match c {
            '\u{0622}' | '\u{0623}' | '\u{0625}' => Some('\u{0627}'),
            '\u{0649}' => Some('\u{064A}'),
            '\u{0629}' => Some('\u{0647}'),
            '\u{0640}' | '\u{064B}'..='\u{0652}' => None,
            _ => Some(c),
        })
        .collect()
}

/// Lucene's `ArabicStemmer` (light10) on a normalised word; lengths in UTF-16 units.
pub fn stem(word: &str) -> String {
    let mut s: Vec<u16> = word.encode_utf16().collect();
    for prefix in PREFIXES {
        let p: Vec<u16> = prefix.encode_utf16().collect();
        let long_enough = if p.len() == 1 {
            s.len() >= 4
        } else {
            s.len() >= p.len() + 2
        };
        if long_enough && s.starts_with(&p) {
            s.drain(..p.len());
            break;
        }
    }
    for suffix in SUFFIXES {
        let x: Vec<u16> = suffix.encode_utf16().collect();
        if s.len() >= x.len() + 2 && s.ends_with(&x) {
            s.truncate(s.len() - x.len());
        }
    }
    String::from_utf16_lossy(&s)
}

/// The whole analysis of one token; `None` for a stopword.
fn analyse(surface: &str) -> Option<String> {
    let lowered: String = surface
        .chars()
        .flat_map(char::to_lowercase)
        .map(decimal_digit)
        .collect();
    if is_stopword(&lowered) {
        return None;
    }
    let normalized = normalize(&lowered);
    Some(stem(&normalized))
}

/// The re-implemented `ArabicAnalyzer` as a Tantivy analyser.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(LuceneArabicTokenizer)
}

#[derive(Clone)]
struct LuceneArabicTokenizer;

struct LuceneArabicStream {
    tokens: std::vec::IntoIter<Token>,
    token: Token,
}

impl Tokenizer for LuceneArabicTokenizer {
    type TokenStream<'a> = LuceneArabicStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LuceneArabicStream {
        let mut tokens = Vec::new();
        let mut position = 0;
        for (start, segment) in text.split_word_bound_indices() {
            if !segment.chars().any(char::is_alphanumeric) {
                continue;
            }
            if let Some(term) = analyse(segment) {
                tokens.push(Token {
                    offset_from: start,
                    offset_to: start + segment.len(),
                    position,
                    text: term,
                    position_length: 1,
                });
            }
            // Lucene's StopFilter keeps position increments: a stopword still counts.
            position += 1;
        }
        LuceneArabicStream {
            tokens: tokens.into_iter(),
            token: Token::default(),
        }
    }
}

impl TokenStream for LuceneArabicStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.token = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Self-checks of the re-implementation against the examples of ARABIC-ANALYSERS.md (§4.1, §5).
pub fn self_check() {
    assert_eq!(stopword_count(), 119, "Lucene's list has 119 entries");
    let stems = [
        ("الحكومة", "حكوم"),
        ("والحكومة", "حكوم"),
        ("حكومتها", "حكومت"),
        ("وزير", "زير"),
        ("الرئيس", "رئيس"),
        ("سيارات", "سيار"),
        ("مسؤولون", "مسؤول"),
        ("والمستشفيات", "مستشف"),
        ("فلسطين", "فلسط"),
        ("الفلسطينيين", "فلسطين"),
        ("أمريكا", "امريكا"),
        ("الأمريكية", "امريك"),
        ("بيروت", "بيروت"),
        ("غزة", "غز"),
        ("ساهدهات", "ساهد"),
    ];
    for (word, expected) in stems {
        assert_eq!(
            stem(&normalize(word)),
            expected,
            "Lucene re-implementation: {word}"
        );
    }
    // Stopwords before normalisation: a vowelled فِي survives, an unvowelled one goes.
    assert_eq!(analyse("في"), None);
    assert_eq!(analyse("فِي").as_deref(), Some("في"));
    assert_eq!(analyse("٢٠٢٤").as_deref(), Some("2024"));
}
