//! The name of God: الله with the clitics written onto it (والله, بالله, لله …) is one term, الله.
//!
//! The light stemmer would read the first two letters of الله as the article and index له, a
//! stopword's form, which then meets nothing but other forms of الله cut the same way. The forms,
//! on the normal form (alef seats folded):
//! - الله itself;
//! - with one proclitic و ف ب ك ت: والله, فالله, بالله, كالله, تالله;
//! - with ل, which swallows the alef: لله, and with و or ف before it: ولله, فلله.
//!
//! Compound names (عبد الله, حزب الله, رام الله) are two words and keep الله as their second term.

/// The term every form of the name is indexed under.
pub const TERM: &str = "الله";

/// Whether the normal form `word` is الله with at most its proclitics.
pub fn is_name_of_god(word: &str) -> bool {
    matches!(
        word,
        "الله"
            | "والله"
            | "فالله"
            | "بالله"
            | "كالله"
            | "تالله"
            | "لله"
            | "ولله"
            | "فلله"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        let cases = [
            // the name and its proclitics
            ("الله", true),
            ("والله", true),
            ("بالله", true),
            ("فالله", true),
            ("تالله", true),
            // ل swallows the alef
            ("لله", true),
            ("ولله", true),
            // the pronoun له and other words are not the name
            ("له", false),
            ("اللهم", false),
            ("الاله", false),
            ("ولاه", false),
        ];
        for (word, expected) in cases {
            assert_eq!(is_name_of_god(word), expected, "{word}");
        }
    }
}
