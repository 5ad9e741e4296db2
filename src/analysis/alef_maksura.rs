//! `AlefMaksura`: folds alef maksura ى to yeh ي (switch `alef_maksura`).
//!
//! Lossy: it makes the preposition على and the name علي one string. Stopwords are therefore
//! matched before this fold (see `mod.rs`), so على is removed and علي (Ali) is kept.

use super::fold::CharFold;

/// Folds ى U+0649 to ي U+064A.
pub struct AlefMaksura;

impl CharFold for AlefMaksura {
    fn name(&self) -> &'static str {
        "alef_maksura"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{0649}' => Some('\u{064A}'),
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
            &AlefMaksura,
            &[
                ("final", "الأمريكى", "الأمريكي"),
                ("mustashfa", "مستشفى", "مستشفي"),
                ("yeh untouched", "علي", "علي"),
            ],
        );
    }
}
