//! Writes the built-in configuration's list (`$OUT_DIR/built_in.rs`) with the digest of its
//! files taken here, once, and links the `khabar` binary as a position-dependent executable on
//! Linux.
//!
//! A search process would otherwise hash the 900 KB of built-in files to tell whether an index
//! was built with them. A position-independent executable has its 32,000 pointers into itself
//! (vtables, static tables) patched by the dynamic loader at every start, about a tenth of a
//! one-search process; the code stays position-independent, only the final link fixes the
//! addresses.

#[path = "src/files_digest.rs"]
mod files_digest;

use std::fmt::Write as _;
use std::path::Path;

/// The files of a configuration, in the order they are hashed (`analyzer.toml` first).
const FILES: [&str; 11] = [
    "analyzer.toml",
    "stopwords.txt",
    "stem-exceptions.txt",
    "countries.toml",
    "persons.toml",
    "title-cues.toml",
    "datelines.toml",
    "nouns.txt",
    "persons-model.txt",
    "person-words.txt",
    "word-clusters.txt",
];

fn main() {
    // Read when the script runs, not when it is compiled: cargo reuses one compiled script for
    // clones of this crate at other paths that share a target directory.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("index-config");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/files_digest.rs");
    let mut texts = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        texts.push((name, text, path));
    }
    let digest = files_digest::files_digest(texts[1..].iter().map(|(n, t, _)| (*n, t.as_str())));
    let mut out = String::new();
    writeln!(
        out,
        "/// The files of a configuration, in the order they are hashed, with their built-in text."
    )
    .unwrap();
    writeln!(
        out,
        "pub const BUILT_IN: [(&str, &str); {}] = [",
        FILES.len()
    )
    .unwrap();
    for (name, _, path) in &texts {
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// The digest of the built-in files after `analyzer.toml` ([`files_digest`])."
    )
    .unwrap();
    writeln!(out, "const BUILT_IN_FILES_DIGEST: &str = {digest:?};").unwrap();
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("built_in.rs"), out).expect("OUT_DIR is writable");

    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
