//! A name read right after a word that names a place, club or team by the words after it (نادي
//! ميلان، ملعب محمد الخامس، مدينة سيدي بوزيد), or after one and a title of royalty (مطار الملك
//! عبدالعزيز، كأس الملك سلمان), or starting with one (سان جيرمان، سيدي بوزيد), is the place's
//! name, not a person's. The words are the `places` and `eponym_titles` of `title-cues.toml`. A
//! title cue's name is dropped only after a place and a title: a cue may name a person whose
//! name starts with a place word (اللاعب السنغالي سيدي بيه).

use super::Tok;

/// Whether the name starting at word `start` names a place: its first word, or the word before
/// it with nothing but a space or a hyphen between them, is a place word (`is_place` reads a
/// normal form), or it is [`named_after`] a titled person.
pub fn names_a_place(
    words: &[Tok],
    start: usize,
    is_place: impl Fn(&str) -> bool,
    is_eponym_title: impl Fn(&str) -> bool,
) -> bool {
    let place = |k: usize| is_place(words[k].normalized.as_str());
    place(start)
        || (start > 0 && words[start].gap.joins() && place(start - 1))
        || named_after(words, start, is_place, is_eponym_title)
}

/// Whether the name starting at word `start` follows a title places are named after (الملك،
/// الأمير) right after a place word: مطار الملك عبدالعزيز، كأس الملك سلمان.
pub fn named_after(
    words: &[Tok],
    start: usize,
    is_place: impl Fn(&str) -> bool,
    is_eponym_title: impl Fn(&str) -> bool,
) -> bool {
    start > 1
        && words[start].gap.joins()
        && words[start - 1].gap.joins()
        && is_eponym_title(words[start - 1].normalized.as_str())
        && is_place(words[start - 2].normalized.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facets::words;

    #[test]
    fn vectors() {
        let pipeline = Config::built_in().pipeline();
        let is_place = |w: &str| ["نادي", "لنادي", "سان", "مدينه", "مطار", "كاس"].contains(&w);
        let is_title = |w: &str| ["الملك", "الامير"].contains(&w);
        let cases: &[(&str, usize, bool)] = &[
            // a club: نادي before the name
            ("رئيس نادي ميلان برلسكوني", 2, true),
            // with a proclitic on the place word
            ("انتقل لنادي ميلان", 2, true),
            // a name starting with سان
            ("فاز سان جيرمان", 1, true),
            // a town
            ("في مدينة سيدي بوزيد", 2, true),
            // a place named after a titled person
            ("عبر مطار الملك عبدالعزيز الدولي", 3, true),
            ("على كأس الملك سلمان", 3, true),
            // a title alone before the name
            ("قال الملك سلمان", 2, false),
            // a team's head is a person: only a place is named after the titles of is_title
            ("فريق الرئيس جورج بوش", 2, false),
            // a comma between: an apposition, a person may follow
            ("رئيس النادي، محمد صلاح", 2, false),
            // a plain name
            ("قال محمد صلاح", 1, false),
            // the first word of a paragraph
            ("محمد صلاح", 0, false),
        ];
        for (text, start, want) in cases {
            let ws = words(&pipeline, text);
            assert_eq!(
                names_a_place(&ws, *start, is_place, is_title),
                *want,
                "{text}"
            );
        }
    }
}
