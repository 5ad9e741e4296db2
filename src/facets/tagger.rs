//! The person tagger: a linear-chain CRF read from `persons-model.txt`, decoded with Viterbi.
//!
//! The model is trained by `cargo run --release --example train-persons` (CRFsuite, on the
//! development split of NewsFANE) and written as text: a `labels` line, `transition FROM TO
//! WEIGHT` lines, then one line a feature, `FEATURE<TAB>LABEL:WEIGHT …`. Lines starting with `#`
//! are comments. An empty model (no labels) tags nothing.
//!
//! Labels: `O` outside a name, `B` a name's first word, `I` a later word, `C` a name's first word
//! after a one-letter proclitic on it (ومحمد: the name is محمد).

use rustc_hash::FxHashMap as HashMap;

/// The tag of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    O,
    B,
    I,
    C,
}

impl Label {
    fn parse(s: &str) -> Option<Label> {
        Some(match s {
            "O" => Label::O,
            "B" => Label::B,
            "I" => Label::I,
            "C" => Label::C,
            _ => return None,
        })
    }

    /// The label as the model file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::O => "O",
            Label::B => "B",
            Label::I => "I",
            Label::C => "C",
        }
    }
}

/// A parsed `persons-model.txt`.
#[derive(Debug, Clone, Default)]
pub struct PersonModel {
    labels: Vec<Label>,
    /// Feature → row of `weights` (one weight a label).
    index: HashMap<Box<str>, u32>,
    weights: Vec<f32>,
    /// `transitions[from * labels + to]`.
    transitions: Vec<f32>,
}

impl PersonModel {
    /// Reads the text form; errors name the line.
    pub fn parse(text: &str) -> Result<PersonModel, String> {
        let mut model = PersonModel::default();
        for (n, line) in text.lines().enumerate() {
            let bad = |why: &str| format!("line {}: {why}", n + 1);
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("labels ") {
                model.labels = rest
                    .split_whitespace()
                    .map(|l| Label::parse(l).ok_or_else(|| bad("unknown label")))
                    .collect::<Result<_, _>>()?;
                model.transitions = vec![0.0; model.labels.len() * model.labels.len()];
                continue;
            }
            let l = model.labels.len();
            if l == 0 {
                return Err(bad("a weight before the labels line"));
            }
            let label_index = |s: &str| {
                Label::parse(s)
                    .and_then(|x| model.labels.iter().position(|&y| y == x))
                    .ok_or_else(|| bad("unknown label"))
            };
            if let Some(rest) = line.strip_prefix("transition ") {
                let parts: Vec<&str> = rest.split_whitespace().collect();
                let [from, to, w] = parts[..] else {
                    return Err(bad("want transition FROM TO WEIGHT"));
                };
                let w: f32 = w.parse().map_err(|_| bad("bad weight"))?;
                let at = label_index(from)? * l + label_index(to)?;
                model.transitions[at] = w;
                continue;
            }
            let mut parts = line.split('\t');
            let feature = parts.next().unwrap_or_default();
            let row = model.weights.len();
            model.weights.resize(row + l, 0.0);
            for part in parts {
                let (label, w) = part
                    .split_once(':')
                    .ok_or_else(|| bad("want LABEL:WEIGHT"))?;
                let w: f32 = w.parse().map_err(|_| bad("bad weight"))?;
                model.weights[row + label_index(label)?] = w;
            }
            if model
                .index
                .insert(feature.into(), (row / l) as u32)
                .is_some()
            {
                return Err(bad("a feature listed twice"));
            }
        }
        Ok(model)
    }

