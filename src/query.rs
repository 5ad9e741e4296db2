//! The query language: words (all required), `"exact phrases"`, `-excluded`, `OR`, `title:word`.
//!
//! Parsing is lenient and never fails: an unbalanced quote closes at the end of the query, an
//! unknown `field:` is read as text, a lone `-` (as in "- من هو …") is punctuation. Every
//! leniency is reported as a warning.

/// Where an item is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Text and title (title boosted).
    Anywhere,
    /// Title only.
    Title,
}

/// A word or phrase of the query, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    /// Typed in quotes: the words must be adjacent, in order.
    pub phrase: bool,
    pub scope: Scope,
}

/// A parsed query: every group is required (an item of a group is enough); excluded items must not match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub groups: Vec<Vec<Item>>,
    pub excluded: Vec<Item>,
    pub warnings: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum Piece {
    Item { item: Item, negated: bool },
    Or,
}

/// Parses a query string.
pub fn parse(input: &str) -> Query {
    let mut query = Query::default();
    let pieces = lex(input, &mut query.warnings);
    let mut join_next = false;
    for piece in pieces {
        match piece {
            Piece::Or => join_next = !query.groups.is_empty(),
            Piece::Item {
                item,
                negated: true,
            } => {
                query.excluded.push(item);
                join_next = false;
            }
            Piece::Item {
                item,
                negated: false,
            } => {
                match query.groups.last_mut() {
                    Some(group) if join_next => group.push(item),
                    _ => query.groups.push(vec![item]),
                }
                join_next = false;
            }
        }
    }
    query
}

fn lex(input: &str, warnings: &mut Vec<String>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = false;
        if chars[i] == '-'
            && chars
                .get(i + 1)
                .is_some_and(|c| !c.is_whitespace() && *c != '-')
        {
            negated = true;
            i += 1;
        }
        // A field prefix.
        let mut scope = Scope::Anywhere;
        let word_end = (i..chars.len())
            .find(|&j| chars[j].is_whitespace() || chars[j] == '"')
            .unwrap_or(chars.len());
        let word: String = chars[i..word_end].iter().collect();
        if let Some((field, _)) = word.split_once(':') {
            if !field.is_empty() && field.chars().all(|c| c.is_ascii_alphabetic()) {
                if field.eq_ignore_ascii_case("title") {
                    scope = Scope::Title;
                } else {
                    warnings.push(format!(
                        "unknown field '{field}:', searched as text (fields: title:)"
                    ));
                }
                i += field.chars().count() + 1;
            }
        }
        if chars.get(i) == Some(&'"') {
            let close = (i + 1..chars.len()).find(|&j| chars[j] == '"');
            let end = close.unwrap_or(chars.len());
            if close.is_none() {
                warnings
                    .push("unbalanced quote: the phrase runs to the end of the query".to_string());
            }
            let text: String = chars[i + 1..end].iter().collect();
            if !text.trim().is_empty() {
                pieces.push(Piece::Item {
                    item: Item {
                        text,
                        phrase: true,
                        scope,
                    },
                    negated,
                });
            }
            i = end + 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&j| chars[j].is_whitespace() || chars[j] == '"')
            .unwrap_or(chars.len());
        let text: String = chars[i..end].iter().collect();
        i = end;
        if text == "OR" && !negated {
            pieces.push(Piece::Or);
        } else if text.chars().any(char::is_alphanumeric) {
            pieces.push(Piece::Item {
                item: Item {
                    text,
                    phrase: false,
                    scope,
                },
                negated,
            });
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Item {
        Item {
            text: text.to_string(),
            phrase: false,
            scope: Scope::Anywhere,
        }
    }

    #[test]
    fn words_are_required_groups() {
        let q = parse("وزير الخارجية");
        assert_eq!(q.groups, vec![vec![word("وزير")], vec![word("الخارجية")]]);
    }

    #[test]
    fn or_joins_neighbours() {
        let q = parse("روسيا OR موسكو الصين");
        assert_eq!(
            q.groups,
            vec![vec![word("روسيا"), word("موسكو")], vec![word("الصين")]]
        );
    }

    #[test]
    fn phrases_exclusions_and_title() {
        let q = parse("\"الحزام والطريق\" -روسيا title:الصين -\"صين واحدة\"");
        assert_eq!(q.groups.len(), 2);
        assert!(q.groups[0][0].phrase);
        assert_eq!(
            q.groups[1][0],
            Item {
                text: "الصين".into(),
                phrase: false,
                scope: Scope::Title
            }
        );
        assert_eq!(
            q.excluded,
            vec![
                word("روسيا"),
                Item {
                    text: "صين واحدة".into(),
                    phrase: true,
                    scope: Scope::Anywhere
                }
            ]
        );
        assert!(q.warnings.is_empty());
    }

    #[test]
    fn lenient_readings_warn() {
        let q = parse("\"الحزام والطريق");
        assert_eq!(q.groups[0][0].text, "الحزام والطريق");
        assert_eq!(q.warnings.len(), 1);
        let q = parse("foo:روسيا");
        assert_eq!(q.groups, vec![vec![word("روسيا")]]);
        assert!(q.warnings[0].contains("unknown field"));
    }

    #[test]
    fn a_lone_dash_is_not_an_exclusion() {
        let q = parse("- من هو جمال خاشقجي؟");
        assert!(q.excluded.is_empty());
        assert_eq!(q.groups.len(), 4);
    }

    #[test]
    fn leading_or_and_empty_quotes() {
        let q = parse("OR \"\" روسيا OR");
        assert_eq!(q.groups, vec![vec![word("روسيا")]]);
    }
}
