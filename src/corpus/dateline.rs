//! Reading the opening dateline of an article: place, date and agency.
//!
//! Forms understood (the dateline stays in the text; only the fields are filled):
//! - `أستانا 20 مايو 2024 (شينخوا)`: place, day, month name, year, then the agency (in
//!   brackets, or a known agency without them); without an agency it is not a dateline;
//! - `جنيف 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس`: Hijri with its Gregorian date;
//! - `دبي، الإمارات العربية المتحدة (CNN)--`: place and agency;
//! - `القاهرة - …` at the start of the text, and bylines `القاهرة - أحمد الريدي`: place.
//!
//! Month names of the three naming systems and the agencies come from `datelines.toml`;
//! Arabic-Indic digits and alef seats are folded before matching.

use chrono::NaiveDate;
use regex::Regex;
use serde::Deserialize;

/// The month names and agencies of `datelines.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DatelineConfig {
    pub months: Months,
    #[serde(default)]
    pub agencies: Vec<String>,
}

/// Month names: twelve entries per system, each with one or more names.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Months {
    pub gregorian: Vec<Vec<String>>,
    pub levantine: Vec<Vec<String>>,
    pub maghrebi: Vec<Vec<String>>,
    pub hijri: Vec<Vec<String>>,
}

impl DatelineConfig {
    /// Checks what TOML cannot: twelve months per system, no empty name, and no name meaning
    /// two different months once folded.
    pub fn check(&self) -> Result<(), String> {
        let m = &self.months;
        let mut month_of: std::collections::HashMap<String, (usize, &str)> = Default::default();
        for (system, months) in [
            ("gregorian", &m.gregorian),
            ("levantine", &m.levantine),
            ("maghrebi", &m.maghrebi),
            ("hijri", &m.hijri),
        ] {
            if months.len() != 12 {
                return Err(format!(
                    "months.{system} lists {} months, not 12",
                    months.len()
                ));
            }
            for (i, names) in months.iter().enumerate() {
                if names.is_empty() || names.iter().any(|n| n.trim().is_empty()) {
                    return Err(format!(
                        "months.{system}: month {} has an empty name",
                        i + 1
                    ));
                }
                for name in names {
                    // Hijri names live apart: they are only read before a Gregorian date.
                    let key = format!("{}{}", system == "hijri", folded(name).0);
                    if let Some((other, in_system)) = month_of.insert(key, (i, system)) {
                        if other != i {
                            return Err(format!(
                                "months.{system}: {name:?} is month {} here but month {} in months.{in_system}",
                                i + 1,
                                other + 1
                            ));
                        }
                    }
                }
            }
        }
        if let Some(empty) = self.agencies.iter().position(|a| a.trim().is_empty()) {
            return Err(format!("agencies: entry {} is empty", empty + 1));
        }
        Ok(())
    }
}

/// What a dateline gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub place: Option<String>,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    /// Byte length of the dateline at the start of the paragraph (0 when none).
    pub len: usize,
}

/// The compiled dateline parser.
pub struct Datelines {
    month_of: Vec<(String, u32)>,
    /// Folded names of the known agencies.
    agencies: Vec<String>,
    dated: Regex,
    bracketed: Regex,
    dashed: Regex,
}

/// Folds what the patterns must not care about, one char for one char: alef seats and digits.
fn fold_char(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32).unwrap_or(c),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// A folded copy of `text` and, for each of its bytes, the byte offset in `text`.
fn folded(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        // Diacritics, tatweel, and the invisible marks (zero-width, bidi) that some feeds
        // put before the place.
        if matches!(
            c,
            '\u{064B}'..='\u{0652}'
                | '\u{0640}'
                | '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        ) {
            continue;
        }
        let f = fold_char(c);
        for _ in 0..f.len_utf8() {
            map.push(i);
        }
        out.push(f);
    }
    map.push(text.len());
    (out, map)
}

fn alternation(names: impl Iterator<Item = String>) -> String {
    let mut names: Vec<String> = names.map(|n| regex::escape(&folded(&n).0)).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names.join("|")
}

