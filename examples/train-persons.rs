//! Trains the person tagger on NewsFANE's development split and the hand-labelled ANT paragraphs
//! of `tests/gold/persons-train.jsonl` (given `ANT_REPEAT` times), and writes
//! `index-config/persons-model.txt`.
//!
//! ```text
//! cargo run --release --example train-persons               # train on the whole dev split and the ANT paragraphs, write the model
//! cargo run --release --example train-persons -- --tune     # train on dev sentences 0–3044 and the ANT paragraphs, score 3045–3806
//! ANT_REPEAT=0 cargo run --release --example train-persons -- --tune   # … without the ANT
//!     # paragraphs (every mode reads ANT_REPEAT; 3 by default)
//! cargo run --release --example train-persons -- --folds    # the whole dev split in 5 folds (FOLDS=k),
//!     # each scored by a model trained on the others and the ANT paragraphs: 2,829 names, not 543
//! ANT_REPEAT=1 cargo run --release --example train-persons -- --cv     # score each half of the ANT
//!     # paragraphs, trained on the dev split and the other half (ANT_REPEAT=0: the dev split alone)
//! ANT_MORE=/tmp/batch.jsonl cargo run --release --example train-persons -- --folds
//!     # … trying more labelled paragraphs (files joined by `:`) as training data; never scored
//! SHOW=100 CRF="max_iterations=500" cargo run --release --example train-persons -- --tune
//!     # … printing the first 100 sentences with an error (numbered from the first scored one),
//!     # with other CRFsuite settings
//! NAME_BIAS=0 cargo run --release --example train-persons -- --folds   # … names no cheaper
//!     # (see [`NAME_BIAS`])
//! cargo run --release --example train-persons -- --score test   # score the shipped model on the test split
//! cargo run --release --example train-persons -- --score dev    # … or on the dev split
//! cargo run --release --example train-persons -- --lexicon  # person-words.txt, from the ANT bench file
//! ```
//!
//! `--lexicon` reads the ANT bench file (`../shared/corpus-real/bench/ant-arabic-news.jsonl.gz`,
//! Apache-2.0) less the articles of `tests/gold/persons-heldout.jsonl`, finds persons there, and
//! writes the first and last words of the names of two words or more that three articles or more
//! name: a given-name and family-name feature for the tagger (run it before training). It reads
//! the bench file twice: first with `persons.toml` and the title cues alone, then with them and a
//! tagger trained (as the default mode trains) with the first list's words. It writes the first
//! list (`given`, `family`) and the words only the tagger's names add (`given-tagged`,
//! `family-tagged`: features, but no known names for the rules after the tagger). The only labels
//! it reads are the training data's.
//!
//! The data is `../shared/eval-external/newsfane/` (F. Alotaibi and M. Lee, COLING 2014, CC BY-SA
//! 3.0; its SOURCE.md gives the split and the scoring rule). Its text has clitics split off
//! (`و قال`, `نمو ها`): each sentence is put back together (a lone و ف ب ل joins the next token,
//! a lone ه ها هم … the one before) and read with khabar's own analysis, so the features are those
//! of real articles. A name whose first token had a proclitic is labelled `C` on the joined word.
//!
//! `tests/gold/persons-train.jsonl` (ANT news, Apache-2.0; see its `.md`) gives paragraphs with
//! their persons as written. Each paragraph is read with khabar's analysis, and every run of
//! words that spells a labelled name (after normalisation; a proclitic و ف ب ل ك, alone or
//! after و ف, allowed on the first word, which is then labelled `C`) is labelled `B`/`C` `I` …;
//! so is the last word of a labelled name of two words or more (with a joiner before it: بن عمر،
//! آل الشيخ; also with the article: زمالي → الزمالي) where it stands alone (a surname mention, as
//! NewsFANE labels them), when it is not a stopword, an ordinal or the end of a compound name
//! (الثاني، الله). Longer names are placed first. The paragraphs follow the NewsFANE sentences,
//! `ANT_REPEAT` times (three by default: see [`ANT_REPEAT`]).
//! Scoring indexes the sentences in order as articles of eight paragraphs through
//! [`Facets::of_article`], as SOURCE.md says. Training is deterministic (CRFsuite, L-BFGS, fixed
//! order and settings): the same data gives the same file.

#[path = "common/ant.rs"]
mod ant;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use crfsuite::{Algorithm, Attribute, GraphicalModel, Model, Trainer};
use khabar::config::Config;
use khabar::facets::features::NameWords;
use khabar::facets::{words, Facets, PersonModel};

