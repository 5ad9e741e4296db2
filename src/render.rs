//! Terminal text of every answer (JSON is the serde form of the `api` types). Arabic is printed
//! in logical order; the terminal does the bidi. Colour: bold red for matches, bold titles, dim
//! metadata; off unless asked for or writing to a terminal without `NO_COLOR`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::analysis::AnalyzedToken;
use crate::api::{Article, FacetCounts, FacetList, Response, Stats, NO_SOURCE};

/// Colours to use, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    fn matched(&self, text: &str) -> String {
        self.paint("1;31", text)
    }
}

fn join_present(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A search response as text (with the facet counts, when `facets`).
pub fn search_text(resp: &Response, style: Style, offset: usize, facets: bool) -> String {
    let mut out = String::new();
    for hit in &resp.hits {
        let title = hit.title.as_deref().unwrap_or(&hit.article_id);
        let _ = writeln!(out, "{:>2}. {}", hit.rank, style.bold(title));
        let place_line = join_present(&[
            hit.date.as_deref(),
            hit.place.as_deref(),
            hit.source.as_deref(),
        ]);
        // Without a title the article id is already the heading.
        let mut location = match hit.title {
            Some(_) => format!("{} ¶{}", hit.article_id, hit.paragraph),
            None => format!("¶{}", hit.paragraph),
        };
        if hit.duplicates > 0 {
            let _ = write!(location, " (+{} same paragraph elsewhere)", hit.duplicates);
        }
        if let Some(others) = hit.other_paragraphs.as_ref().filter(|o| !o.is_empty()) {
            let list: Vec<String> = others.iter().map(|p| format!("¶{p}")).collect();
            let _ = write!(location, " (also {})", list.join(" "));
        }
        let meta = join_present(&[Some(place_line.as_str()), Some(location.as_str())]);
        let _ = writeln!(out, "    {}", style.dim(&meta));
        let mut passage = String::new();
        let mut at = 0;
        for range in &hit.byte_highlights {
            passage.push_str(&hit.snippet[at..range.start]);
            passage.push_str(&style.matched(&hit.snippet[range.clone()]));
            at = range.end;
        }
        passage.push_str(&hit.snippet[at..]);
        let _ = writeln!(out, "    {passage}");
        let countries: Vec<String> = hit
            .countries
            .iter()
            .map(|c| format!("{} {}", c.name, c.code))
            .collect();
        let mut facets = Vec::new();
        if !countries.is_empty() {
            facets.push(format!("countries: {}", countries.join("، ")));
        }
        if !hit.persons.is_empty() {
            facets.push(format!("persons: {}", hit.persons.join("، ")));
        }
        if !facets.is_empty() {
            let _ = writeln!(out, "    {}", style.dim(&facets.join(" · ")));
        }
        out.push('\n');
    }
    if facets {
        out.push_str(&facet_text(&resp.facets, 10, style));
    }
    let shown = resp.hits.len();
    let summary = if shown == 0 {
        format!("no hits of {} matching paragraphs shown", resp.total)
    } else {
        format!(
            "hits {}–{} · {} matching paragraph{} · {} ms",
            offset + 1,
            offset + shown,
            resp.total,
            if resp.total == 1 { "" } else { "s" },
            resp.took_ms
        )
    };
    let _ = writeln!(out, "{}", style.dim(&summary));
    out
}

/// Any answer as pretty JSON, one object and a newline.
pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("khabar's answers serialise") + "\n"
}

/// The facet counts of a whole index as text columns.
pub fn facet_list_text(list: &FacetList, style: Style) -> String {
    let counts = FacetCounts {
        countries: list.countries.clone().unwrap_or_default(),
        persons: list.persons.clone().unwrap_or_default(),
        ..FacetCounts::default()
    };
    facet_text(&counts, usize::MAX, style)
}

/// Facet counts as text columns.
pub fn facet_text(facets: &FacetCounts, limit: usize, style: Style) -> String {
    let mut out = String::new();
    if !facets.countries.is_empty() {
        let _ = writeln!(out, "{}", style.bold("countries"));
        for c in facets.countries.iter().take(limit) {
            let _ = writeln!(out, "  {:>6}  {}  {}", c.count, c.code, c.name);
        }
    }
    if !facets.persons.is_empty() {
        let _ = writeln!(out, "{}", style.bold("persons"));
        for p in facets.persons.iter().take(limit) {
            let _ = writeln!(out, "  {:>6}  {}", p.count, p.name);
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// An article's paragraphs as text.
pub fn article_text(article: &Article, style: Style) -> String {
    let mut out = String::new();
    let first = article;
    let _ = writeln!(
        out,
        "{}",
        style.bold(first.title.as_deref().unwrap_or(&first.article_id))
    );
    let meta = join_present(&[
        first.date.as_deref(),
        first.place.as_deref(),
        first.source.as_deref(),
        Some(first.path.as_str()),
    ]);
    let _ = writeln!(out, "{}\n", style.dim(&meta));
    for p in &article.paragraphs {
        let _ = writeln!(
            out,
            "{} {}",
            style.dim(&format!("¶{:<3}", p.paragraph)),
            p.text
        );
        let countries: Vec<String> = p.countries.iter().map(|c| c.code.clone()).collect();
        if !countries.is_empty() || !p.persons.is_empty() {
            let _ = writeln!(
                out,
                "     {}",
                style.dim(&join_present(&[
                    (!countries.is_empty())
                        .then_some(countries.join(" "))
                        .as_deref(),
                    (!p.persons.is_empty())
                        .then_some(p.persons.join("، "))
                        .as_deref(),
                ]))
            );
        }
    }
    out
}

/// Index statistics as text.
pub fn stats_text(stats: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "articles      {}", stats.articles);
    let _ = writeln!(out, "paragraphs    {}", stats.paragraphs);
    if let Some([from, to]) = &stats.date_range {
        let _ = writeln!(out, "dates         {from} … {to}");
    }
    let _ = writeln!(
        out,
        "on disk       {:.1} MB",
        stats.bytes_on_disk as f64 / 1e6
    );
    let _ = writeln!(
        out,
        "built         {} from {}",
        stats.built_at, stats.corpus
    );
    let _ = writeln!(out, "config hash   {}", stats.config_hash);
    let _ = writeln!(out, "sources");
    for (source, n) in &stats.sources {
        let name = if source.is_empty() { NO_SOURCE } else { source };
        let _ = writeln!(out, "  {n:>7}  {name}");
    }
    out
}

/// `khabar analyze` as a table, after the list of analysis steps; a stemmed word also shows the
/// unstemmed term indexed beside its stem.
pub fn tokens_text(tokens: &[AnalyzedToken], steps: &[String]) -> String {
    let mut out = format!(
        "steps: {}\npos  start..end  surface → normalized → term\n",
        steps.join(" → ")
    );
    for t in tokens {
        let term = t.term.as_deref().unwrap_or("(stopword, not indexed)");
        let _ = write!(
            out,
            "{:>3}  {:>5}..{:<4}  {} → {} → {}",
            t.position, t.start, t.end, t.surface, t.normalized, term
        );
        if let Some(unstemmed) = &t.unstemmed {
            let _ = write!(out, "  (and {unstemmed})");
        }
        out.push('\n');
    }
    out
}
