//! URL parameters → a search [`Request`]: the same names as the CLI's flags (`q`, `country`,
//! `person`, `source`, `from`, `to`, `limit`, `offset`, `sort`, `group_by_article`,
//! `no_collapse`, `facet_limit`), repeatable where the flag is, each malformed value refused by
//! name.

use chrono::NaiveDate;

use crate::api::{Request, Sort};

/// Hits on one page of the web page.
pub const PAGE_SIZE: usize = 10;

/// A URL's query string, decoded, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// Decodes a raw query string (`None` when the URL has none).
    pub fn parse(raw: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, blanks left out.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether `key` has the value `value`.
    pub fn has(&self, key: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == key && v == value)
    }

    /// These parameters with `key=value` removed when present, added when not, and `page` reset.
    pub fn toggled(&self, key: &str, value: &str) -> Params {
        let mut out: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(k, _)| k != "page")
            .cloned()
            .collect();
        if self.has(key, value) {
            out.retain(|(k, v)| !(k == key && v == value));
        } else {
            out.push((key.to_string(), value.to_string()));
        }
        Params(out)
    }

    /// These parameters with `key` set to `value` (or removed, with `None`).
    pub fn with(&self, key: &str, value: Option<&str>) -> Params {
        let mut out: Vec<(String, String)> =
            self.0.iter().filter(|(k, _)| k != key).cloned().collect();
        if let Some(value) = value {
            out.push((key.to_string(), value.to_string()));
        }
        Params(out)
    }

    /// The query string (`a=b&c=d`, encoded; blanks left out).
    pub fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        s.finish()
    }
}

/// The parameters every search takes, besides paging.
const COMMON: [&str; 9] = [
    "q",
    "country",
    "person",
    "source",
    "from",
    "to",
    "sort",
    "group_by_article",
    "no_collapse",
];

/// The request of `GET /api/search`: paging by `limit` and `offset`, as the CLI.
pub fn api_request(params: &Params) -> Result<Request, String> {
    ensure_known(params, &["limit", "offset", "facet_limit"])?;
    let mut req = common(params)?;
    if let Some(limit) = params.get("limit") {
        req.limit = number("limit", limit)?;
    }
    if let Some(limit) = params.get("facet_limit") {
        req.facet_limit = number("facet_limit", limit)?;
    }
    if let Some(offset) = params.get("offset") {
        req.offset = number("offset", offset)?;
    }
    // As `khabar search --json`: always with facet counts.
    req.facets = true;
    Ok(req)
}

/// The request of the page, and its page number: paging by `page`, [`PAGE_SIZE`] hits a page.
pub fn page_request(params: &Params) -> Result<(Request, usize), String> {
    ensure_known(params, &["page"])?;
    let mut req = common(params)?;
    let page = match params.get("page") {
        Some(p) => number("page", p)?,
        None => 1,
    };
    if page == 0 {
        return Err("page: pages are numbered from 1".to_string());
    }
    req.limit = PAGE_SIZE;
    req.offset = (page - 1).saturating_mul(PAGE_SIZE);
    req.facets = true;
    Ok((req, page))
}

fn common(params: &Params) -> Result<Request, String> {
    Ok(Request {
        query: params.get("q").unwrap_or("").to_string(),
        countries: params.all("country"),
        persons: params.all("person"),
        sources: params.all("source"),
        from: date("from", params.get("from"))?,
        to: date("to", params.get("to"))?,
        sort: match params.get("sort").unwrap_or("relevance") {
            "relevance" | "" => Sort::Relevance,
            "date" => Sort::Date,
            other => return Err(format!("sort: '{other}' is not relevance or date")),
        },
        group_by_article: flag("group_by_article", params.get("group_by_article"))?,
        no_collapse: flag("no_collapse", params.get("no_collapse"))?,
        ..Request::default()
    })
}

fn ensure_known(params: &Params, paging: &[&str]) -> Result<(), String> {
    for (key, _) in &params.0 {
        if !COMMON.contains(&key.as_str()) && !paging.contains(&key.as_str()) {
            let known: Vec<&str> = COMMON.iter().chain(paging).copied().collect();
            return Err(format!(
                "unknown parameter '{key}'; known: {}",
                known.join(", ")
            ));
        }
    }
    Ok(())
}

fn number(name: &str, value: &str) -> Result<usize, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{name}: '{value}' is not a whole number"))
}

fn date(name: &str, value: Option<&str>) -> Result<Option<NaiveDate>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{name}: '{v}' is not a date of the form YYYY-MM-DD")),
    }
}

fn flag(name: &str, value: Option<&str>) -> Result<bool, String> {
    match value {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("on") => Ok(true),
        Some(other) => Err(format!("{name}: '{other}' is not true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_filters_and_paging_read_as_the_cli_flags() {
        let params = Params::parse(Some(
            "q=%D9%88%D8%B2%D9%8A%D8%B1&country=RU&country=CN&from=2018-01-01&limit=5&offset=10&facet_limit=50",
        ));
        let req = api_request(&params).unwrap();
        assert_eq!(req.query, "وزير");
        assert_eq!(req.countries, ["RU", "CN"]);
        assert_eq!(req.from, Some("2018-01-01".parse().unwrap()));
        assert_eq!((req.limit, req.offset), (5, 10));
        assert_eq!(req.facet_limit, 50);
        assert!(req.facets);
    }

    #[test]
    fn malformed_values_are_refused_by_name() {
        for (raw, named) in [
            ("q=x&limit=abc", "limit"),
            ("q=x&facet_limit=-1", "facet_limit"),
            ("q=x&from=2024-13-45", "from"),
            ("q=x&sort=best", "sort"),
            ("q=x&colour=red", "colour"),
            ("q=x&no_collapse=maybe", "no_collapse"),
        ] {
            let err = api_request(&Params::parse(Some(raw))).unwrap_err();
            assert!(err.contains(named), "{raw}: {err}");
        }
        let err = page_request(&Params::parse(Some("q=x&page=0"))).unwrap_err();
        assert!(err.contains("page"), "{err}");
    }

    #[test]
    fn toggling_adds_or_removes_a_filter_and_resets_the_page() {
        let params = Params::parse(Some("q=a&country=RU&page=3"));
        assert_eq!(params.toggled("country", "RU").query_string(), "q=a");
        assert_eq!(
            params.toggled("country", "CN").query_string(),
            "q=a&country=RU&country=CN"
        );
    }
}
