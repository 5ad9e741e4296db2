//! The `khabar` command: parse the command line, run, print the error once with a hint, map to an
//! exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser};

use khabar::api::{self, Error, Request, Sort, Unavailable};
use khabar::backend::opensearch::{index_cluster, ClusterOptions};
use khabar::backend::tantivy::{index_folder, is_index, WriterOptions, DEFAULT_INDEX};
use khabar::backend::Location;
use khabar::config::{self, Config};
use khabar::indexing::{IndexOptions, Progress, Summary, WriteError};
use khabar::render::{self, Style};
use khabar::server;
use khabar::service::{self, Khabar};

mod cli;
mod progress;

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
    if let Some(err) = err.downcast_ref::<Error>() {
        return match err {
            Error::Unavailable(Unavailable::Missing(_)) => {
                Some("build one first: khabar index corpus   (or pass --index DIR)".to_string())
            }
            Error::Unavailable(Unavailable::Damaged(..)) => Some(
                "rebuild it: khabar index --rebuild   (your corpus is not touched)".to_string(),
            ),
            _ => None,
        };
    }
    match err.downcast_ref::<WriteError>()? {
        WriteError::NeedsRebuild(_) => Some(
            "run `khabar index --rebuild` to index with these settings (your corpus is not touched)"
                .to_string(),
        ),
        WriteError::Busy(_) => None,
    }
}

/// Writes to stdout; a closed pipe ends the program quietly.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn location(arg: &cli::IndexArg) -> Result<Location> {
    Location::parse(arg.index.as_deref().unwrap_or(DEFAULT_INDEX))
}

