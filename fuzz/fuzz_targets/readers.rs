//! Fuzz target: decoding, the `.txt` reader and the JSON Lines reader never panic.
#![no_main]

use khabar::corpus::{encoding, jsonl, txt};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, _)) = encoding::decode(data) {
        let article = txt::parse(&text, "fuzz.txt");
        assert!(article.paragraphs.iter().all(|p| !p.trim().is_empty()));
    }
    let mut problems = Vec::new();
    let _ = jsonl::read(data, "fuzz.jsonl", "fuzz.jsonl", |a| assert!(!a.id.is_empty()), &mut problems);
});
