//! `HamzaSeats`: folds hamza on waw and on yeh to the bare seat (switch `hamza_seats`).
//!
//! ؤ U+0624 → و, ئ U+0626 → ي. Writers often drop these hamzas (مسؤول / مسئول / مسوول,
//! رئيس / رييس). Hamza on the line ء is kept.

use super::fold::CharFold;

/// Folds ؤ to و and ئ to ي.
pub struct HamzaSeats;

impl CharFold for HamzaSeats {
    fn name(&self) -> &'static str {
        "hamza_seats"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{0624}' => Some('\u{0648}'),
            '\u{0626}' => Some('\u{064A}'),
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
            &HamzaSeats,
            &[
                ("hamza on waw", "مسؤول", "مسوول"),
                ("hamza on yeh", "رئيس", "رييس"),
                ("hamza on the line untouched", "سماء", "سماء"),
            ],
        );
    }
}
