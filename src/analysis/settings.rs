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
    /// Words longer than this many characters (after normalisation) are not indexed.
    pub max_chars: usize,
    /// Characters of context in a search hit's passage.
    pub snippet_chars: usize,
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