    /// Whether the model tags nothing.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.index.len()
    }

    /// Every feature with its row.
    pub fn rows(&self) -> impl Iterator<Item = (&str, u32)> {
        self.index.iter().map(|(f, &row)| (&**f, row))
    }

    /// The number of labels.
    pub fn labels(&self) -> usize {
        self.labels.len()
    }

    /// The row of a feature's weights, if the model has it.
    pub fn row(&self, feature: &str) -> Option<u32> {
        self.index.get(feature).copied()
    }

    /// Adds the weights of `row` to `state` (one score a label).
    pub fn add(&self, row: u32, state: &mut [f32]) {
        let l = self.labels.len();
        let row = row as usize * l;
        for (s, w) in state.iter_mut().zip(&self.weights[row..row + l]) {
            *s += w;
        }
    }

    /// Rules `label` out for a word whose scores are `state`.
    pub fn forbid(&self, label: Label, state: &mut [f32]) {
        if let Some(k) = self.labels.iter().position(|&l| l == label) {
            state[k] = f32::NEG_INFINITY;
        }
    }

    /// The best labels for `n` words; `features(i, emit)` emits the features of word `i`.
    pub fn tag(
        &self,
        n: usize,
        mut features: impl FnMut(usize, &mut dyn FnMut(&str)),
    ) -> Vec<Label> {
        if self.labels.is_empty() {
            return vec![Label::O; n];
        }
        self.decode(&self.scores(n, |i, state| {
            features(i, &mut |f: &str| {
                if let Some(row) = self.row(f) {
                    self.add(row, state);
                }
            })
        }))
    }

    /// Each of `n` words' score for each label, as [`PersonModel::decode`] reads them;
    /// `fill(i, state)` adds the feature weights of word `i` to `state` (zeroed, one score a
    /// label).
    pub fn scores(&self, n: usize, mut fill: impl FnMut(usize, &mut [f32])) -> Vec<f32> {
        let l = self.labels.len();
        let mut scores = vec![0f32; n * l];
        for (i, state) in scores.chunks_exact_mut(l.max(1)).enumerate() {
            fill(i, state);
        }
        scores
    }

    /// The best labels (Viterbi) given each word's score for each label, `labels()` scores a
    /// word, word after word.
    pub fn decode(&self, scores: &[f32]) -> Vec<Label> {
        self.decode_scored(scores).0
    }

    /// The best score of labels in which words `start..end` are a name (the first `B`, the others
    /// `I`): near the best labels' score (see [`PersonModel::decode_scored`]) where the tagger
    /// nearly reads a name there. `scores` as for [`PersonModel::decode`].
    pub fn score_with_name(&self, scores: &[f32], start: usize, end: usize) -> f32 {
        let l = self.labels.len();
        let mut forced = scores.to_vec();
        for (i, state) in forced.chunks_exact_mut(l).enumerate().take(end).skip(start) {
            let keep = if i == start { Label::B } else { Label::I };
            for (k, s) in state.iter_mut().enumerate() {
                if self.labels[k] != keep {
                    *s = f32::NEG_INFINITY;
                }
            }
        }
        self.decode_scored(&forced).1
    }

    /// The best labels and their score.
    pub fn decode_scored(&self, scores: &[f32]) -> (Vec<Label>, f32) {
        let l = self.labels.len();
        if l == 0 || scores.is_empty() {
            return (vec![Label::O; scores.len() / l.max(1)], 0.0);
        }
        let n = scores.len() / l;
        let t = &self.transitions[..l * l];
        // the best score of a path to each label of the word before and of this word
        let mut prev: Vec<f32> = scores[..l].to_vec();
        let mut here = vec![0f32; l];
        let mut back = vec![0u8; n * l];
        for (i, word) in scores.chunks_exact(l).enumerate().skip(1) {
            let back = &mut back[i * l..(i + 1) * l];
            for (y, (h, b)) in here.iter_mut().zip(back.iter_mut()).enumerate() {
                let mut best = f32::NEG_INFINITY;
                let mut from = 0;
                for (x, p) in prev.iter().enumerate() {
                    let v = p + t[x * l + y];
                    if v > best {
                        best = v;
                        from = x;
                    }
                }
                *h = best + word[y];
                *b = from as u8;
            }
            std::mem::swap(&mut prev, &mut here);
        }
        let mut y = (0..l).fold(0, |a, b| if prev[b] > prev[a] { b } else { a });
        let score = prev[y];
        let mut out = vec![Label::O; n];
        for i in (0..n).rev() {
            out[i] = self.labels[y];
            y = back[i * l + y] as usize;
        }
        (out, score)
    }
}

/// The names in a label sequence: word ranges, and whether the first word carries a proclitic.
pub fn spans(labels: &[Label]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        if matches!(labels[i], Label::B | Label::C) {
            let mut end = i + 1;
            while end < labels.len() && labels[end] == Label::I {
                end += 1;
            }
            out.push((i, end, labels[i] == Label::C));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "# a toy model\nlabels O B I\ntransition O I -5\ntransition B I 1\n\
        bias\tO:1\nw=محمد\tB:3\nw=علي\tI:1.5\tO:1\n";

    #[test]
    fn cost_of_name_vectors() {
        let model = PersonModel::parse(MODEL).unwrap();
        // قال, محمد, علي: O (bias 1), B (3) or O (1), I (1.5) or O (2); B → I adds 1, O → I costs 5
        let scores = [1.0, 0.0, 0.0, 1.0, 3.0, 0.0, 2.0, 0.0, 1.5];
        let best = model.decode_scored(&scores).1;
        let cost_of_name = |start, end| best - model.score_with_name(&scores, start, end);
        // the best reading (O B I, 6.5) reads محمد علي as a name: it costs nothing
        assert_eq!(cost_of_name(1, 3), 0.0);
        // قال as a name: B B I scores 5.5
        assert_eq!(cost_of_name(0, 1), 1.0);
        // علي alone as a name: O O B scores 2, O B B 4
        assert_eq!(cost_of_name(2, 3), 2.5);
    }

    #[test]
    fn vectors() {
        let model = PersonModel::parse(MODEL).unwrap();
        let tag = |words: &[&str]| {
            model.tag(words.len(), |i, emit| {
                emit("bias");
                emit(&format!("w={}", words[i]));
            })
        };
        use Label::*;
        let cases: &[(&[&str], &[Label])] = &[
            // a name of two words: B then I outweighs O O
            (&["قال", "محمد", "علي"], &[O, B, I]),
            // علي alone: I after O costs more than O
            (&["قال", "علي"], &[O, O]),
            (&[], &[]),
        ];
        for (words, want) in cases {
            assert_eq!(tag(words), *want, "{words:?}");
        }
        assert_eq!(
            spans(&[O, B, I, O, C, B]),
            [(1, 3, false), (4, 5, true), (5, 6, false)]
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            PersonModel::parse("labels O B\nw=x\tX:1").unwrap_err(),
            "line 2: unknown label"
        );
        assert!(PersonModel::parse("").unwrap().is_empty());
    }
}
