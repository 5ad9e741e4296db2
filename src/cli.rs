//! The command line: clap definitions. Each `///` comment is the help a user reads.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Search Arabic news, paragraph by paragraph.
///
/// khabar indexes a folder of Arabic news articles (.txt, .jsonl, .jsonl.gz; UTF-8, UTF-16 or
/// Windows-1256) into paragraph documents, folding the many spellings of Arabic words together,
/// and finds them again with highlighted passages and country and person filters.
///
/// Example: khabar search "وزير الخارجية" --country روسيا
#[derive(Debug, Parser)]
#[command(
    name = "khabar",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index of a folder of articles.
    ///
    /// Walks CORPUS_DIR recursively (hidden entries skipped) and makes one document per
    /// paragraph. Run it again after the folder changes: only new and changed articles are
    /// re-indexed and removed ones are deleted.
    ///
    /// Example: khabar index corpus
    Index {
        /// The folder of articles, or one .txt, .jsonl or .jsonl.gz file.
        #[arg(default_value = "corpus")]
        corpus_dir: PathBuf,
        #[command(flatten)]
        index: IndexArg,
        #[command(flatten)]
        config: ConfigArg,
        /// Index writer threads, each writing a segment of its own (default: one per four
        /// cores; the analysis runs on every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Memory budget of the index writer, in MB.
        #[arg(long, default_value_t = 600)]
        memory_mb: usize,
        /// Start over: delete every document and index the whole folder again.
        #[arg(long)]
        rebuild: bool,
        /// Commit after this many new or changed articles (a killed run keeps what was committed).
        #[arg(long, default_value_t = khabar::indexing::DEFAULT_BATCH)]
        batch: usize,
        /// Shards of a new OpenSearch index.
        #[arg(long, default_value_t = 1)]
        shards: u32,
        /// Replicas of a new OpenSearch index.
        #[arg(long, default_value_t = 1)]
        replicas: u32,
    },
    /// Search the index and print ranked paragraphs with the matched words highlighted.
    ///
    /// Words are all required (if none match all, any of them is enough); "quoted words" must
    /// be adjacent; -word excludes; a OR b takes either; title:word searches titles only. Any
    /// spelling finds the others: with or without diacritics, أ/إ/ا, ة/ه, ى/ي, and clitics.
    /// Exit status: 0 with hits, 1 without, 2 on error.
    ///
    /// Example: khabar search "وزير الخارجية" --country روسيا --limit 5
    Search(SearchArgs),
    /// Print a whole article, paragraph by paragraph, with its countries and persons.
    ///
    /// Example: khabar show xinhua/2024-05-20-wang-yi-sco-astana.txt
    Show {
        /// The article id (the path for .txt files, the `id` field for JSON Lines).
        article_id: String,
        #[command(flatten)]
        index: IndexArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List countries or persons with how many paragraphs of the index name them.
    ///
    /// Example: khabar facets --field country --limit 20
    Facets {
        #[command(flatten)]
        index: IndexArg,
        /// Which facet to list (both by default).
        #[arg(long, value_enum)]
        field: Option<FacetField>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// How many values to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Show what is in the index: articles, paragraphs, dates, sources, size.
    ///
    /// Example: khabar stats --json
    Stats {
        #[command(flatten)]
        index: IndexArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show how the Arabic analyser reads a text: each word's normal form and indexed term.
    ///
    /// Example: khabar analyze "وَزِيرُ الخارجيّة الأمريكى"
    Analyze {
        /// The text to analyse.
        text: String,
        /// Print JSON: {"tokens":[{"surface","normalized","term","start","end","position"}]}.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Serve the search as a web page and a JSON API on this machine.
    ///
    /// Prints the address when ready; read-only; Ctrl-C stops it. A new `khabar index` run is
    /// picked up without a restart. The API: /api/search (the parameters of `khabar search`,
    /// the JSON of `khabar search --json`), /api/articles/ID, /api/facets, /api/stats and
    /// /api/openapi.json.
    ///
    /// Example: khabar serve --addr 127.0.0.1:7700
    Serve {
        #[command(flatten)]
        index: IndexArg,
        #[command(flatten)]
        config: ConfigArg,
        /// The address to listen on (loopback unless you give another).
        #[arg(long, default_value = "127.0.0.1:7700")]
        addr: std::net::SocketAddr,
    },
    /// Show where each configuration file comes from, or write the built-in files out for editing.
    ///
    /// Files are looked up in --config DIR, else $KHABAR_CONFIG, else built into khabar; a folder
    /// may hold only the files it changes.
    ///
    /// Example: khabar config --dump my-config
    Config {
        #[command(flatten)]
        config: ConfigArg,
        /// Write the built-in files into this folder (created; existing files are not overwritten).
        #[arg(long, value_name = "DIR")]
        dump: Option<PathBuf>,
    },
    /// Print shell completions.
    ///
    /// Example: khabar completions bash > ~/.local/share/bash-completion/completions/khabar
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `--index DIR`.
#[derive(Debug, Clone, clap::Args)]
pub struct IndexArg {
    /// The index: a folder, or an OpenSearch index URL http(s)://[USER:PASSWORD@]HOST:PORT/NAME
    /// [default: $KHABAR_INDEX, else .khabar-index].
    #[arg(long, value_name = "DIR|URL", env = "KHABAR_INDEX")]
    pub index: Option<String>,
}

/// `--config DIR`.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArg {
    /// A folder of analyser settings, word lists and gazetteers; its files replace the built-in
    /// ones of the same name [default: $KHABAR_CONFIG, else the built-in configuration].
    #[arg(long, value_name = "DIR")]
    pub config: Option<PathBuf>,
}

/// The arguments of `khabar search`.
#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// What to search for.
    pub query: String,
    #[command(flatten)]
    pub index: IndexArg,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Only paragraphs about this country: ISO code (RU), English name (Russia) or any Arabic
    /// form (روسيا, الروسية). Repeat for any of several.
    #[arg(long, value_name = "X")]
    pub country: Vec<String>,
    /// Only paragraphs naming this person (name or alias). Repeat for any of several.
    #[arg(long, value_name = "Y")]
    pub person: Vec<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub from: Option<chrono::NaiveDate>,
    /// Only articles dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub to: Option<chrono::NaiveDate>,
    /// Only articles of this source. Repeat for any of several.
    #[arg(long, value_name = "S")]
    pub source: Vec<String>,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// How many hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// One hit per article (its best paragraph), listing its other matching paragraphs.
    #[arg(long)]
    pub group_by_article: bool,
    /// Show every copy of a paragraph that several outlets ran word for word.
    #[arg(long)]
    pub no_collapse: bool,
    /// Also count the countries and persons of all matching paragraphs.
    #[arg(long)]
    pub facets: bool,
    /// How many countries, persons and sources the facet counts list (the most frequent).
    #[arg(long, value_name = "N", default_value_t = khabar::api::DEFAULT_FACET_LIMIT)]
    pub facet_limit: usize,
    /// Print one JSON object (always with facet counts).
    #[arg(long)]
    pub json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

fn parse_day(value: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("'{value}' is not a date of the form YYYY-MM-DD (e.g. 2024-05-20)"))
}

/// `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// `facets --field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FacetField {
    Country,
    Person,
}
