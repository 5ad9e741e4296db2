//! `Diacritics`: deletes harakat and other Arabic marks (switch `diacritics`).
//!
//! Deleted: U+064B–U+065F (fathatan … wavy hamza below, incl. shadda and sukun),
//! U+0670 (superscript "dagger" alef), U+0610–U+061A (honorific signs) and the Quranic
//! annotation marks U+06D6–U+06ED.

use super::fold::CharFold;

/// Deletes harakat, the superscript alef and Quranic marks.
pub struct Diacritics;

impl CharFold for Diacritics {
    fn name(&self) -> &'static str {
        "diacritics"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{0610}'..='\u{061A}'
            | '\u{06D6}'..='\u{06ED}' => None,
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
            &Diacritics,
            &[
                ("harakat", "وَزِيرُ", "وزير"),
                ("tanwin and shadda", "مُحَمَّدٌ", "محمد"),
                ("sukun and kasratan", "مَدْرَسَةٍ", "مدرسة"),
                ("superscript alef", "هٰذا", "هذا"),
                ("hamza above/below marks", "\u{0654}\u{0655}ا", "ا"),
                ("quranic marks", "الرَّحِيمِ\u{06DB}\u{06E9}", "الرحيم"),
                ("first and last quranic marks", "\u{06D6}قل\u{06ED}", "قل"),
                ("madda above", "ا\u{0653}", "ا"),
                (
                    "subscript alef to wavy hamza below",
                    "ب\u{0656}\u{0657}\u{0658}\u{0659}\u{065A}\u{065B}\u{065C}\u{065D}\u{065E}\u{065F}",
                    "ب",
                ),
                ("honorific sign", "محمد\u{0610}", "محمد"),
                ("letters untouched", "أإآ ة ى ـ", "أإآ ة ى ـ"),
            ],
        );
    }
}
