//! The progress bar of `khabar index` on a terminal, fed by the library's progress callback.

use indicatif::{ProgressBar, ProgressStyle};
use khabar::indexing::Progress;

/// A bar on stderr, or nothing.
pub struct Bar(ProgressBar);

impl Bar {
    /// A bar drawn when `show`, else a hidden one.
    pub fn new(show: bool) -> Bar {
        if !show {
            return Bar(ProgressBar::hidden());
        }
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} indexing [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .expect("valid progress template")
            .progress_chars("=> "),
        );
        Bar(bar)
    }

    /// Follows one step of the run.
    pub fn update(&self, progress: Progress) {
        match progress {
            Progress::Started { total_bytes } => self.0.set_length(total_bytes),
            Progress::Read(bytes) => self.0.inc(bytes),
            Progress::Finished => self.0.finish_and_clear(),
        }
    }
}