const PERSON_TYPES: [&str; 9] = [
    "Politician",
    "Athlete",
    "Artist",
    "Other_PER",
    "Religious_PER",
    "Scientist",
    "Businessperson",
    "Lawyer",
    "Engineer",
];
const DEV_END: usize = 3807;
const TUNE_SPLIT: usize = 3045;
const PREFIXES: [&str; 4] = ["و", "ف", "ب", "ل"];
const SUFFIXES: [&str; 11] = [
    "ه", "ها", "هم", "هما", "هن", "نا", "ي", "كم", "كما", "ك", "ني",
];
/// CRFsuite settings, found with `--tune` (which reads `C1` and `C2` from the environment); c1
/// 1.0 since the eighth session (0.2 before the ANT paragraphs; see docs/quality.md).
const C1: &str = "1.0";
const C2: &str = "0.01";
const ITERATIONS: &str = "200";
/// Added to the weights of the `bias` feature for `B` and `C` (a name's first word) in the model
/// written (every mode reads `NAME_BIAS`): each name the tagger reads costs that much less, and it
/// reads a few more. CRFsuite's weights maximise the likelihood, not F1; 0.25 was chosen in the
/// twelfth session on NewsFANE dev in five folds (F1 0.834 → 0.838, precision 0.891 → 0.882,
/// recall 0.784 → 0.799; 0.5: 0.840, 0.872, 0.811; 1.0 lost precision faster) and on the ANT
/// development sets (precision 0.952 → 0.940, recall 0.905 → 0.915, titled recall 0.955 →
/// 0.964), which brings recall and precision nearer each other (docs/quality.md).
const NAME_BIAS: &str = "0.25";
/// How many times the ANT paragraphs are given to the trainer (every mode reads `ANT_REPEAT`).
/// Three: on the facet gold set and in cross-validation they raise recall at equal or better
/// precision; the 56 names of the ANT development set move by one either way (docs/quality.md).
const ANT_REPEAT: &str = "3";
const ANT_TRAIN: &str = "tests/gold/persons-train.jsonl";
/// Words that join a family name to the name before it: a surname mention keeps them.
const JOINERS: [&str; 4] = ["بن", "ابن", "آل", "أبو"];
/// Last words of names that are no surname (an ordinal, "junior", the ends of compound names).
const NOT_SURNAMES: [&str; 7] = [
    "الثاني",
    "الأول",
    "الثالث",
    "الابن",
    "الله",
    "الدين",
    "الرحمن",
];