fn load_config(arg: &cli::ConfigArg) -> Result<Config> {
    Config::find(arg.config.as_deref())
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
            shards,
            replicas,
        } => {
            let config = load_config(&config)?;
            let location = location(&index)?;
            let summary = match &location {
                Location::Local(dir) => {
                    let writer = WriterOptions {
                        threads: threads.unwrap_or_else(WriterOptions::default_threads),
                        memory_mb,
                        rebuild,
                    };
                    index_corpus(dir, &corpus_dir, batch, &writer, &config)?
                }
                Location::OpenSearch(target) => {
                    let cluster = ClusterOptions {
                        shards,
                        replicas,
                        rebuild,
                    };
                    let opts = IndexOptions {
                        corpus: corpus_dir,
                        batch,
                    };
                    let bar = progress::Bar::new(std::io::stderr().is_terminal());
                    index_cluster(target.clone(), &opts, &cluster, &config, &|p| bar.update(p))?
                }
            };
            eprintln!("{}", summary_line(&summary, &location.shown()));
            Ok(FOUND)
        }
        Command::Search(args) => search(args),
        Command::Show {
            article_id,
            index,
            json,
        } => {
            let khabar = open(&index, None, false)?;
            let article = match khabar.article(&article_id) {
                Err(Error::NotFound { id, similar }) => {
                    let mut message = format!("no article '{id}' in {}", khabar.location());
                    if !similar.is_empty() {
                        message.push_str(&format!("; did you mean {}?", similar.join(", ")));
                    }
                    anyhow::bail!(message)
                }
                other => other?,
            };
            emit(&if json {
                render::json(&article)
            } else {
                render::article_text(&article, style(ColorArg::Auto))
            })?;
            Ok(FOUND)
        }
        Command::Facets {
            index,
            field,
            json,
            limit,
        } => {
            let khabar = open(&index, None, false)?;
            let field = field.map(|f| match f {
                FacetField::Country => api::FacetField::Country,
                FacetField::Person => api::FacetField::Person,
            });
            let list = khabar.facets(field, limit)?;
            emit(&if json {
                render::json(&list)
            } else {
                render::facet_list_text(&list, style(ColorArg::Auto))
            })?;
            Ok(FOUND)
        }
        Command::Stats { index, json } => {
            let stats = open(&index, None, false)?.stats()?;
            emit(&if json {
                render::json(&stats)
            } else {
                render::stats_text(&stats)
            })?;
            Ok(FOUND)
        }
        Command::Analyze { text, json, config } => {
            let config = load_config(&config)?;
            let analysis = service::analyze(&config, &text);
            emit(&if json {
                render::json(&analysis)
            } else {
                render::tokens_text(&analysis.tokens, &config.pipeline().steps())
            })?;
            Ok(FOUND)
        }
        Command::Serve {
            index,
            config,
            addr,
        } => {
            let location = location(&index)?;
            let khabar = open(&index, Some(&config), true)?;
            server::serve(
                khabar,
                addr,
                |bound| {
                    println!(
                        "khabar: serving {} on http://{bound}/ (Ctrl-C stops)",
                        location.shown()
                    );
                    let _ = std::io::stdout().flush();
                },
                std::future::pending(),
            )?;
            eprintln!("khabar: stopped");
            Ok(FOUND)
        }
        Command::Config { config, dump } => {
            if let Some(dest) = dump {
                config::dump_built_in(&dest)?;
                eprintln!(
                    "wrote the built-in configuration into {}; edit what you need, delete the rest, and pass --config {} (or set {})",
                    dest.display(),
                    dest.display(),
                    config::ENV
                );
                return Ok(FOUND);
            }
            let config = load_config(&config)?;
            let mut out = String::new();
            for (name, origin) in config.origins() {
                out.push_str(&format!("{name:<20}  {origin}\n"));
            }
            out.push_str(&format!("index hash            {}\n", config.index_hash()));
            emit(&out)?;
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

/// Indexes `corpus` into `dir`, drawing a progress bar on a terminal.
fn index_corpus(
    dir: &Path,
    corpus: &Path,
    batch: usize,
    writer: &WriterOptions,
    config: &Config,
) -> Result<Summary> {
    let opts = IndexOptions {
        corpus: corpus.to_path_buf(),
        batch,
    };
    let bar = progress::Bar::new(std::io::stderr().is_terminal());
    index_folder(dir, &opts, writer, config, &|p: Progress| bar.update(p))
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

/// Opens the index at `arg`. With this run's configuration (`--config`, `$KHABAR_CONFIG` or the
/// built-ins), its query-time settings apply and a warning says when it would build the index
/// differently; without, the built-in query-time settings apply.
fn open(arg: &cli::IndexArg, run_config: Option<&cli::ConfigArg>, watch: bool) -> Result<Khabar> {
    let location = location(arg)?;
    let folder = run_config.and_then(|c| Config::locate(c.config.as_deref()));
    let digest = Config::digest(folder.as_deref())?;
    let khabar = Khabar::open_at(&location, digest.query, watch)?;
    if run_config.is_some() && !khabar.built_with(&digest.index_hash) {
        let used = match folder {
            Some(dir) => dir.display().to_string(),
            None => "the built-in configuration".to_string(),
        };
        eprintln!(
            "khabar: warning: {used} differs from the configuration the index at {} was built with; run `khabar index --rebuild` to use it",
            khabar.location()
        );
    }
    Ok(khabar)
}

fn search(args: SearchArgs) -> Result<u8> {
    let dir = PathBuf::from(DEFAULT_INDEX);
    if args.index.index.is_none()
        && !is_index(&dir)
        && !dir.exists()
        && Path::new("corpus").is_dir()
    {
        eprintln!(
            "khabar: no index yet; building {} from corpus/ first",
            dir.display()
        );
        let writer = WriterOptions {
            threads: WriterOptions::default_threads(),
            memory_mb: 600,
            rebuild: false,
        };
        let config = load_config(&args.config)?;
        let summary = index_corpus(
            &dir,
            Path::new("corpus"),
            khabar::indexing::DEFAULT_BATCH,
            &writer,
            &config,
        )?;
        eprintln!("{}", summary_line(&summary, &dir.display().to_string()));
    }
    let khabar = open(&args.index, Some(&args.config), false)?;
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
        facet_limit: args.facet_limit,
    };
    let response = khabar.search(&request).map_err(with_flag_hint)?;
    for warning in &response.warnings {
        eprintln!("khabar: note: {warning}");
    }
    for suggestion in &response.suggestions {
        eprintln!("khabar: note: did you mean: {suggestion}");
    }
    let text = if args.json {
        render::json(&response)
    } else {
        render::search_text(&response, style(args.color), args.offset, args.facets)
    };
    emit(&text)?;
    // The process ends here: the system frees the index's maps and tables faster than their drops.
    std::mem::forget(khabar);
    // Like grep: 0 when something matched, even if paging shows none of it.
    Ok(if response.total == 0 {
        NOT_FOUND
    } else {
        FOUND
    })
}

/// The service's bad-request words, with the flag that set the value.
fn with_flag_hint(err: Error) -> anyhow::Error {
    let flag = match &err {
        Error::BadRequest(why) if why.contains("date range") => Some("--from / --to"),
        Error::BadRequest(why) if why.contains("hits is too many") => Some("--limit"),
        Error::BadRequest(why) if why.contains("too deep") => Some("--offset"),
        Error::Unknown(u) if u.what == "country" => Some("--country"),
        Error::Unknown(u) if u.what == "person" => Some("--person"),
        _ => None,
    };
    match flag {
        Some(flag) => anyhow::Error::new(err).context(flag),
        None => err.into(),
    }
}

fn summary_line(s: &Summary, index: &str) -> String {
    let mb = s.bytes as f64 / 1e6;
    let mut line = if s.nothing_changed() {
        format!(
            "nothing changed: {} articles, {} paragraphs already in {} ({:.1} s)",
            s.articles, s.paragraphs, index, s.seconds
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
            index
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
