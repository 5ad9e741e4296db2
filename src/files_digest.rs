//! The digest of a configuration's files past `analyzer.toml`, by name, length and text.
//!
//! Shared by the build script, which takes it of the built-in files once, and by
//! [`crate::config`], which takes it of a user's folder; an index hash combines it with the
//! index-time settings of `analyzer.toml`.

/// The BLAKE3 digest of `files` (name and text, in order), in hex.
pub fn files_digest<'a, 'b>(files: impl IntoIterator<Item = (&'a str, &'b str)>) -> String {
    let mut hasher = blake3::Hasher::new();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}
