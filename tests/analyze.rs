//! `khabar analyze` and the analyser through the CLI: spellings that must meet.

use crate::util::*;

/// The tokens of `khabar analyze --json TEXT`.
fn tokens(text: &str) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "analyze",
            "--json",
            text,
            "--config",
            config().to_str().unwrap(),
        ],
    );
    assert_status(&out, 0);
    json(&out)["tokens"].as_array().unwrap().clone()
}

fn terms(text: &str) -> Vec<Option<String>> {
    tokens(text)
        .iter()
        .map(|t| t["term"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn vowelled_and_plain_spellings_give_the_same_terms() {
    assert_eq!(
        terms("وَزِيرُ الخارجيّة الأمريكى"),
        terms("وزير الخارجيه الامريكي")
    );
}

#[test]
fn hamza_seat_and_teh_marbuta_variants_meet() {
    // The seed writes الإستراتيجية; users type استراتيجيه.
    assert_eq!(terms("استراتيجيه"), terms("الإستراتيجية"));
}

#[test]
fn json_lists_surface_normal_form_term_offsets_and_positions() {
    let text = "قال مُحَمَّدٌ في عـلى";
    let tokens = tokens(text);
    assert_eq!(tokens.len(), 4);
    let second = &tokens[1];
    assert_eq!(second["surface"], "مُحَمَّدٌ");
    assert_eq!(second["normalized"], "محمد");
    let (start, end) = (
        second["start"].as_u64().unwrap() as usize,
        second["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "مُحَمَّدٌ");
    assert_eq!(second["position"], 1);
    // Stopwords, vowelled or stretched, have no term.
    assert_eq!(tokens[2]["term"], serde_json::Value::Null);
    assert_eq!(tokens[3]["term"], serde_json::Value::Null);
}

#[test]
fn alef_lam_with_a_hamza_is_not_the_article_and_allah_is_one_term() {
    // ألعاب keeps أل and meets الألعاب; الله, والله, بالله are one term, not the stopword له
    assert_eq!(terms("ألعاب"), terms("الألعاب"));
    let allah = vec![Some("الله".to_string())];
    for form in ["الله", "والله", "بالله", "لله"] {
        assert_eq!(terms(form), allah, "{form}");
    }
}

#[test]
fn the_name_ali_survives_while_the_preposition_ala_goes() {
    assert_eq!(terms("على علي"), vec![None, Some("علي".to_string())]);
}

#[test]
fn a_broken_config_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    for entry in std::fs::read_dir(config()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), cfg.join(entry.file_name())).unwrap();
    }
    for (broken, named) in [
        ("stopwords = maybe\n", "analyzer.toml"),
        ("unstemmed_boost = -1.0\n", "unstemmed_boost"),
    ] {
        std::fs::write(cfg.join("analyzer.toml"), broken).unwrap();
        let out = run(
            dir.path(),
            &["analyze", "نص", "--config", cfg.to_str().unwrap()],
        );
        assert_status(&out, 2);
        let err = stderr(&out);
        assert!(
            err.contains("analyzer.toml") && err.contains(named),
            "{err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}
