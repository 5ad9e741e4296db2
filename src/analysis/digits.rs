//! `Digits`: folds Arabic-Indic and Persian digits to ASCII (switch `digits`).
//!
//! ٠–٩ U+0660–U+0669 and ۰–۹ U+06F0–U+06F9 → 0–9.

use super::fold::CharFold;

/// Folds Eastern Arabic digits to ASCII digits.
pub struct Digits;

impl CharFold for Digits {
    fn name(&self) -> &'static str {
        "digits"
    }

    fn fold(&self, c: char) -> Option<char> {
        match c {
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32),
            '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32),
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
            &Digits,
            &[
                ("arabic-indic", "٠١٢٣٤٥٦٧٨٩", "0123456789"),
                ("persian", "۰۱۲۳۴۵۶۷۸۹", "0123456789"),
                ("ascii untouched", "2024", "2024"),
            ],
        );
    }
}