/// Places are one to four words without digits or brackets.
const PLACE: &str = r"(?P<place>[^\d()\[\]«»\-–—:.،,\s][^\d()\[\]«»\-–—:.]{0,60}?)";

impl Datelines {
    /// Compiles the patterns from the month names and agencies.
    pub fn new(config: &DatelineConfig) -> Datelines {
        let mut month_of = Vec::new();
        for system in [
            &config.months.gregorian,
            &config.months.levantine,
            &config.months.maghrebi,
        ] {
            for (i, names) in system.iter().enumerate() {
                for name in names {
                    month_of.push((folded(name).0, i as u32 + 1));
                }
            }
        }
        let months = alternation(month_of.iter().map(|(n, _)| n.clone()));
        let hijri = alternation(config.months.hijri.iter().flatten().cloned());
        let agencies = alternation(config.agencies.iter().cloned());
        let hijri_part = if hijri.is_empty() {
            String::new()
        } else {
            format!(
                r"(?:\d{{1,2}}\s+(?:{hijri})\s+\d{{4}}\s*(?:هـ|ه)?\.?\s*(?:الموافق\s+(?:ل\s*)?)?)?"
            )
        };
        let agency = if agencies.is_empty() {
            r"\((?P<agency>[^()]{1,40})\)".to_string()
        } else {
            format!(r"(?:\((?P<agency>[^()]{{1,40}})\)|(?P<bare>{agencies})\b)")
        };
        let dated = format!(
            r"^\s*{PLACE}[\s،,]+{hijri_part}(?P<day>\d{{1,2}})\s+(?P<month>{months})\s*[،,]?\s*(?P<year>\d{{4}})\s*(?:م\b)?\.?\s*(?:{agency})\s*(?:--|—|–|-|:)?"
        );
        let bracketed =
            format!(r"^\s*{PLACE}\s*\((?P<agency>[^()\d]{{1,40}})\)\s*(?P<dash>--|—|–|-|:)?");
        let dashed = format!(r"^\s*{PLACE}\s+(?:--|—|–|-)\s+");
        Datelines {
            month_of,
            agencies: config.agencies.iter().map(|a| folded(a).0).collect(),
            dated: Regex::new(&dated).expect("the dated dateline pattern compiles"),
            bracketed: Regex::new(&bracketed).expect("the bracketed dateline pattern compiles"),
            dashed: Regex::new(&dashed).expect("the dashed dateline pattern compiles"),
        }
    }

    fn is_agency(&self, folded_name: &str) -> bool {
        let name = folded_name.trim();
        self.agencies.iter().any(|a| a == name)
    }

    fn month(&self, folded_name: &str) -> Option<u32> {
        self.month_of
            .iter()
            .find(|(n, _)| n == folded_name)
            .map(|(_, m)| *m)
    }

