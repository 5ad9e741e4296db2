//! Fuzz target: the Arabic analyser never panics and its offsets are always valid.
#![no_main]

use std::sync::OnceLock;

use khabar::analysis::{analyze, AnalyzerSettings, Pipeline};
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::new(
            &AnalyzerSettings::default(),
            include_str!("../../index-config/stopwords.txt"),
            include_str!("../../index-config/stem-exceptions.txt"),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last_start = 0;
    for token in analyze(pipeline(), &text) {
        assert!(token.start <= token.end && token.end <= text.len());
        assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        assert!(token.start >= last_start);
        assert_eq!(&text[token.start..token.end], token.surface);
        last_start = token.start;
        let again = pipeline().normalize(&token.normalized);
        assert_eq!(again.replace(' ', ""), token.normalized.replace(' ', ""), "normalising twice changes {:?}", token.surface);
    }
});
