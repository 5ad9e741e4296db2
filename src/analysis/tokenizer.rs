//! `ArabicTokenizer`: splits text into words of Arabic, Latin and digits, with byte offsets into the original text.
//!
//! Rules:
//! - a word is a run of letters, digits, combining marks (harakat, Quranic marks) and tatweel;
//! - ZWNJ, ZWJ, bidi controls and BOM inside a word do not split it (they are dropped later by
//!   the `invisible` fold); at a word's edge they are not part of it;
//! - everything else splits: spaces, punctuation (، ؛ ؟ « »), hyphens, underscores;
//! - an Arabic letter next to a digit or a Latin letter splits (`الـ75` → `الـ`, `75`), while
//!   Latin letters and digits stay together (`g20`).
//!
//! A token's `text` is the surface form, exactly `&text[offset_from..offset_to]`; the filters
//! of the pipeline turn it into the indexed term.

use std::ops::Range;
use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The tokenizer registered at the head of the `arabic` analyser.
#[derive(Clone, Default)]
pub struct ArabicTokenizer {
    token: Token,
}

/// The token stream of [`ArabicTokenizer`].
pub struct ArabicTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    token: &'a mut Token,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream<'a> {
        self.token.reset();
        ArabicTokenStream {
            text,
            words: words(text),
            token: &mut self.token,
        }
    }
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(range) = self.words.next() else {
            return false;
        };
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        self.token.text.clear();
        self.token.text.push_str(&self.text[range]);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The byte ranges of the words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator over word byte ranges; see [`words`].
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Arabic-script letter.
    Arabic,
    /// Digit or non-Arabic letter.
    Other,
    /// Combining mark or tatweel: takes the class of the letter it follows.
    Neutral,
}

/// [`class`] of each character of the Arabic block U+0600–U+06FF, worked out once.
static ARABIC_BLOCK: LazyLock<[Option<Class>; 256]> =
    LazyLock::new(|| std::array::from_fn(|i| char::from_u32(0x0600 + i as u32).and_then(class_of)));

/// The class of `c`, with `block` the classes of the Arabic block ([`ARABIC_BLOCK`]).
#[inline]
fn class(c: char, block: &[Option<Class>; 256]) -> Option<Class> {
    // Fast paths for the common cases: ASCII, and the Arabic block.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Class::Other);
    }
    let offset = (c as u32).wrapping_sub(0x0600) as usize;
    if offset < 256 {
        return block[offset];
    }
    class_of(c)
}

/// The class of a character, worked out.
fn class_of(c: char) -> Option<Class> {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Class::Other);
    }
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        return Some(Class::Arabic);
    }
    if is_mark(c) || c == '\u{0640}' {
        Some(Class::Neutral)
    } else if c.is_alphanumeric() {
        if is_arabic_letter(c) {
            Some(Class::Arabic)
        } else {
            Some(Class::Other)
        }
    } else {
        None
    }
}

/// Combining marks that belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}')
}

/// Arabic-script letters (digits excluded), including the presentation forms.
fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{065F}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFC}')
}

/// Invisible characters that never split a word: ZWNJ, ZWJ, bidi controls, BOM.
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c,
        '\u{200C}'..='\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let block: &[Option<Class>; 256] = &ARABIC_BLOCK;
        let base = self.pos;
        let mut chars = self.text[base..].char_indices();
        // Find the first character of the next word.
        let (start, mut word_class) = loop {
            let (i, c) = chars.next()?;
            if let Some(cl) = class(c, block) {
                break (base + i, cl);
            }
        };
        let mut end = self.text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        for (i, c) in chars {
            match class(c, block) {
                Some(Class::Neutral) => end = base + i + c.len_utf8(),
                Some(cl) => {
                    if word_class != Class::Neutral && cl != word_class {
                        break;
                    }
                    word_class = cl;
                    end = base + i + c.len_utf8();
                }
                // Part of the word only if a word character follows; `end` moves then.
                None if is_joiner(c) => {}
                None => break,
            }
        }
        self.pos = end;
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        words(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn vectors() {
        let cases: &[(&str, &[&str])] = &[
            // plain words and Arabic punctuation
            (
                "وزير الخارجية، الصيني؛ لماذا؟",
                &["وزير", "الخارجية", "الصيني", "لماذا"],
            ),
            // guillemets
            ("«الحزام والطريق»", &["الحزام", "والطريق"]),
            // diacritics stay inside the word
            ("وَزِيرُ الخَارِجِيَّةِ", &["وَزِيرُ", "الخَارِجِيَّةِ"]),
            // tatweel stays inside the word
            ("عـــربي", &["عـــربي"]),
            // ZWNJ and RLM inside a word do not split it
            (
                "كتاب\u{200C}ها كتاب\u{200F}ها",
                &["كتاب\u{200C}ها", "كتاب\u{200F}ها"],
            ),
            // a trailing bidi mark is not part of the word
            ("روسيا\u{200F} ", &["روسيا"]),
            // hyphen splits
            (
                "العلاقات الصينية-الروسية",
                &["العلاقات", "الصينية", "الروسية"],
            ),
            // hashtag with underscore
            ("#ريم_بنا", &["ريم", "بنا"]),
            // digits split from Arabic letters, Latin stays with digits
            ("الذكرى الـ75 G20", &["الذكرى", "الـ", "75", "G20"]),
            // Arabic-Indic digits are a word of their own
            ("٢٠٢٤م", &["٢٠٢٤", "م"]),
            // Latin words
            ("(CNN)--دبي", &["CNN", "دبي"]),
            // presentation forms are letters
            ("ﻻ ﺍﻟﻜﺘﺎﺏ", &["ﻻ", "ﺍﻟﻜﺘﺎﺏ"]),
            // ZWJ inside a word does not split it either
            ("كتاب\u{200D}ها", &["كتاب\u{200D}ها"]),
            // a BOM or bidi isolate at the start is not part of the word
            ("\u{FEFF}\u{2067}مصر\u{2069}", &["مصر"]),
            // ZWNJ at a word's edges stays outside it
            ("\u{200C}مصر\u{200C} ليبيا", &["مصر", "ليبيا"]),
            // Persian digits are a word of their own
            ("۱۴۰۳ه", &["۱۴۰۳", "ه"]),
            // dagger alef and Quranic marks stay inside the word
            ("الرَّحْمٰنِ\u{06DA} ٱلْعَٰلَمِينَ", &["الرَّحْمٰنِ\u{06DA}", "ٱلْعَٰلَمِينَ"]),
            // Arabic comma, semicolon, question mark and guillemets split
            ("نعم،لا؛ربما؟«حسنا»", &["نعم", "لا", "ربما", "حسنا"]),
        ];
        for (input, expected) in cases {
            assert_eq!(&split(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn tantivy_stream_positions_and_offsets() {
        let mut tokenizer = ArabicTokenizer::default();
        let text = "أستانا 20 مايو";
        let mut stream = tokenizer.token_stream(text);
        let mut seen = vec![];
        while stream.advance() {
            let t = stream.token();
            seen.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
        }
        assert_eq!(
            seen,
            vec![
                (0, "أستانا".to_string(), 0, 12),
                (1, "20".to_string(), 13, 15),
                (2, "مايو".to_string(), 16, 24),
            ]
        );
    }
}