fn setting(name: &str, default: &'static str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// One NewsFANE sentence: its tokens, and the person names as token lists.
struct Sentence {
    tokens: Vec<(String, String)>,
}

impl Sentence {
    fn person(tag: &str) -> Option<char> {
        let (bio, kind) = tag.split_once('-')?;
        PERSON_TYPES.contains(&kind).then(|| bio.chars().next())?
    }

    /// The gold names, each as its tokens.
    fn names(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for (tok, tag) in &self.tokens {
            match Sentence::person(tag) {
                Some('B') => out.push(vec![tok.clone()]),
                Some('I') if !out.is_empty() => out.last_mut().unwrap().push(tok.clone()),
                _ => {}
            }
        }
        out
    }

    /// The sentence put back together, and each word's byte range and label.
    fn rebuild(&self) -> (String, Vec<(usize, usize, &'static str)>) {
        let mut text = String::new();
        let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
        let mut pending = String::new();
        for (tok, tag) in &self.tokens {
            let arabic_end = text.chars().last().is_some_and(|c| c.is_alphabetic());
            if SUFFIXES.contains(&tok.as_str()) && pending.is_empty() && arabic_end {
                // نمو ها → نموها; زوجة ه → زوجته
                if text.ends_with('ة') {
                    text.pop();
                    text.push('ت');
                }
                text.push_str(tok);
                if let Some(last) = out.last_mut() {
                    last.1 = text.len();
                }
                continue;
            }
            if PREFIXES.contains(&tok.as_str()) && Sentence::person(tag).is_none() {
                pending.push_str(tok);
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            let label = match Sentence::person(tag) {
                Some('B') if pending.is_empty() => "B",
                Some('B') => "C",
                Some('I') => "I",
                _ => "O",
            };
            text.push_str(&pending);
            text.push_str(tok);
            pending.clear();
            out.push((start, text.len(), label));
        }
        if !pending.is_empty() {
            text.push(' ');
            text.push_str(&pending);
        }
        (text, out)
    }
}

fn read(path: &Path) -> Result<Vec<Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    for line in text.lines() {
        let line: String = line
            .chars()
            .filter(|&c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{FEFF}'))
            .collect();
        match line.split_once('\t') {
            Some((tok, tag)) if !tok.trim().is_empty() => {
                tokens.push((tok.trim().to_string(), tag.trim().to_string()))
            }
            _ => {
                if !tokens.is_empty() {
                    out.push(Sentence {
                        tokens: std::mem::take(&mut tokens),
                    });
                }
            }
        }
    }
    if !tokens.is_empty() {
        out.push(Sentence { tokens });
    }
    Ok(out)
}

/// A sequence for the trainer: each word's features, and its label.
type Sequence = (Vec<Vec<String>>, Vec<&'static str>);

/// The features and labels of each sentence, as khabar's analysis reads it.
fn sequences(facets: &Facets, sentences: &[&Sentence]) -> Vec<Sequence> {
    sentences
        .iter()
        .filter_map(|s| {
            let (text, built) = s.rebuild();
            let ws = words(facets.pipeline(), &text);
            if ws.is_empty() {
                return None;
            }
            let mut labels = Vec::with_capacity(ws.len());
            let mut k = 0;
            let mut last_word = usize::MAX;
            for w in &ws {
                while k + 1 < built.len() && built[k].1 <= w.start {
                    k += 1;
                }
                let label = built[k].2;
                labels.push(if k == last_word {
                    if label == "O" {
                        "O"
                    } else {
                        "I"
                    }
                } else {
                    label
                });
                last_word = k;
            }
            Some((facets.person_features(&text, &ws), labels))
        })
        .collect()
}

/// The sentences as the trainer takes them.
fn refs(sentences: &[Sentence]) -> Vec<&Sentence> {
    sentences.iter().collect()
}

/// A hand-labelled ANT paragraph: its text and the persons it names, as written.
#[derive(Clone)]
struct Labelled {
    id: String,
    paragraph: usize,
    text: String,
    persons: Vec<String>,
}

fn read_labelled(path: &Path) -> Result<Vec<Labelled>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let row: serde_json::Value = serde_json::from_str(line)?;
        out.push(Labelled {
            id: row["id"].as_str().context("an id")?.to_string(),
            paragraph: row["paragraph"].as_u64().context("a paragraph number")? as usize,
            text: row["text"].as_str().context("a text")?.to_string(),
            persons: row["persons"]
                .as_array()
                .context("persons")?
                .iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect(),
        });
    }
    Ok(out)
}

/// Whether the word `word` spells the name word `name`: `Some(false)` as it is, `Some(true)` with a
/// proclitic (و ف ب ل ك, alone or after و ف; لل for ل + ال).
fn spells(word: &str, name: &str) -> Option<bool> {
    if word == name {
        return Some(false);
    }
    let bare = |rest: &str| {
        rest == name
            || name
                .strip_prefix("ال")
                .is_some_and(|n| rest.strip_prefix('ل') == Some(n))
    };
    let rest = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    if rest != word && bare(rest) {
        return Some(true);
    }
    rest.strip_prefix(['ب', 'ل', 'ك'])
        .is_some_and(bare)
        .then_some(true)
}

/// The features and labels of each hand-labelled paragraph; a labelled name found nowhere in its
/// paragraph is an error.
fn labelled_sequences(facets: &Facets, paragraphs: &[Labelled]) -> Result<Vec<Sequence>> {
    let pipeline = facets.pipeline();
    let mut out = Vec::new();
    for p in paragraphs {
        let ws = words(pipeline, &p.text);
        let mut labels = vec!["O"; ws.len()];
        let mut names: Vec<Vec<String>> = p
            .persons
            .iter()
            .map(|n| {
                words(pipeline, n)
                    .into_iter()
                    .map(|w| w.normalized.to_string())
                    .collect()
            })
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        for (name, written) in names.iter().zip(&p.persons) {
            let mut found = false;
            for i in 0..(ws.len() + 1).saturating_sub(name.len()) {
                let span = i..i + name.len();
                if name.is_empty() || labels[span.clone()].iter().any(|&l| l != "O") {
                    continue;
                }
                let Some(clitic) = spells(&ws[i].normalized, &name[0]) else {
                    continue;
                };
                if (1..name.len()).all(|k| ws[i + k].normalized == name[k] && ws[i + k].gap.joins())
                {
                    labels[i] = if clitic { "C" } else { "B" };
                    labels[i + 1..span.end].fill("I");
                    found = true;
                }
            }
            anyhow::ensure!(found, "{ANT_TRAIN}: {written:?} is not in {:?}", p.text);
        }
        // A later mention by surname: the last word of a name of two words or more (with the
        // joiner before it: بن عمر، آل الشيخ), alone, also with the article (زمالي → الزمالي).
        for name in names.iter().filter(|n| n.len() >= 2) {
            let n = name.len();
            let joined = JOINERS.iter().any(|j| pipeline.normalize(j) == name[n - 2]);
            let surname = &name[if joined && n >= 3 { n - 2 } else { n - 1 }..];
            if NOT_SURNAMES
                .iter()
                .any(|w| pipeline.normalize(w) == surname[surname.len() - 1])
            {
                continue;
            }
            for i in 0..(ws.len() + 1).saturating_sub(surname.len()) {
                let span = i..i + surname.len();
                let alone = surname.len() == 1;
                if (alone && ws[i].stopword) || labels[span.clone()].iter().any(|&l| l != "O") {
                    continue;
                }
                let first = &surname[0];
                let Some(clitic) = spells(&ws[i].normalized, first)
                    .or_else(|| spells(&ws[i].normalized, &format!("ال{first}")))
                else {
                    continue;
                };
                if (1..surname.len())
                    .all(|k| ws[i + k].normalized == surname[k] && ws[i + k].gap.joins())
                {
                    labels[i] = if clitic { "C" } else { "B" };
                    labels[i + 1..span.end].fill("I");
                    if std::env::var_os("SHOW_SURNAMES").is_some() {
                        let words = &p.text[ws[i].start..ws[span.end - 1].end];
                        println!("surname {words} ({}) in {}", name.join(" "), p.text);
                    }
                }
            }
        }
        if !ws.is_empty() {
            out.push((facets.person_features(&p.text, &ws), labels));
        }
    }
    Ok(out)
}

/// Trains on `sentences` and the hand-labelled paragraphs (`repeat` times) and returns the model
/// in khabar's text form.
fn train(
    facets: &Facets,
    sentences: &[&Sentence],
    labelled: &[Labelled],
    repeat: usize,
    header: &str,
) -> Result<String> {
    let shift: f32 = setting("NAME_BIAS", NAME_BIAS)
        .parse()
        .context("NAME_BIAS: want a number")?;
    let mut trainer = Trainer::new(false);
    trainer.select(Algorithm::LBFGS, GraphicalModel::CRF1D)?;
    let ant = labelled_sequences(facets, labelled)?;
    let ant = (0..repeat).flat_map(|_| ant.iter().cloned());
    for (features, labels) in sequences(facets, sentences).into_iter().chain(ant) {
        let xseq: Vec<Vec<Attribute>> = features
            .into_iter()
            .map(|fs| fs.into_iter().map(|f| Attribute::new(f, 1.0)).collect())
            .collect();
        trainer.append(&xseq, &labels, 0)?;
    }
    trainer.set("c1", &setting("C1", C1))?;
    trainer.set("c2", &setting("C2", C2))?;
    trainer.set("max_iterations", ITERATIONS)?;
    for kv in setting("CRF", "").split_whitespace() {
        let (k, v) = kv.split_once('=').context("CRF: want NAME=VALUE …")?;
        trainer.set(k, v)?;
    }
    let dir = tempfile::tempdir()?;
    let bin = dir.path().join("model.crfsuite");
    let dump = dir.path().join("model.dump");
    trainer.train(bin.to_str().context("a temporary path")?, -1)?;
    Model::from_file(bin.to_str().context("a temporary path")?)?.dump_file(&dump)?;
    let dumped = std::fs::read_to_string(&dump)?;
    Ok(convert(&dumped, header, shift))
}

/// CRFsuite's dump (`LABELS`, `TRANSITIONS`, `STATE_FEATURES`) in khabar's text form, features
/// sorted, a name's first word made cheaper by `shift` (see [`NAME_BIAS`]).
fn convert(dump: &str, header: &str, shift: f32) -> String {
    let mut labels = Vec::new();
    let mut transitions = Vec::new();
    let mut states: std::collections::BTreeMap<String, Vec<(String, f32)>> = Default::default();
    let mut section = "";
    for line in dump.lines() {
        if let Some(name) = line.strip_suffix(" = {") {
            section = if name == "LABELS" || name == "TRANSITIONS" || name == "STATE_FEATURES" {
                name
            } else {
                ""
            };
            continue;
        }
        let line = line.trim();
        if line == "}" || line.is_empty() {
            continue;
        }
        match section {
            "LABELS" => labels.push(line.split_once(": ").map_or("", |x| x.1).to_string()),
            "TRANSITIONS" | "STATE_FEATURES" => {
                let rest = line.split_once(") ").map_or(line, |x| x.1);
                let Some((pair, w)) = rest.rsplit_once(": ") else {
                    continue;
                };
                let Some((from, to)) = pair.rsplit_once(" --> ") else {
                    continue;
                };
                let w = w.parse::<f64>().unwrap_or(0.0) as f32;
                if section == "TRANSITIONS" {
                    transitions.push(format!("transition {from} {to} {w}"));
                } else {
                    states
                        .entry(from.to_string())
                        .or_default()
                        .push((to.to_string(), w));
                }
            }
            _ => {}
        }
    }
    let mut out = String::from(header);
    let _ = writeln!(out, "labels {}", labels.join(" "));
    transitions.sort();
    for t in transitions {
        let _ = writeln!(out, "{t}");
    }
    if shift != 0.0 {
        let row = states.entry("bias".to_string()).or_default();
        for label in ["B", "C"] {
            match row.iter_mut().find(|(l, _)| l == label) {
                Some((_, w)) => *w += shift,
                None => row.push((label.to_string(), shift)),
            }
        }
    }
    for (feature, mut weights) in states {
        weights.sort_by(|a, b| a.0.cmp(&b.0));
        let _ = write!(out, "{feature}");
        for (label, w) in weights {
            let _ = write!(out, "\t{label}:{w}");
        }
        out.push('\n');
    }
    out
}

/// A name folded as SOURCE.md's rule says, as tokens (عبد and أبو joined to the next).
fn fold(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in name.split_whitespace() {
        let w: String = w
            .chars()
            .filter(|&c| {
                !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
            })
            .map(|c| match c {
                'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
                'ة' => 'ه',
                'ى' => 'ي',
                c => c,
            })
            .collect();
        if w.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last == "عبد" || last == "ابو" => last.push_str(&w),
            _ => out.push(w),
        }
    }
    out
}

fn matches(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

/// A name as scored: its folded words, and the `persons.toml` person it names, if any.
type Read = (Vec<String>, Option<String>);

/// Precision and recall counts: found right, found, gold found, gold; and the same with a
/// `persons.toml` person's name right for any spelling of that person (the facet shows one name
/// for every spelling: هوغو تشافيز for the article's شافيز).
#[derive(Default, Debug)]
struct Score {
    right: usize,
    found: usize,
    recalled: usize,
    gold: usize,
    right_canonical: usize,
    recalled_canonical: usize,
}

/// How many names of `of` match one of `among` (with `canonical`, also by naming the same
/// `persons.toml` person).
fn count(of: &[Read], among: &[Read], canonical: bool) -> usize {
    let same = |a: &Read, b: &Read| a.1.is_some() && a.1 == b.1;
    of.iter()
        .filter(|a| {
            among
                .iter()
                .any(|b| matches(&a.0, &b.0) || (canonical && same(a, b)))
        })
        .count()
}

impl Score {
    fn add(&mut self, found: &[Read], gold: &[Read]) {
        self.found += found.len();
        self.gold += gold.len();
        self.right += count(found, gold, false);
        self.recalled += count(gold, found, false);
        self.right_canonical += count(found, gold, true);
        self.recalled_canonical += count(gold, found, true);
    }

    fn merge(&mut self, other: &Score) {
        self.right += other.right;
        self.found += other.found;
        self.recalled += other.recalled;
        self.gold += other.gold;
        self.right_canonical += other.right_canonical;
        self.recalled_canonical += other.recalled_canonical;
    }

    fn line(&self) -> String {
        let figures = |right: usize, recalled: usize| {
            let p = right as f64 / self.found.max(1) as f64;
            let r = recalled as f64 / self.gold.max(1) as f64;
            let f1 = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            (p, r, f1)
        };
        let (p, r, f1) = figures(self.right, self.recalled);
        let (pc, rc, f1c) = figures(self.right_canonical, self.recalled_canonical);
        format!(
            "P {p:.3} ({}/{})  R {r:.3} ({}/{})  F1 {f1:.3}; a persons.toml person right for any spelling: P {pc:.3}  R {rc:.3}  F1 {f1c:.3}",
            self.right, self.found, self.recalled, self.gold
        )
    }
}

/// Scores the names found in `sentences`, read as articles of 8 sentences (SOURCE.md's rule);
/// prints the first `show` sentences where they differ from the gold names.
fn score(facets: &Facets, sentences: &[Sentence], show: usize) -> Score {
    let mut total = Score::default();
    let mut shown = 0;
    let read = |n: &str| (fold(n), facets.resolve_person(n).map(|p| p.name.clone()));
    for (a, article) in sentences.chunks(8).enumerate() {
        let texts: Vec<String> = article.iter().map(|s| s.rebuild().0).collect();
        let paragraphs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (_, found) = facets.of_article(&paragraphs, 0);
        for (k, ((s, f), text)) in article.iter().zip(&found).zip(&texts).enumerate() {
            let gold: Vec<Read> = s.names().iter().map(|n| read(&n.join(" "))).collect();
            let got: Vec<Read> = f.persons.iter().map(|n| read(n)).collect();
            total.add(&got, &gold);
            let wrong =
                count(&got, &gold, false) < got.len() || count(&gold, &got, false) < gold.len();
            if wrong && shown < show {
                shown += 1;
                let names = |v: &[Read]| v.iter().map(|n| n.0.join(" ")).collect::<BTreeSet<_>>();
                println!(
                    "[{}] {text}\n  gold {:?}\n  got  {:?}",
                    a * 8 + k,
                    names(&gold),
                    names(&got)
                );
            }
        }
    }
    total
}

/// `person-words.txt` from the ANT bench file (see the top of this file): the names `facets`
/// finds. Given the `first` list (then `facets` tags too), its lines are kept and the words only
/// the tagger's names give are added as `given-tagged` and `family-tagged`.
fn lexicon(root: &Path, facets: &Facets, first: Option<&str>) -> Result<String> {
    use std::collections::BTreeMap;
    let mut counts: BTreeMap<(String, &str), usize> = BTreeMap::new();
    let pipeline = facets.pipeline();
    ant::articles(root, |_, text| {
        let paragraphs: Vec<&str> = text.lines().filter(|p| !p.trim().is_empty()).collect();
        let (_, found) = facets.of_article(&paragraphs, 0);
        let mut here: BTreeSet<(String, &str)> = BTreeSet::new();
        for name in found.iter().flat_map(|f| &f.persons) {
            let words: Vec<String> = name
                .split_whitespace()
                .map(|w| pipeline.normalize(w))
                .collect();
            if let [first, .., last] = &words[..] {
                here.insert((first.clone(), "given"));
                here.insert((last.clone(), "family"));
            }
        }
        for key in here {
            *counts.entry(key).or_default() += 1;
        }
    })?;
    let finders = if first.is_some() {
        "persons.toml, the title cues and a person\n\
         # tagger trained (as `train-persons` trains) with a first list of this kind from persons.toml\n\
         # and the cues alone"
    } else {
        "persons.toml and the title cues"
    };
    let mut out = format!(
        "# Given and family names for the person tagger (src/facets/features.rs): the first and last\n\
         # words of the persons of two words or more found in three articles or more of the ANT corpus\n\
         # bench file (A. Chouigui, O. Ben Khiroun, B. Elayeb; https://antcorpus.github.io; Apache-2.0),\n\
         # less the articles of tests/gold/persons-heldout.jsonl, by {finders}.\n\
         # Written by `cargo run --release --example train-persons -- --lexicon`; normal forms.\n",
    );
    // A word with a proclitic whose bare form is seen as often or more is that name with a
    // proclitic (ومحمد), not a name of its own (وليام).
    let clitic_form = |word: &str, n: usize| {
        let mut chars = word.chars();
        chars
            .next()
            .is_some_and(|c| PREFIXES.iter().any(|p| p.starts_with(c)))
            && ["given", "family"].iter().any(|k| {
                counts
                    .get(&(chars.as_str().to_string(), *k))
                    .copied()
                    .unwrap_or(0)
                    >= n
            })
    };
    let first: BTreeSet<(String, String)> = first
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, k)| (w.to_string(), k.to_string()))
        .collect();
    let mut lines = first.clone();
    for ((word, kind), &n) in &counts {
        if n >= 3 && word.chars().count() >= 2 && !clitic_form(word, n) {
            let key = (word.clone(), kind.to_string());
            if !first.is_empty() && !first.contains(&key) {
                lines.insert((word.clone(), format!("{kind}-tagged")));
            } else {
                lines.insert(key);
            }
        }
    }
    for (word, kind) in lines {
        let _ = writeln!(out, "{word}\t{kind}");
    }
    Ok(out)
}

