//! A name read right after a word that names a place, club or team by the words after it (نادي
//! ميلان، ملعب محمد الخامس، مدينة سيدي بوزيد), or starting with one (سان جيرمان), is the place's
//! name, not a person's. The words are the `places` of `title-cues.toml`.

use super::Tok;

/// Whether the name starting at word `start` names a place: its first word, or the word before
/// it with nothing but a space or a hyphen between them, is a place word (`is_place` reads a
/// normal form).
pub fn names_a_place(words: &[Tok], start: usize, is_place: impl Fn(&str) -> bool) -> bool {
    let place = |k: usize| is_place(words[k].normalized.as_str());
    place(start) || (start > 0 && words[start].gap.joins() && place(start - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facets::words;

    #[test]
    fn vectors() {
        let pipeline = Config::built_in().pipeline();
        let is_place = |w: &str| ["نادي", "لنادي", "سان", "مدينه"].contains(&w);
        let cases: &[(&str, usize, bool)] = &[
            // a club: نادي before the name
            ("رئيس نادي ميلان برلسكوني", 2, true),
            // with a proclitic on the place word
            ("انتقل لنادي ميلان", 2, true),
            // a name starting with سان
            ("فاز سان جيرمان", 1, true),
            // a town
            ("في مدينة سيدي بوزيد", 2, true),
            // a comma between: an apposition, a person may follow
            ("رئيس النادي، محمد صلاح", 2, false),
            // a plain name
            ("قال محمد صلاح", 1, false),
            // the first word of a paragraph
            ("محمد صلاح", 0, false),
        ];
        for (text, start, want) in cases {
            let ws = words(&pipeline, text);
            assert_eq!(names_a_place(&ws, *start, is_place), *want, "{text}");
        }
    }
}
