//! The HTML of `khabar serve`: the search page (results, facets, timeline, paging) and the
//! article view. maud escapes every text it is given, so a query or paragraph holding HTML shows
//! as text; every state lives in the URL.

use chrono::{Datelike, NaiveDate};
use maud::{html, Markup, DOCTYPE};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use super::params::{Params, PAGE_SIZE};
use crate::api::{Article, FacetCounts, Hit, MonthCount, Response};

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ar" dir="rtl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body { (body) }
        }
    }
}

/// `/?…` for these parameters.
fn href(params: &Params) -> String {
    let query = params.query_string();
    if query.is_empty() {
        "/".to_string()
    } else {
        format!("/?{query}")
    }
}

/// The article view's address, the paragraph `p` marked.
fn article_href(id: &str, p: u64, params: &Params) -> String {
    let path: Vec<String> = id
        .split('/')
        .map(|segment| utf8_percent_encode(segment, NON_ALPHANUMERIC).to_string())
        .collect();
    let back = Params(
        params
            .0
            .iter()
            .filter(|(k, _)| k == "q")
            .cloned()
            .chain([("p".to_string(), p.to_string())])
            .collect(),
    );
    format!("/articles/{}?{}", path.join("/"), back.query_string())
}

/// The search page; `response` when a search ran, `error` in words when it could not.
pub fn search(
    params: &Params,
    response: Option<&Response>,
    error: Option<&str>,
    page: usize,
) -> Markup {
    let query = params.get("q").unwrap_or("");
    let title = if query.is_empty() {
        "خبر — بحث في الأخبار".to_string()
    } else {
        format!("{query} — خبر")
    };
    layout(
        &title,
        html! {
            header {
                a.brand href="/" { "خبر" }
                (search_form(params))
            }
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            @if let Some(response) = response {
                div.layout {
                    main {
                        (summary(response, page))
                        @if response.hits.is_empty() {
                            p.empty { "لا توجد فقرات تطابق هذا البحث." }
                        }
                        ol.hits start=((page - 1) * PAGE_SIZE + 1) {
                            @for hit in &response.hits {
                                (hit_item(hit, params))
                            }
                        }
                        (paging(response, params, page))
                    }
                    aside {
                        (active_filters(params))
                        (timeline(&response.facets.months, params))
                        (facets(&response.facets, params))
                    }
                }
            }
        },
    )
}

fn search_form(params: &Params) -> Markup {
    html! {
        form.search action="/" method="get" role="search" {
            input type="search" name="q" value=(params.get("q").unwrap_or(""))
                placeholder="ابحث: وزير الخارجية، \"الحزام والطريق\"، الصين -روسيا" autofocus
                aria-label="البحث";
            label { "من " input type="date" name="from" value=(params.get("from").unwrap_or("")); }
            label { "إلى " input type="date" name="to" value=(params.get("to").unwrap_or("")); }
            @for key in ["country", "person", "source", "sort"] {
                @for value in params.all(key) {
                    input type="hidden" name=(key) value=(value);
                }
            }
            button type="submit" { "بحث" }
        }
    }
}

fn summary(response: &Response, page: usize) -> Markup {
    let first = (page - 1) * PAGE_SIZE + 1;
    html! {
        p.summary {
            (response.total) " فقرة مطابقة"
            @if !response.hits.is_empty() {
                " · النتائج " (first) "–" (first + response.hits.len() - 1)
            }
            " · " (response.took_ms) " م.ث"
        }
        @for warning in &response.warnings {
            p.note { (warning) }
        }
        @for suggestion in &response.suggestions {
            p.suggestion { "هل تقصد: " a href=(href(&Params(vec![("q".to_string(), suggestion.clone())]))) { (suggestion) } "؟" }
        }
    }
}

/// A passage with each matched word in its own `<mark>` (whole words, so letters keep joining).
fn passage(hit: &Hit) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for range in &hit.byte_highlights {
        pieces.push((&hit.snippet[at..range.start], false));
        pieces.push((&hit.snippet[range.clone()], true));
        at = range.end;
    }
    pieces.push((&hit.snippet[at..], false));
    html! {
        p.snippet {
            @for (text, matched) in pieces {
                @if matched { mark { (text) } } @else { (text) }
            }
        }
    }
}

