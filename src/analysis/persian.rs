//! `Persian`: folds Persian and Urdu look-alike letters to their Arabic twins (switch `persian`).
//!
//! ک U+06A9 → ك, ی U+06CC → ي, ے U+06D2 → ي, ہ U+06C1 → ه, ە U+06D5 → ه, ۀ U+06C0 → ه.
//! Text typed on Persian keyboards uses them for Arabic words.

use super::fold::CharFold;

/// Folds Persian/Urdu letters to Arabic letters.
pub struct Persian;

impl CharFold for Persian {
    fn name(&self) -> &'static str {
        "persian"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{06A9}' => Some('\u{0643}'),
            '\u{06CC}' | '\u{06D2}' => Some('\u{064A}'),
            '\u{06C1}' | '\u{06D5}' | '\u{06C0}' => Some('\u{0647}'),
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
            &Persian,
            &[
                ("keheh", "کتاب", "كتاب"),
                ("farsi yeh", "ایران", "ايران"),
                ("yeh barree", "ے", "ي"),
                ("heh goal, ae, heh with yeh", "ہەۀ", "ههه"),
                ("arabic untouched", "كتاب ي ه", "كتاب ي ه"),
            ],
        );
    }
}
