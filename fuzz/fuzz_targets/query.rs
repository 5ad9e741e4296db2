//! Fuzz target: the query parser reads anything without panicking, and every item it keeps has text.
#![no_main]

use khabar::query::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let query = parse(&text);
    for item in query.groups.iter().flatten().chain(&query.excluded) {
        assert!(!item.text.trim().is_empty());
    }
});
