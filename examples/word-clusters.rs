//! Derives `index-config/word-clusters.txt`, the word classes the person tagger reads as features.
//!
//! ```text
//! cargo run --release --example word-clusters
//! ```
//!
//! Reads the dev half of the ANT bench file (`../shared/corpus-real/bench/ant-arabic-news.jsonl.gz`,
//! Apache-2.0; articles whose id has an even FNV-1a hash, as `docs/tools/derive-nouns.py`), less
//! the articles of `tests/gold/persons-heldout.jsonl`, through khabar's own analyser (normal
//! forms). Each of the most frequent words is described by the words seen one and two places
//! before and after it (positive pointwise mutual information against the most frequent words),
//! projected on their main directions (a randomised SVD from a fixed start) and grouped by spherical
//! k-means into fine classes, whose centres are grouped again into coarse classes. Words used in
//! the same places (given names, surnames, verbs of saying, towns) fall into the same class, so
//! the tagger generalises from the names it was trained on to names it never saw.
//!
//! Deterministic: fixed seeds, fixed order, one thread; the same corpus writes the same file.

#[path = "common/ant.rs"]
mod ant;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use khabar::config::Config;
use khabar::facets::words;
use rustc_hash::FxHashMap as HashMap;

/// Words given a class: the most frequent ones, seen at least `MIN_COUNT` times.
const VOCAB: usize = 20_000;
const MIN_COUNT: u32 = 5;
/// Context words: the most frequent ones, in four positions (-2, -1, +1, +2).
const CONTEXTS: usize = 1_000;
const DIMS: usize = 128;
const FINE: usize = 256;
const COARSE: usize = 32;
const ITERATIONS: usize = 20;

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    h
}

/// A fixed pseudo-random generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalize(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Spherical k-means of the unit rows of `points` (`DIMS` wide) into `k` classes, seeded by
/// k-means++; returns each point's class and the centres.
fn kmeans(points: &[f32], k: usize, seed: u64) -> (Vec<usize>, Vec<f32>) {
    let n = points.len() / DIMS;
    let row = |i: usize| &points[i * DIMS..(i + 1) * DIMS];
    let mut rng = Rng(seed);
    let mut centres: Vec<f32> = Vec::with_capacity(k * DIMS);
    centres.extend_from_slice(row((rng.next() % n as u64) as usize));
    let mut far: Vec<f64> = (0..n)
        .map(|i| (1.0 - dot(row(i), &centres[..DIMS])).max(0.0) as f64)
        .collect();
    while centres.len() < k * DIMS {
        let total: f64 = far.iter().sum();
        let mut pick = rng.unit() * total;
        let mut chosen = n - 1;
        for (i, d) in far.iter().enumerate() {
            if pick < *d {
                chosen = i;
                break;
            }
            pick -= d;
        }
        let c = centres.len();
        centres.extend_from_slice(row(chosen));
        for (i, d) in far.iter_mut().enumerate() {
            *d = d.min((1.0 - dot(row(i), &centres[c..c + DIMS])).max(0.0) as f64);
        }
    }
    let mut class = vec![0usize; n];
    for _ in 0..ITERATIONS {
        for (i, c) in class.iter_mut().enumerate() {
            let p = row(i);
            *c = (0..k)
                .map(|j| (dot(p, &centres[j * DIMS..(j + 1) * DIMS]), j))
                .fold((f32::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a })
                .1;
        }
        let mut sums = vec![0f32; k * DIMS];
        for (i, &c) in class.iter().enumerate() {
            for (s, x) in sums[c * DIMS..(c + 1) * DIMS].iter_mut().zip(row(i)) {
                *s += x;
            }
        }
        for j in 0..k {
            let s = &mut sums[j * DIMS..(j + 1) * DIMS];
            if s.iter().all(|&x| x == 0.0) {
                s.copy_from_slice(&centres[j * DIMS..(j + 1) * DIMS]);
            }
            normalize(s);
        }
        centres = sums;
    }
    (class, centres)
}

/// `points = rows · basis` (`basis` is `width × DIMS`).
fn project(rows: &[Vec<(u32, f32)>], basis: &[f32], points: &mut [f32]) {
    for (r, row) in rows.iter().enumerate() {
        let p = &mut points[r * DIMS..(r + 1) * DIMS];
        p.iter_mut().for_each(|x| *x = 0.0);
        for &(dim, v) in row {
            let b = &basis[dim as usize * DIMS..(dim as usize + 1) * DIMS];
            p.iter_mut().zip(b).for_each(|(x, y)| *x += v * y);
        }
    }
}

/// Makes the `DIMS` columns of `m` (`n × DIMS`, row-major) orthonormal (modified Gram–Schmidt).
fn orthonormalize(m: &mut [f32], n: usize) {
    for j in 0..DIMS {
        for k in 0..j {
            let d: f64 = (0..n)
                .map(|i| (m[i * DIMS + j] * m[i * DIMS + k]) as f64)
                .sum();
            for i in 0..n {
                m[i * DIMS + j] -= d as f32 * m[i * DIMS + k];
            }
        }
        let norm = (0..n)
            .map(|i| (m[i * DIMS + j] as f64).powi(2))
            .sum::<f64>()
            .sqrt();
        if norm > 0.0 {
            (0..n).for_each(|i| m[i * DIMS + j] /= norm as f32);
        }
    }
}

