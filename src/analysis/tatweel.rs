//! `Tatweel`: deletes the kashida U+0640 used to stretch words (switch `tatweel`).

use super::fold::CharFold;

/// Deletes tatweel (kashida).
pub struct Tatweel;

impl CharFold for Tatweel {
    fn name(&self) -> &'static str {
        "tatweel"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{0640}' => None,
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
            &Tatweel,
            &[
                ("stretched word", "عـــربي", "عربي"),
                ("article with tatweel", "الـ", "ال"),
                ("no tatweel", "عربي", "عربي"),
            ],
        );
    }
}
