//! Word classes (`word-clusters.txt`): words that news uses in the same places share a class, a
//! feature of the person tagger that carries what it learnt of one name to names it never saw.
//!
//! The file is written by `cargo run --release --example word-clusters`: `WORD<TAB>FINE<TAB>COARSE`
//! a line (normal forms, class numbers), `#` comments. An empty file gives no classes.

use rustc_hash::FxHashMap as HashMap;

/// A word's classes: a fine one and the coarse one that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub fine: u16,
    pub coarse: u16,
}

/// A parsed `word-clusters.txt`.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    classes: HashMap<Box<str>, Class>,
}

impl Clusters {
    /// Reads the file; `normalize` gives each word its normal form. Errors name the line.
    pub fn parse(text: &str, normalize: impl Fn(&str) -> String) -> Result<Clusters, String> {
        let mut out = Clusters::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || format!("line {}: want WORD<TAB>FINE<TAB>COARSE", n + 1);
            let mut parts = line.split('\t');
            let (Some(word), Some(fine), Some(coarse), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            let class = Class {
                fine: fine.trim().parse().map_err(|_| bad())?,
                coarse: coarse.trim().parse().map_err(|_| bad())?,
            };
            out.classes.insert(normalize(word.trim()).into(), class);
        }
        Ok(out)
    }

    /// The classes of a normalised word, if it has any.
    pub fn get(&self, word: &str) -> Option<Class> {
        self.classes.get(word).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        let clusters = Clusters::parse("# c\nمحمد\t3\t1\nاحمد\t3\t1\n", str::to_string).unwrap();
        // two given names share a class; an unknown word has none
        assert_eq!(clusters.get("محمد"), clusters.get("احمد"));
        assert_eq!(clusters.get("محمد").map(|c| c.fine), Some(3));
        assert_eq!(clusters.get("قال"), None);
        assert_eq!(
            Clusters::parse("محمد\t3", str::to_string).unwrap_err(),
            "line 1: want WORD<TAB>FINE<TAB>COARSE"
        );
    }
}