    /// Reads the dateline opening `paragraph`, or the place of a `byline` such as `القاهرة - أحمد`.
    pub fn parse(&self, paragraph: &str, byline: Option<&str>) -> Found {
        let head_end = paragraph
            .char_indices()
            .nth(200)
            .map_or(paragraph.len(), |(i, _)| i);
        let head = &paragraph[..head_end];
        let (text, map) = folded(head);
        let original = |start: usize, end: usize| head[map[start]..map[end]].trim().to_string();
        let mut found = Found::default();
        // What each pattern cannot match without, checked first: most paragraphs open with no
        // dateline, and these scans cost a fraction of a failed pattern match.
        let has_digit = text.chars().any(char::is_numeric);
        let has_bracket = text.contains('(');
        let has_dash = text.contains(['-', '–', '—']);
        if let Some(caps) = has_digit.then(|| self.dated.captures(&text)).flatten() {
            let place = caps.name("place").expect("place is not optional");
            let day: u32 = caps["day"].parse().unwrap_or(0);
            let year: i32 = caps["year"].parse().unwrap_or(0);
            let date = self
                .month(&caps["month"])
                .and_then(|m| NaiveDate::from_ymd_opt(year, m, day));
            if words(place.as_str()) <= 4 {
                found.place = Some(original(place.start(), place.end()));
                found.date = date;
                found.source = caps
                    .name("agency")
                    .or_else(|| caps.name("bare"))
                    .map(|m| original(m.start(), m.end()));
                found.len = map[caps.get(0).expect("whole match").end()];
                return found;
            }
        }
        if let Some(caps) = has_bracket
            .then(|| self.bracketed.captures(&text))
            .flatten()
        {
            let place = caps.name("place").expect("place is not optional");
            let agency = caps.name("agency").expect("agency is not optional");
            // `أعلن الاتحاد الدولي لكرة القدم (فيفا) …` and `ذكرت وكالة الأنباء السعودية (واس) …`
            // are sentences, not datelines: without a closing dash, the agency must be a known
            // one and the place a city (one or two words) or `city، country`.
            let place_words = words(place.as_str());
            let closed = caps.name("dash").is_some()
                || (self.is_agency(agency.as_str())
                    && (place_words <= 2 || place.as_str().contains(['،', ','])));
            if closed && place_words <= 6 {
                found.place = Some(
                    original(place.start(), place.end())
                        .trim_end_matches(['،', ','])
                        .to_string(),
                );
                found.source = Some(original(agency.start(), agency.end()));
                found.len = map[caps.get(0).expect("whole match").end()];
                return found;
            }
        }
        if let Some(caps) = has_dash.then(|| self.dashed.captures(&text)).flatten() {
            let place = caps.name("place").expect("place is not optional");
            if words(place.as_str()) <= 2 {
                found.place = Some(original(place.start(), place.end()));
                found.len = map[caps.get(0).expect("whole match").end()];
                return found;
            }
        }
        if let Some(byline) = byline {
            let (text, map) = folded(byline);
            if let Some(caps) = self.dashed.captures(&format!("{text} ")) {
                let place = caps.name("place").expect("place is not optional");
                if words(place.as_str()) <= 2 && !place.as_str().contains(['.', '@']) {
                    found.place = Some(
                        byline[map[place.start()]..map[place.end()]]
                            .trim()
                            .to_string(),
                    );
                }
            }
        }
        found
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser of the shipped `datelines.toml`, compiled once.
    fn parser() -> &'static Datelines {
        static PARSER: std::sync::OnceLock<Datelines> = std::sync::OnceLock::new();
        PARSER.get_or_init(|| {
            let config: DatelineConfig =
                toml::from_str(include_str!("../../index-config/datelines.toml"))
                    .expect("datelines.toml parses");
            Datelines::new(&config)
        })
    }

    fn check(
        paragraph: &str,
        byline: Option<&str>,
        place: Option<&str>,
        date: Option<(i32, u32, u32)>,
        source: Option<&str>,
    ) {
        let found = parser().parse(paragraph, byline);
        assert_eq!(found.place.as_deref(), place, "place of {paragraph:?}");
        assert_eq!(
            found.date,
            date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            "date of {paragraph:?}"
        );
        assert_eq!(found.source.as_deref(), source, "source of {paragraph:?}");
    }

    #[test]
    fn the_shipped_datelines_toml_is_consistent() {
        let config: DatelineConfig =
            toml::from_str(include_str!("../../index-config/datelines.toml")).unwrap();
        assert_eq!(config.check(), Ok(()));
        let mut broken = config.clone();
        broken.months.levantine.pop();
        assert_eq!(
            broken.check(),
            Err("months.levantine lists 11 months, not 12".to_string())
        );
        let mut clash = config;
        clash.months.maghrebi[0].push("مايو".to_string());
        assert!(clash
            .check()
            .unwrap_err()
            .contains("\"مايو\" is month 1 here but month 5"));
    }

    #[test]
    fn xinhua_form() {
        check(
            "أستانا 20 مايو 2024 (شينخوا) التقى وزير الخارجية الصيني",
            None,
            Some("أستانا"),
            Some((2024, 5, 20)),
            Some("شينخوا"),
        );
    }

