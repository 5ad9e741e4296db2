//! Fuzz target: the Arabic analyser never panics and its offsets are always valid, word by word
//! and through the Tantivy analyser (stems and unstemmed terms).
#![no_main]

use std::sync::OnceLock;

use std::sync::Arc;

use khabar::analysis::{analyze, text_analyzer, unstemmed, AnalyzerSettings, Pipeline};
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Arc<Pipeline> {
    static PIPELINE: OnceLock<Arc<Pipeline>> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Arc::new(Pipeline::new(
            &AnalyzerSettings::default(),
            include_str!("../../index-config/stopwords.txt"),
            include_str!("../../index-config/stem-exceptions.txt"),
        ))
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
        assert_eq!(
            again.replace(' ', ""),
            token.normalized.replace(' ', ""),
            "normalising twice changes {:?}",
            token.surface
        );
    }
    let mut analyzer = text_analyzer(pipeline().clone());
    let mut stream = analyzer.token_stream(&text);
    let mut previous = (0, 0, 0);
    while stream.advance() {
        let t = stream.token();
        assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
        assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        if unstemmed::is_unstemmed(&t.text) {
            assert_eq!((t.offset_from, t.offset_to, t.position), previous);
        } else {
            assert!((t.offset_from, t.position) >= (previous.1, previous.2));
        }
        previous = (t.offset_from, t.offset_to, t.position);
    }
});
