//! `Alef`: folds the hamza and madda seats of alef and alef wasla to bare alef (switch `alef`).
//!
//! أ U+0623, إ U+0625, آ U+0622, ٱ U+0671 and the rare ٲ U+0672, ٳ U+0673, ٵ U+0675 → ا U+0627.
//! Lossless for search: writers drop these hamzas freely (إستراتيجية / استراتيجية).

use super::fold::CharFold;

/// Folds alef variants to bare alef.
pub struct Alef;

impl CharFold for Alef {
    fn name(&self) -> &'static str {
        "alef"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}'
            | '\u{0675}' => Some('\u{0627}'),
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
            &Alef,
            &[
                ("hamza above", "أحمد", "احمد"),
                ("hamza below", "إستراتيجية", "استراتيجية"),
                ("madda", "آسيا", "اسيا"),
                ("wasla", "ٱلله", "الله"),
                ("wavy hamza above and below, high hamza alef", "ٲٳٵ", "ااا"),
                ("bare alef and hamza on the line untouched", "ا ء", "ا ء"),
                ("seats on waw and yeh untouched", "ؤئ", "ؤئ"),
            ],
        );
    }
}
