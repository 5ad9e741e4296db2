//! `Invisible`: deletes zero-width joiners, bidi controls and the BOM (switch `invisible`).
//!
//! Deleted: ZWNJ U+200C, ZWJ U+200D, LRM U+200E, RLM U+200F, ALM U+061C, the embeddings and
//! overrides U+202A–U+202E, the isolates U+2066–U+2069 and BOM/ZWNBSP U+FEFF. The tokenizer
//! keeps them inside a word, so `كتاب‌ها` is one word, `كتابها`.

use super::fold::CharFold;

/// Deletes invisible formatting characters.
pub struct Invisible;

impl CharFold for Invisible {
    fn name(&self) -> &'static str {
        "invisible"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{200C}'..='\u{200F}'
            | '\u{061C}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => None,
            _ => Some(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold::test_util::check;

    #[test]
    fn vectors() {
        check(
            &Invisible,
            &[
                ("zwnj", "كتاب\u{200C}ها", "كتابها"),
                ("zwj", "كتاب\u{200D}ها", "كتابها"),
                ("lrm rlm", "\u{200E}روسيا\u{200F}", "روسيا"),
                ("arabic letter mark", "\u{061C}روسيا", "روسيا"),
                (
                    "embeddings and overrides",
                    "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}مصر",
                    "مصر",
                ),
                ("isolates", "\u{2066}\u{2067}\u{2068}\u{2069}مصر", "مصر"),
                ("bom", "\u{FEFF}مصر", "مصر"),
            ],
        );
    }
}