fn hit_item(hit: &Hit, params: &Params) -> Markup {
    let title = hit.title.as_deref().unwrap_or(&hit.article_id);
    let meta: Vec<&str> = [
        hit.date.as_deref(),
        hit.place.as_deref(),
        hit.source.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    html! {
        li.hit data-article=(hit.article_id) data-paragraph=(hit.paragraph) {
            h2 { a href=(article_href(&hit.article_id, hit.paragraph, params)) { (title) } }
            p.meta {
                (meta.join(" · ")) " · ¶" (hit.paragraph)
                @if hit.duplicates > 0 { " · نشرتها " (hit.duplicates) " مصادر أخرى" }
            }
            (passage(hit))
            @if !hit.countries.is_empty() || !hit.persons.is_empty() {
                p.tags {
                    @for c in &hit.countries {
                        a.tag href=(href(&params.toggled("country", &c.code))) { (c.name) }
                    }
                    @for p in &hit.persons {
                        a.tag.person href=(href(&params.toggled("person", p))) { (p) }
                    }
                }
            }
        }
    }
}

fn paging(response: &Response, params: &Params, page: usize) -> Markup {
    let more = response.hits.len() == PAGE_SIZE && page * PAGE_SIZE < response.total;
    let to = |n: usize| href(&params.with("page", (n > 1).then(|| n.to_string()).as_deref()));
    html! {
        nav.paging aria-label="الصفحات" {
            @if page > 1 { a rel="prev" href=(to(page - 1)) { "→ السابقة" } }
            span { "صفحة " (page) }
            @if more { a rel="next" href=(to(page + 1)) { "التالية ←" } }
        }
    }
}

fn active_filters(params: &Params) -> Markup {
    let active: Vec<(&str, String)> = ["country", "person", "source"]
        .into_iter()
        .flat_map(|k| params.all(k).into_iter().map(move |v| (k, v)))
        .collect();
    html! {
        @if !active.is_empty() {
            section.active {
                h3 { "المرشحات" }
                @for (key, value) in &active {
                    a.on href=(href(&params.toggled(key, value))) title="إزالة" { (value) " ×" }
                }
            }
        }
    }
}

fn facets(counts: &FacetCounts, params: &Params) -> Markup {
    let sources: Vec<_> = counts
        .sources
        .iter()
        .filter(|s| !s.name.is_empty())
        .take(15)
        .collect();
    html! {
        section.facets {
            @if !counts.countries.is_empty() {
                h3 { "الدول" }
                ul {
                    @for c in counts.countries.iter().take(15) {
                        li { a.facet.on[params.has("country", &c.code)] data-country=(c.code)
                            href=(href(&params.toggled("country", &c.code))) {
                            (c.name) span.count { (c.count) } } }
                    }
                }
            }
            @if !counts.persons.is_empty() {
                h3 { "الأشخاص" }
                ul {
                    @for p in counts.persons.iter().take(15) {
                        li { a.facet.on[params.has("person", &p.name)] data-person=(p.name)
                            href=(href(&params.toggled("person", &p.name))) {
                            (p.name) span.count { (p.count) } } }
                    }
                }
            }
            @if !sources.is_empty() {
                h3 { "المصادر" }
                ul {
                    @for s in sources {
                        li { a.facet.on[params.has("source", &s.name)] data-source=(s.name)
                            href=(href(&params.toggled("source", &s.name))) {
                            (s.name) span.count { (s.count) } } }
                    }
                }
            }
        }
    }
}

/// Every month from the first to the last with matches, empty ones included.
fn month_range(months: &[MonthCount]) -> Vec<(NaiveDate, u64)> {
    let parse = |m: &str| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
    let (Some(first), Some(last)) = (
        months.first().and_then(|m| parse(&m.month)),
        months.last().and_then(|m| parse(&m.month)),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut month = Some(first);
    // At most fifty years of bars.
    while let Some(m) = month.filter(|m| *m <= last && out.len() < 600) {
        let key = m.format("%Y-%m").to_string();
        let count = months
            .iter()
            .find(|c| c.month == key)
            .map_or(0, |c| c.count);
        out.push((m, count));
        month = m.checked_add_months(chrono::Months::new(1));
    }
    out
}

/// Matches per month as bars; a bar links to the search narrowed to its month.
fn timeline(months: &[MonthCount], params: &Params) -> Markup {
    let bars = month_range(months);
    if bars.is_empty() {
        return html! {};
    }
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    let (width, height) = (300.0, 60.0);
    let step = width / bars.len() as f64;
    html! {
        section.timeline {
            h3 { "الفقرات شهرا بشهر" }
            svg viewBox=(format!("0 0 {width} {height}")) role="img" aria-label="الفقرات المطابقة شهرا بشهر" {
                @for (i, (month, count)) in bars.iter().enumerate() {
                    @let h = (*count as f64 / max * (height - 2.0)).max(if *count > 0 { 2.0 } else { 0.0 });
                    @let end = month.checked_add_months(chrono::Months::new(1)).map(|d| d.pred_opt().unwrap_or(d)).unwrap_or(*month);
                    @let narrowed = params.with("from", Some(&month.format("%Y-%m-%d").to_string())).with("to", Some(&end.format("%Y-%m-%d").to_string())).with("page", None);
                    a href=(href(&narrowed)) {
                        rect x=(format!("{:.2}", i as f64 * step)) y=(format!("{:.2}", height - h))
                            width=(format!("{:.2}", (step - 1.0).max(1.0))) height=(format!("{h:.2}")) {
                            title { (month.year()) "-" (format!("{:02}", month.month())) ": " (count) }
                        }
                    }
                }
            }
            p.range { (bars[0].0.format("%Y-%m")) " … " (bars[bars.len() - 1].0.format("%Y-%m")) }
        }
    }
}

/// A whole article, the paragraph `marked` highlighted.
pub fn article(article: &Article, marked: Option<u64>, params: &Params) -> Markup {
    let title = article.title.as_deref().unwrap_or(&article.article_id);
    let back = Params(params.0.iter().filter(|(k, _)| k == "q").cloned().collect());
    let meta: Vec<&str> = [
        article.date.as_deref(),
        article.place.as_deref(),
        article.source.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    layout(
        title,
        html! {
            header {
                a.brand href="/" { "خبر" }
                a.back href=(href(&back)) { "→ العودة إلى النتائج" }
            }
            article.article {
                h1 { (title) }
                p.meta { (meta.join(" · ")) " · " (article.path) }
                @for p in &article.paragraphs {
                    section.paragraph.marked[Some(p.paragraph) == marked] id=(format!("p{}", p.paragraph)) {
                        p { span.number { "¶" (p.paragraph) } " " (p.text) }
                        @if !p.countries.is_empty() || !p.persons.is_empty() {
                            p.tags {
                                @for c in &p.countries { span.tag { (c.name) } }
                                @for person in &p.persons { span.tag.person { (person) } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// A page saying what went wrong.
pub fn error(message: &str) -> Markup {
    layout(
        "خطأ — خبر",
        html! {
            header { a.brand href="/" { "خبر" } }
            p.error role="alert" { (message) }
        },
    )
}