fn main() -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/eval-external/newsfane/NewsFANE_Gold_2014_170K.txt");
    let sentences = read(&data)?;
    anyhow::ensure!(
        sentences.len() > DEV_END,
        "{}: only {} sentences",
        data.display(),
        sentences.len()
    );
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show: usize = std::env::var("SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut labelled = read_labelled(&root.join(ANT_TRAIN))?;
    // `ANT_MORE`: labelled paragraphs to try as training data (`--cv` trains on them, scores
    // only the shipped ones).
    let mut extra: Vec<Labelled> = Vec::new();
    for p in setting("ANT_MORE", "").split(':').filter(|p| !p.is_empty()) {
        extra.extend(read_labelled(&root.join(p))?);
    }
    if !args.iter().any(|a| a == "--cv") {
        labelled.extend(extra.iter().cloned());
    }
    let repeat: usize = setting("ANT_REPEAT", ANT_REPEAT)
        .parse()
        .context("ANT_REPEAT: want a number")?;
    let mut config = Config::built_in();
    let pipeline = config.pipeline();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["--score", split] => {
            let part = match split {
                "dev" => &sentences[..DEV_END],
                "test" => &sentences[DEV_END..],
                _ => anyhow::bail!("--score takes dev or test"),
            };
            let facets = Facets::new(&config, pipeline);
            println!(
                "NewsFANE {split}: persons {}",
                score(&facets, part, show).line()
            );
        }
        ["--tune"] => {
            config.persons_model = PersonModel::default();
            let plain = Facets::new(&config, pipeline.clone());
            let text = train(
                &plain,
                &refs(&sentences[..TUNE_SPLIT]),
                &labelled,
                repeat,
                "",
            )?;
            config.persons_model = PersonModel::parse(&text).map_err(anyhow::Error::msg)?;
            let facets = Facets::new(&config, pipeline);
            let held = &sentences[TUNE_SPLIT..DEV_END];
            println!(
                "c1 {} c2 {}, ANT paragraphs {} × {repeat}: {} features; NewsFANE dev {TUNE_SPLIT}–{}: persons {}",
                setting("C1", C1),
                setting("C2", C2),
                labelled.len(),
                config.persons_model.features(),
                DEV_END - 1,
                score(&facets, held, show).line()
            );
        }
        [] => {
            config.persons_model = PersonModel::default();
            let plain = Facets::new(&config, pipeline);
            let ant = if repeat == 0 {
                String::new()
            } else {
                format!(
                    "# Also trained on the {} paragraphs of ANT news labelled by hand in\n\
                     # {ANT_TRAIN} ({repeat}×), from the ANT corpus (A. Chouigui,\n\
                     # O. Ben Khiroun, B. Elayeb; https://antcorpus.github.io; Apache-2.0).\n",
                    labelled.len()
                )
            };
            let header = format!(
                "# Person tagger weights (src/facets/tagger.rs): a linear-chain CRF trained by\n\
                 # `cargo run --release --example train-persons` with CRFsuite (L-BFGS, c1 {C1}, c2 {C2},\n\
                 # {ITERATIONS} iterations; a name's first word {NAME_BIAS} cheaper) on the development split\n\
                 # (sentences 0–{}) of NewsFANE Gold:\n\
                 # F. Alotaibi and M. Lee, \"A Hybrid Approach to Features Representation for Fine-grained\n\
                 # Arabic Named Entity Recognition\", COLING 2014. Licence: Creative Commons\n\
                 # Attribution-ShareAlike 3.0 Unported (https://creativecommons.org/licenses/by-sa/3.0/);\n\
                 # as a work derived from NewsFANE, this file is shared under the same licence.\n\
                 {ant}# Do not edit by hand: retrain instead.\n",
                DEV_END - 1
            );
            let text = train(
                &plain,
                &refs(&sentences[..DEV_END]),
                &labelled,
                repeat,
                &header,
            )?;
            let out = root.join("index-config/persons-model.txt");
            std::fs::write(&out, &text)?;
            println!("wrote {} ({} bytes)", out.display(), text.len());
        }
        ["--cv"] => {
            // Each half of the ANT paragraphs (odd and even lines) scored by a model trained on
            // NewsFANE's dev split and the other half, as tests/facets.rs scores persons-dev.jsonl.
            let mut texts: std::collections::HashMap<String, String> = Default::default();
            ant::articles(&root, |id, text| {
                if labelled.iter().any(|l| l.id == id) {
                    texts.insert(id.to_string(), text.to_string());
                }
            })?;
            let mut total = Score::default();
            for half in 0..2 {
                let (test, rest): (Vec<_>, Vec<_>) = labelled
                    .iter()
                    .enumerate()
                    .partition(|(i, _)| i % 2 == half);
                let mut rest: Vec<Labelled> = rest.into_iter().map(|(_, l)| l.clone()).collect();
                rest.extend(extra.iter().cloned());
                config.persons_model = PersonModel::default();
                let plain = Facets::new(&config, pipeline.clone());
                let text = train(&plain, &refs(&sentences[..DEV_END]), &rest, repeat, "")?;
                config.persons_model = PersonModel::parse(&text).map_err(anyhow::Error::msg)?;
                let facets = Facets::new(&config, pipeline.clone());
                for (_, row) in test {
                    let paragraphs: Vec<&str> = texts[&row.id].split('\n').map(str::trim).collect();
                    anyhow::ensure!(paragraphs[row.paragraph - 1] == row.text, "{}", row.id);
                    let (_, found) = facets.of_article(&paragraphs, 0);
                    let key = |n: &String| {
                        let person = facets.resolve_person(n).map(|p| p.name.clone());
                        (facets.name_key(n), person)
                    };
                    let got: Vec<Read> = found[row.paragraph - 1].persons.iter().map(key).collect();
                    let want: Vec<Read> = row.persons.iter().map(key).collect();
                    total.add(&got, &want);
                }
            }
            println!(
                "ANT paragraphs {} × {repeat}, two halves: persons {}",
                labelled.len(),
                total.line()
            );
        }
        ["--folds"] => {
            // NewsFANE's dev split in `FOLDS` runs of whole 8-sentence articles, each scored by a
            // model trained on the others and the ANT paragraphs; two folds at a time.
            let k: usize = setting("FOLDS", "5")
                .parse()
                .context("FOLDS: want a number")?;
            let size = DEV_END.div_ceil(k).div_ceil(8) * 8;
            let dev = &sentences[..DEV_END];
            let run = |f: usize| -> Result<Score> {
                let (lo, hi) = ((f * size).min(DEV_END), ((f + 1) * size).min(DEV_END));
                let mut config = Config::built_in();
                config.persons_model = PersonModel::default();
                let plain = Facets::new(&config, pipeline.clone());
                let rest: Vec<&Sentence> = dev[..lo].iter().chain(&dev[hi..]).collect();
                let text = train(&plain, &rest, &labelled, repeat, "")?;
                config.persons_model = PersonModel::parse(&text).map_err(anyhow::Error::msg)?;
                let facets = Facets::new(&config, pipeline.clone());
                Ok(score(&facets, &dev[lo..hi], show))
            };
            let mut total = Score::default();
            for pair in (0..k).collect::<Vec<_>>().chunks(2) {
                let scores: Vec<Result<Score>> = std::thread::scope(|s| {
                    let handles: Vec<_> = pair.iter().map(|&f| s.spawn(move || run(f))).collect();
                    handles
                        .into_iter()
                        .map(|h| {
                            h.join()
                                .unwrap_or_else(|_| Err(anyhow::anyhow!("a fold panicked")))
                        })
                        .collect()
                });
                for (f, sc) in pair.iter().zip(scores) {
                    let sc = sc?;
                    eprintln!("fold {f}: {}", sc.line());
                    total.merge(&sc);
                }
            }
            println!(
                "c1 {} c2 {}, ANT paragraphs {} × {repeat}; NewsFANE dev in {k} folds: persons {}",
                setting("C1", C1),
                setting("C2", C2),
                labelled.len(),
                total.line()
            );
        }
        ["--lexicon"] => {
            // First the names persons.toml and the title cues find; then those that a tagger
            // trained with the first list's words finds as well. The shipped list is not read:
            // the same files always write the same list.
            config.persons_model = PersonModel::default();
            config.person_words = NameWords::default();
            let cued = lexicon(&root, &Facets::new(&config, pipeline.clone()), None)?;
            config.person_words =
                NameWords::parse(&cued, |w| pipeline.normalize(w)).map_err(anyhow::Error::msg)?;
            let plain = Facets::new(&config, pipeline.clone());
            let model = train(&plain, &refs(&sentences[..DEV_END]), &labelled, repeat, "")?;
            config.persons_model = PersonModel::parse(&model).map_err(anyhow::Error::msg)?;
            let text = lexicon(&root, &Facets::new(&config, pipeline), Some(&cued))?;
            let out = root.join("index-config/person-words.txt");
            std::fs::write(&out, &text)?;
            println!("wrote {} ({} lines)", out.display(), text.lines().count());
        }
        _ => anyhow::bail!("usage: train-persons [--tune | --cv | --score dev|test | --lexicon]"),
    }
    Ok(())
}
