//! The `khabar` command: parse the command line, run, print the error once, map to an exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser};

use khabar::analysis;
use khabar::config::Config;
use khabar::index::{self, IndexOptions, Summary};
use khabar::render::{self, Style};
use khabar::search::{Engine, OpenError, Request, Sort};

mod cli;

use cli::{Cli, ColorArg, Command, FacetField, SearchArgs, SortArg};

/// Exit status with hits / without / on error, like grep.
const FOUND: u8 = 0;
const NOT_FOUND: u8 = 1;
const ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { ERROR } else { FOUND };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::from(FOUND);
            }
            eprintln!("khabar: {err:#}");
            if let Some(hint) = hint(&err) {
                eprintln!("\n{hint}");
            }
            ExitCode::from(ERROR)
        }
    }
}

/// A suggestion printed after the error when the fix can be guessed.
fn hint(err: &anyhow::Error) -> Option<String> {
    match err.downcast_ref::<OpenError>()? {
        OpenError::Missing(_) => {
            Some("build one first: khabar index corpus   (or pass --index DIR)".to_string())
        }
        OpenError::Damaged(..) => {
            Some("rebuild it: khabar index --rebuild   (your corpus is not touched)".to_string())
        }
    }
}

/// Writes to stdout; a closed pipe ends the program quietly.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn index_path(arg: &cli::IndexArg) -> (PathBuf, bool) {
    match &arg.index {
        Some(p) => (p.clone(), false),
        None => (PathBuf::from(index::DEFAULT_INDEX), true),
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Index {
            corpus_dir,
            index,
            config,
            threads,
            memory_mb,
            rebuild,
            batch,
        } => {
            let opts = IndexOptions {
                corpus: corpus_dir,
                index: index_path(&index).0,
                config: config.config,
                threads: threads
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
                memory_mb,
                rebuild,
                batch,
                progress: std::io::stderr().is_terminal(),
            };
            let summary = index::run(&opts)?;
            eprintln!("{}", summary_line(&summary, &opts.index));
            Ok(FOUND)
        }
        Command::Search(args) => search(args),
        Command::Show {
            article_id,
            index,
            json,
        } => {
            let engine = open(&index)?;
            match engine.article(&article_id)? {
                Some(paragraphs) => {
                    let text = if json {
                        render::article_json(&paragraphs)
                    } else {
                        render::article_text(&paragraphs, style(ColorArg::Auto))
                    };
                    emit(&text)?;
                    Ok(FOUND)
                }
                None => {
                    let similar = engine.similar_article_ids(&article_id)?;
                    let mut message =
                        format!("no article '{article_id}' in {}", engine.dir.display());
                    if !similar.is_empty() {
                        message.push_str(&format!("; did you mean {}?", similar.join(", ")));
                    }
                    anyhow::bail!(message)
                }
            }
        }
        Command::Facets {
            index,
            field,
            json,
            limit,
        } => {
            let engine = open(&index)?;
            let mut counts = engine.all_facet_counts()?;
            if field == Some(FacetField::Person) {
                counts.countries.clear();
            }
            if field == Some(FacetField::Country) {
                counts.persons.clear();
            }
            counts.countries.truncate(limit);
            counts.persons.truncate(limit);
            if json {
                let mut value = serde_json::to_value(&counts)?;
                if let Some(obj) = value.as_object_mut() {
                    match field {
                        Some(FacetField::Country) => drop(obj.remove("persons")),
                        Some(FacetField::Person) => drop(obj.remove("countries")),
                        None => {}
                    }
                }
                emit(&(serde_json::to_string_pretty(&value)? + "\n"))?;
            } else {
                emit(&render::facet_text(&counts, limit, style(ColorArg::Auto)))?;
            }
            Ok(FOUND)
        }
        Command::Stats { index, json } => {
            let engine = open(&index)?;
            let stats = engine.stats()?;
            emit(&if json {
                render::stats_json(&stats)
            } else {
                render::stats_text(&stats)
            })?;
            Ok(FOUND)
        }
        Command::Analyze { text, json, config } => {
            let config = Config::load(&config.config)?;
            let pipeline = config.pipeline();
            let tokens = analysis::analyze(&pipeline, &text);
            emit(&if json {
                render::tokens_json(&tokens)
            } else {
                render::tokens_text(&tokens, &pipeline.steps())
            })?;
            Ok(FOUND)
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "khabar", &mut out);
            emit(&String::from_utf8(out).context("completions are UTF-8")?)?;
            Ok(FOUND)
        }
    }
}

