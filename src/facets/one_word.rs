//! A name of one word that the tagger reads is kept only if the word can be a name: a common noun
//! of `nouns.txt` that `person-words.txt` does not list as a given or family name is a noun or an
//! adjective (مقابلة "interview", كيماوي "chemical", نقاد "critics"), not a person. The statistical
//! tagger reads such words as names where its training data named someone so (NewsFANE's player
//! مقابلة), and one such word then counts as a surname across the article.

use super::features::NameWords;

/// Whether the one word of a tagged name (normal form, proclitic read off) is a common word and
/// so names no one.
pub fn is_common_word(word: &str, names: &NameWords) -> bool {
    names.is_noun(word) && !names.is_name(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn vectors() {
        let config = Config::built_in();
        let pipeline = config.pipeline();
        let nouns = config
            .texts()
            .find(|&(name, _)| name == "nouns.txt")
            .map(|(_, text)| text.to_string())
            .unwrap();
        let names = config
            .person_words
            .clone()
            .with_nouns(&nouns, |w| pipeline.normalize(w));
        let cases: &[(&str, bool)] = &[
            // nouns and adjectives of nouns.txt
            ("مقابلة", true),
            ("كيماوي", true),
            ("نقاد", true),
            // given and family names, some of them nouns too
            ("حسين", false),
            ("صالح", false),
            ("ميسي", false),
            // neither: a name the lists lack
            ("غواردويلا", false),
        ];
        for (word, want) in cases {
            let w = pipeline.normalize(word);
            assert_eq!(is_common_word(&w, &names), *want, "{word}");
        }
    }
}
