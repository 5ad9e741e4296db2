//! khabar's integration tests, one binary. Each module's first line says what belongs there.

mod util;

/// `khabar analyze` and the analyser through the CLI: spellings that must meet.
mod analyze;
/// The whole first-run path on the bundled corpus: index, search, exit codes.
mod first_run;
/// `khabar search`: query language, ranking, highlights, paging, grouping, `show`.
mod search;