fn style(color: ColorArg) -> Style {
    let color = match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Style { color }
}

fn open(arg: &cli::IndexArg) -> Result<Engine> {
    let (dir, _) = index_path(arg);
    let engine = Engine::open(&dir)?;
    warn_if_config_changed(&engine);
    Ok(engine)
}

/// Warns when `index-config/` here differs from the config the index was built with.
fn warn_if_config_changed(engine: &Engine) {
    let local = Path::new("index-config");
    if !local.is_dir() {
        return;
    }
    if let Ok(hash) = khabar::config::hash_of(local) {
        if hash != engine.info.config_hash {
            eprintln!(
                "khabar: warning: {} changed since the index at {} was built; run `khabar index --rebuild` to use it",
                local.display(),
                engine.dir.display()
            );
        }
    }
}

fn search(args: SearchArgs) -> Result<u8> {
    let (dir, defaulted) = index_path(&args.index);
    if defaulted && !index::is_index(&dir) && Path::new("corpus").is_dir() && !dir.exists() {
        eprintln!(
            "khabar: no index yet; building {} from corpus/ first",
            dir.display()
        );
        let opts = IndexOptions {
            corpus: PathBuf::from("corpus"),
            index: dir.clone(),
            config: PathBuf::from("index-config"),
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            memory_mb: 600,
            rebuild: false,
            batch: 5000,
            progress: std::io::stderr().is_terminal(),
        };
        let summary = index::run(&opts)?;
        eprintln!("{}", summary_line(&summary, &dir));
    }
    let engine = open(&args.index)?;
    let request = Request {
        query: args.query.clone(),
        countries: args.country.clone(),
        persons: args.person.clone(),
        from: args.from,
        to: args.to,
        sources: args.source.clone(),
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        group_by_article: args.group_by_article,
        no_collapse: args.no_collapse,
        facets: args.facets || args.json,
    };
    let response = engine.search(&request)?;
    for warning in &response.warnings {
        eprintln!("khabar: note: {warning}");
    }
    let text = if args.json {
        render::search_json(&response)
    } else {
        render::search_text(&response, style(args.color), args.offset)
    };
    emit(&text)?;
    // Like grep: 0 when something matched, even if paging shows none of it.
    Ok(if response.total == 0 {
        NOT_FOUND
    } else {
        FOUND
    })
}

fn summary_line(s: &Summary, index: &Path) -> String {
    let mb = s.bytes as f64 / 1e6;
    let mut line = if s.nothing_changed() {
        format!(
            "nothing changed: {} articles, {} paragraphs already in {} ({:.1} s)",
            s.articles,
            s.paragraphs,
            index.display(),
            s.seconds
        )
    } else {
        format!(
            "indexed {} articles ({} new, {} changed, {} unchanged, {} removed), {} paragraphs, {:.1} MB of files in {:.1} s ({:.1} MB/s) into {}",
            s.articles,
            s.added,
            s.changed,
            s.unchanged,
            s.removed,
            s.paragraphs,
            mb,
            s.seconds,
            mb / s.seconds.max(1e-6),
            index.display()
        )
    };
    if s.other_files > 0 {
        line.push_str(&format!(
            "; {} other files skipped (not .txt/.jsonl/.jsonl.gz)",
            s.other_files
        ));
    }
    if !s.problems.is_empty() {
        const SHOWN: usize = 50;
        line.push_str(&format!("; {} problems, skipped:", s.problems.len()));
        for p in s.problems.iter().take(SHOWN) {
            line.push_str("\n  ");
            line.push_str(p);
        }
        if s.problems.len() > SHOWN {
            line.push_str(&format!("\n  … and {} more", s.problems.len() - SHOWN));
        }
    }
    line
}