fn main() -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let pipeline = Config::built_in().pipeline();
    // Each paragraph as word ids; ids numbered in order of first sight.
    let mut ids: HashMap<String, u32> = HashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut paragraphs: Vec<Vec<u32>> = Vec::new();
    ant::articles(&root, |id, text| {
        if fnv1a(id) % 2 != 0 {
            return;
        }
        for text in text.lines() {
            let ws = words(&pipeline, text);
            let mut seq = Vec::with_capacity(ws.len());
            for w in &ws {
                let word = w.normalized.as_str();
                let id = match ids.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = names.len() as u32;
                        ids.insert(word.to_string(), id);
                        names.push(word.to_string());
                        counts.push(0);
                        id
                    }
                };
                counts[id as usize] += 1;
                seq.push(id);
            }
            paragraphs.push(seq);
        }
    })?;
    // Most frequent first; ties by the word itself.
    let mut ranked: Vec<u32> = (0..names.len() as u32).collect();
    ranked.sort_by(|&a, &b| {
        counts[b as usize]
            .cmp(&counts[a as usize])
            .then_with(|| names[a as usize].cmp(&names[b as usize]))
    });
    let vocab: Vec<u32> = ranked
        .iter()
        .copied()
        .filter(|&w| counts[w as usize] >= MIN_COUNT && names[w as usize].chars().count() >= 2)
        .take(VOCAB)
        .collect();
    let mut row_of = vec![u32::MAX; names.len()];
    for (r, &w) in vocab.iter().enumerate() {
        row_of[w as usize] = r as u32;
    }
    let mut context_of = vec![u32::MAX; names.len()];
    for (c, &w) in ranked.iter().take(CONTEXTS).enumerate() {
        context_of[w as usize] = c as u32;
    }
    // Co-occurrence counts: a word's row, a context word in one of four positions.
    let mut pairs: Vec<HashMap<u32, u32>> = vec![HashMap::default(); vocab.len()];
    let mut dim_totals = vec![0f64; 4 * CONTEXTS];
    for seq in &paragraphs {
        for (i, &w) in seq.iter().enumerate() {
            let r = row_of[w as usize];
            if r == u32::MAX {
                continue;
            }
            for (slot, d) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                let Some(&c) = i.checked_add_signed(d).and_then(|k| seq.get(k)) else {
                    continue;
                };
                let c = context_of[c as usize];
                if c == u32::MAX {
                    continue;
                }
                let dim = slot as u32 * CONTEXTS as u32 + c;
                *pairs[r as usize].entry(dim).or_default() += 1;
                dim_totals[dim as usize] += 1.0;
            }
        }
    }
    // The rows (PPMI, context counts smoothed to the power 0.75), sparse.
    let smoothed: Vec<f64> = dim_totals.iter().map(|&n| n.powf(0.75)).collect();
    let smoothed_total: f64 = smoothed.iter().sum();
    let rows: Vec<Vec<(u32, f32)>> = pairs
        .iter()
        .map(|row| {
            let word_total: f64 = row.values().map(|&n| n as f64).sum();
            let mut dims: Vec<(u32, f32)> = row
                .iter()
                .filter_map(|(&dim, &n)| {
                    let p_context = smoothed[dim as usize] / smoothed_total;
                    let pmi = (n as f64 / word_total / p_context).ln();
                    (pmi > 0.0).then_some((dim, pmi as f32))
                })
                .collect();
            dims.sort_by_key(|&(dim, _)| dim);
            dims
        })
        .collect();
    // The rows projected on their main directions (a randomised SVD: a fixed ±1 start, two
    // rounds of power iteration).
    let width = 4 * CONTEXTS;
    let mut rng = Rng(20261129);
    let mut basis: Vec<f32> = (0..width * DIMS)
        .map(|_| if rng.next() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    orthonormalize(&mut basis, width);
    let mut points = vec![0f32; rows.len() * DIMS];
    for round in 0..3 {
        project(&rows, &basis, &mut points);
        if round == 2 {
            break;
        }
        // basis = orth(Mᵀ · points)
        basis.iter_mut().for_each(|x| *x = 0.0);
        for (r, row) in rows.iter().enumerate() {
            let p = &points[r * DIMS..(r + 1) * DIMS];
            for &(dim, v) in row {
                let b = &mut basis[dim as usize * DIMS..(dim as usize + 1) * DIMS];
                b.iter_mut().zip(p).for_each(|(x, y)| *x += v * y);
            }
        }
        orthonormalize(&mut basis, width);
    }
    for r in 0..rows.len() {
        normalize(&mut points[r * DIMS..(r + 1) * DIMS]);
    }
    let (fine, centres) = kmeans(&points, FINE, 1);
    let (coarse, _) = kmeans(&centres, COARSE, 2);
    let mut lines: BTreeSet<String> = BTreeSet::new();
    for (r, &w) in vocab.iter().enumerate() {
        lines.insert(format!(
            "{}\t{}\t{}",
            names[w as usize], fine[r], coarse[fine[r]]
        ));
    }
    let mut out = format!(
        "# Word classes for the person tagger (src/facets/clusters.rs): WORD<TAB>FINE<TAB>COARSE, normal\n\
         # forms. The {} most frequent words of the dev half of the ANT corpus bench file (A. Chouigui,\n\
         # O. Ben Khiroun, B. Elayeb; https://antcorpus.github.io; Apache-2.0), less the articles of\n\
         # tests/gold/persons-heldout.jsonl, grouped by the words around them into {FINE} fine classes\n\
         # and {COARSE} coarse ones. Written by `cargo run --release --example word-clusters`.\n",
        vocab.len()
    );
    for l in lines {
        let _ = writeln!(out, "{l}");
    }
    let path = root.join("index-config/word-clusters.txt");
    std::fs::write(&path, &out)?;
    println!(
        "wrote {} ({} words, {} paragraphs read)",
        path.display(),
        vocab.len(),
        paragraphs.len()
    );
    Ok(())
}
