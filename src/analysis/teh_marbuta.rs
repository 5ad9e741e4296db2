//! `TehMarbuta`: folds taa marbuta ة to heh ه (switch `teh_marbuta`).
//!
//! Lossy but usual in search (Lucene does it): writers use both, especially without dots.

use super::fold::CharFold;

/// Folds ة U+0629 to ه U+0647.
pub struct TehMarbuta;

impl CharFold for TehMarbuta {
    fn name(&self) -> &'static str {
        "teh_marbuta"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{0629}' => Some('\u{0647}'),
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
            &TehMarbuta,
            &[
                ("final", "الخارجية", "الخارجيه"),
                ("heh untouched", "الخارجيه", "الخارجيه"),
            ],
        );
    }
}
