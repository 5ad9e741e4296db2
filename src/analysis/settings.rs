//! `AnalyzerSettings`: the switches of `index-config/analyzer.toml`.

use serde::Deserialize;

/// The analyser's switches; every field defaults to on (and `max_chars` to 40).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzerSettings {
    /// The character folds.
    pub normalize: NormalizeSettings,
    /// Remove the words of `stopwords.txt`.
    pub stopwords: bool,
    /// Light stemming, with the words of `stem-exceptions.txt` left whole.
    pub stem: bool,
    /// Also index a word's unstemmed normal form when stemming changed it (see `unstemmed.rs`).
    pub unstemmed: bool,
    /// Also index a word without a bare preposition ب ل ك when `nouns.txt` says the rest is a
    /// word (لقطار beside قطار; see `proclitic.rs`).
    pub proclitics: bool,
    /// Weight of the unstemmed form in a query, against 1 for the stem.
    pub unstemmed_boost: f32,
    /// Words longer than this many characters (after normalisation) are not indexed.
    pub max_chars: usize,
    /// Characters of context in a search hit's passage.
    pub snippet_chars: usize,
}

impl AnalyzerSettings {
    /// Why these settings cannot be used, if they cannot.
    pub fn check(&self) -> Result<(), String> {
        if !(self.unstemmed_boost > 0.0 && self.unstemmed_boost <= 10.0) {
            return Err(format!(
                "unstemmed_boost = {} is out of range: give a weight above 0 and at most 10 (0.2 is the default)",
                self.unstemmed_boost
            ));
        }
        if self.max_chars == 0 {
            return Err("max_chars = 0 would index nothing: give a length such as 40".to_string());
        }
        Ok(())
    }
}

/// One switch per fold; see the files of `src/analysis/` for what each folds.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeSettings {
    pub presentation_forms: bool,
    pub diacritics: bool,
    pub tatweel: bool,
    pub invisible: bool,
    pub alef: bool,
    pub digits: bool,
    pub lowercase: bool,
    pub alef_maksura: bool,
    pub teh_marbuta: bool,
    pub hamza_seats: bool,
    pub persian: bool,
}

impl Default for AnalyzerSettings {
    fn default() -> Self {
        AnalyzerSettings {
            normalize: NormalizeSettings::default(),
            stopwords: true,
            stem: true,
            unstemmed: true,
            proclitics: true,
            unstemmed_boost: 0.2,
            max_chars: 40,
            snippet_chars: 200,
        }
    }
}

impl Default for NormalizeSettings {
    fn default() -> Self {
        NormalizeSettings {
            presentation_forms: true,
            diacritics: true,
            tatweel: true,
            invisible: true,
            alef: true,
            digits: true,
            lowercase: true,
            alef_maksura: true,
            teh_marbuta: true,
            hamza_seats: true,
            persian: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_out_of_range_are_refused() {
        assert_eq!(AnalyzerSettings::default().check(), Ok(()));
        for boost in [0.0, -1.0, f32::NAN, 11.0] {
            let settings = AnalyzerSettings {
                unstemmed_boost: boost,
                ..AnalyzerSettings::default()
            };
            assert!(settings.check().unwrap_err().contains("unstemmed_boost"));
        }
        let settings = AnalyzerSettings {
            max_chars: 0,
            ..AnalyzerSettings::default()
        };
        assert!(settings.check().is_err());
    }
}