    #[test]
    fn three_month_systems_and_indic_digits() {
        check(
            "دمشق ١٥ أيار ٢٠١٨ (سانا) قال",
            None,
            Some("دمشق"),
            Some((2018, 5, 15)),
            Some("سانا"),
        );
        check(
            "بيروت 3 تشرين الثاني 2017 (رويترز) -",
            None,
            Some("بيروت"),
            Some((2017, 11, 3)),
            Some("رويترز"),
        );
        check(
            "تونس 7 جانفي 2016 (وات) أعلنت",
            None,
            Some("تونس"),
            Some((2016, 1, 7)),
            Some("وات"),
        );
        check(
            "الرباط 12 شتنبر 2016 (ومع) -",
            None,
            Some("الرباط"),
            Some((2016, 9, 12)),
            Some("ومع"),
        );
        check(
            "الرباط 2 ماي 2016 (ومع) -",
            None,
            Some("الرباط"),
            Some((2016, 5, 2)),
            Some("ومع"),
        );
    }

    #[test]
    fn hijri_with_gregorian() {
        check(
            "جنيف 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس أكد",
            None,
            Some("جنيف"),
            Some((2015, 8, 10)),
            Some("واس"),
        );
    }

    #[test]
    fn cnn_form() {
        check(
            "دبي، الإمارات العربية المتحدة (CNN)-- أعلنت السلطات",
            None,
            Some("دبي، الإمارات العربية المتحدة"),
            None,
            Some("CNN"),
        );
    }

    #[test]
    fn dash_and_byline() {
        check(
            "واشنطن - أعلن البيت الأبيض",
            None,
            Some("واشنطن"),
            None,
            None,
        );
        check(
            "أعلن البيت الأبيض أمس",
            Some("القاهرة - أحمد الريدي"),
            Some("القاهرة"),
            None,
            None,
        );
        check(
            "أعلن البيت الأبيض أمس",
            Some("العربية.نت - محمد جراح"),
            None,
            None,
            None,
        );
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        check(
            "وأكد وانغ أن الصين مستعدة للعمل مع بيلاروس",
            None,
            None,
            None,
            None,
        );
        check("قال الرئيس إن 20 مايو 2024 يوم مهم", None, None, None, None);
    }

    #[test]
    fn a_bracketed_acronym_in_a_sentence_is_not_a_dateline() {
        // Found in the bench corpus: an acronym, an age, a known agency named in a sentence.
        for sentence in [
            "أعلن الاتحاد الدولي لكرة القدم (الفيفا) القائمة النهائية",
            "نجح المهندس التونسي أشرف بن ثابت (30 سنة)، وهو شاب",
            "ذكرت وكالة الأنباء السعودية (واس)، الأربعاء، أن قوات",
        ] {
            check(sentence, None, None, None, None);
        }
        // With a closing dash, or a known agency after a city, it is one.
        check(
            "نيويورك (رويترز) - قال",
            None,
            Some("نيويورك"),
            None,
            Some("رويترز"),
        );
        check(
            "أتلانتا، الولايات المتحدة الأمريكية (CNN) نفى الرئيس",
            None,
            Some("أتلانتا، الولايات المتحدة الأمريكية"),
            None,
            Some("CNN"),
        );
    }

    #[test]
    fn invisible_marks_before_the_place_are_not_part_of_it() {
        check(
            "\u{200F}\u{202B}الرياض - أعلنت",
            None,
            Some("الرياض"),
            None,
            None,
        );
    }

    #[test]
    fn impossible_dates_are_ignored() {
        check(
            "القاهرة 31 فبراير 2018 (رويترز)",
            None,
            Some("القاهرة"),
            None,
            Some("رويترز"),
        );
    }

    proptest::proptest! {
        // Any text: no panic, the dateline ends on a char boundary, the place is taken from it.
        #[test]
        fn never_panics_and_stays_inside_the_text(
            text in r"[ \-()،,0-9٠-٩a-zأ-ي\u{064B}\u{0640}\u{200F}]{0,80}",
            byline in proptest::option::of(r"[ \-a-zأ-ي]{0,30}"),
        ) {
            let found = parser().parse(&text, byline.as_deref());
            proptest::prop_assert!(text.is_char_boundary(found.len));
            if let Some(place) = found.place {
                let from_text = text.contains(place.as_str());
                let from_byline = byline.is_some_and(|b| b.contains(place.as_str()));
                proptest::prop_assert!(from_text || from_byline);
            }
        }
    }
}
