//! Fuzz target: the dateline parser never panics and reports a dateline inside the paragraph.
#![no_main]

use std::sync::OnceLock;

use khabar::corpus::dateline::{DatelineConfig, Datelines};
use libfuzzer_sys::fuzz_target;

fn parser() -> &'static Datelines {
    static PARSER: OnceLock<Datelines> = OnceLock::new();
    PARSER.get_or_init(|| {
        let config: DatelineConfig = toml::from_str(include_str!("../../index-config/datelines.toml")).unwrap();
        Datelines::new(&config)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (paragraph, byline) = text.split_once('\n').unwrap_or((&text, ""));
    let found = parser().parse(paragraph, Some(byline));
    assert!(found.len <= paragraph.len() && paragraph.is_char_boundary(found.len));
});
