//! `PresentationForms`: NFKC on Arabic presentation forms (switch `presentation_forms`).
//!
//! Characters in Presentation Forms-A U+FB50–U+FDFF and Forms-B U+FE70–U+FEFF are replaced
//! by their compatibility decomposition, recomposed: ﻻ → لا, ﻷ → لأ, ﺍﻟﻜﺘﺎﺏ → الكتاب,
//! ﷲ → الله. Other characters are left as they are (NFKC is not applied to the whole text).
//! Two kinds expand to a space: the isolated harakat (U+FE70–U+FE7F, U+FC5E–U+FC63: ﹰ → " ً")
//! keep only their mark, and the honorific ligatures that are whole phrases (ﷺ, ﷻ, ﷽) are left
//! as written, so that one word never becomes several.

use unicode_normalization::UnicodeNormalization;

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Replaces Arabic presentation forms by their NFKC equivalents.
pub struct PresentationForms;

impl PresentationForms {
    /// Whether `c` is an Arabic presentation form.
    pub fn applies_to(c: char) -> bool {
        matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
    }

    /// Whether `text` holds any presentation form.
    pub fn changes(text: &str) -> bool {
        // Every presentation form is encoded in UTF-8 with the lead byte 0xEF.
        text.as_bytes().contains(&0xEF) && text.chars().any(Self::applies_to)
    }

    /// Writes `text` with its presentation forms replaced into `out` (cleared first).
    pub fn apply(text: &str, out: &mut String) {
        out.clear();
        for c in text.chars() {
            if Self::applies_to(c) {
                let start = out.len();
                out.extend(std::iter::once(c).nfkc());
                if out[start..].contains(' ') {
                    let letters = out[start..]
                        .chars()
                        .any(|c| c.is_alphabetic() && !is_mark(c));
                    out.truncate(start);
                    if letters {
                        out.push(c);
                    } else {
                        out.extend(std::iter::once(c).nfkc().filter(|&c| c != ' '));
                    }
                }
            } else {
                out.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        let cases = [
            // lam-alef ligature
            ("ﻻ", "لا"),
            // lam-alef with hamza above keeps the hamza
            ("ﻷ", "لأ"),
            // contextual forms of a whole word
            ("ﺍﻟﻜﺘﺎﺏ", "الكتاب"),
            // the Allah ligature (Forms-A)
            ("ﷲ", "الله"),
            // Forms-A letters: keheh and farsi yeh, final and isolated (folded later by `persian`)
            ("\u{FB8F}\u{FBFC}", "کی"),
            // Forms-B hamza and teh marbuta
            ("\u{FE80}\u{FE94}", "ءة"),
            // an isolated haraka keeps its mark, not the space NFKC puts before it
            ("\u{FE70}\u{FC5E}", "\u{064B}\u{064C}\u{0651}"),
            // phrase ligatures stay whole (NFKC makes them four words)
            ("ﷺ", "ﷺ"),
            ("\u{FDFD}", "\u{FDFD}"),
            // ordinary letters untouched, including the BOM which is not a presentation form
            ("الكتاب", "الكتاب"),
        ];
        let mut out = String::new();
        for (input, expected) in cases {
            PresentationForms::apply(input, &mut out);
            assert_eq!(out, expected, "{input:?}");
        }
        assert!(PresentationForms::changes("ﻻ"));
        assert!(!PresentationForms::changes("لا"));
    }
}
