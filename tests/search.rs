//! `khabar search`: query language, ranking, highlights, paging, grouping, `show`.

use std::collections::HashSet;

use crate::util::*;

#[test]
fn lavrov_ranks_the_seed_paragraph_first_with_the_name_highlighted() {
    let indexed = Indexed::bundled();
    let response = indexed.search_json("لافروف", &[]);
    let first = &hits(&response)[0];
    assert_eq!(first["article_id"], SEED_ID);
    assert_eq!(first["paragraph"], 2);
    assert!(highlighted(first).contains(&"لافروف".to_string()), "{first}");
}

#[test]
fn a_typed_spelling_finds_and_highlights_the_written_one() {
    let indexed = Indexed::bundled();
    let response = indexed.search_json("الاستراتيجيه", &["--limit", "20"]);
    let seed: Vec<&serde_json::Value> = hits(&response)
        .iter()
        .filter(|h| h["article_id"] == SEED_ID)
        .collect();
    let paragraphs: HashSet<u64> = seed
        .iter()
        .map(|h| h["paragraph"].as_u64().unwrap())
        .collect();
    // Paragraphs 3, 6, 9 and 13 write الإستراتيجية / الإستراتيجي / إستراتيجية.
    for p in [3, 6, 9, 13] {
        assert!(
            paragraphs.contains(&p),
            "paragraph {p} missing from {paragraphs:?}"
        );
    }
    for hit in seed {
        for word in highlighted(hit) {
            assert!(
                word.contains("إستراتيجي"),
                "highlight {word:?} is not the written word"
            );
        }
    }
}

#[test]
fn a_quoted_phrase_returns_only_paragraphs_with_the_phrase() {
    let indexed = Indexed::bundled();
    let response = indexed.search_json("\"الحزام والطريق\"", &[]);
    assert!(!hits(&response).is_empty());
    for hit in hits(&response) {
        assert!(
            hit["text"].as_str().unwrap().contains("الحزام والطريق"),
            "{hit}"
        );
    }
}

#[test]
fn limit_and_offset_page_through_the_same_ranking() {
    let indexed = Indexed::bundled();
    let all = indexed.search_json("الصين", &["--limit", "6"]);
    let page = indexed.search_json("الصين", &["--limit", "3", "--offset", "3"]);
    let key = |h: &serde_json::Value| {
        (
            h["article_id"].as_str().unwrap().to_string(),
            h["paragraph"].as_u64().unwrap(),
        )
    };
    let all: Vec<_> = hits(&all).iter().map(key).collect();
    let page: Vec<_> = hits(&page).iter().map(key).collect();
    assert_eq!(page, all[3..6]);
    assert_eq!(
        hits(&indexed.search_json("الصين", &["--limit", "3", "--offset", "3"]))[0]["rank"],
        4
    );
}

#[test]
fn group_by_article_returns_distinct_articles() {
    let indexed = Indexed::bundled();
    let response = indexed.search_json("الصين", &["--group-by-article", "--limit", "50"]);
    let ids: Vec<&str> = hits(&response)
        .iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect();
    let distinct: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), distinct.len(), "{ids:?}");
    let seed = hits(&response)
        .iter()
        .find(|h| h["article_id"] == SEED_ID)
        .unwrap();
    assert!(
        seed["other_paragraphs"].as_array().unwrap().len() >= 5,
        "{seed}"
    );
}

#[test]
fn total_counts_every_matching_paragraph() {
    let indexed = Indexed::bundled();
    let response = indexed.search_json("الصين", &["--limit", "2"]);
    assert_eq!(hits(&response).len(), 2);
    assert!(
        response["total"].as_u64().unwrap() > 10,
        "{}",
        response["total"]
    );
}

#[test]
fn excluded_words_remove_paragraphs() {
    let indexed = Indexed::bundled();
    let response = indexed.search_json("الصين -روسيا", &["--limit", "100"]);
    for hit in hits(&response) {
        assert!(!hit["text"].as_str().unwrap().contains("روسيا"), "{hit}");
    }
}

#[test]
fn all_words_required_then_any_word_with_a_note() {
    let indexed = Indexed::bundled();
    let out = indexed.run(&["search", "لافروف زيمبابويكستان", "--json"]);
    assert_status(&out, 0);
    assert!(stderr(&out).contains("any of them"), "{}", stderr(&out));
    assert_eq!(hits(&json(&out))[0]["paragraph"], 2);
}

/// A temporary corpus of `.txt` files (name, text), indexed.
fn indexed_files(files: &[(&str, &str)]) -> Indexed {
    let corpus = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(corpus.path().join(name), text).unwrap();
    }
    let indexed = Indexed::new(corpus.path());
    drop(corpus);
    indexed
}

#[test]
fn the_fallback_ranks_paragraphs_with_more_of_the_words_first_whatever_the_titles() {
    // القطار is rare and السريع common, so BM25 alone, with the title lift, put b.txt (its title
    // and text hold القطار) above a.txt, whose text holds two of the three words.
    let mut files = vec![
        (
            "a.txt",
            "خبر عن السفر\n\nوصل القطار السريع إلى المحطة صباحا.",
        ),
        (
            "b.txt",
            "القطار القطار في الزيتون\n\nتأخر القطار ساعة كاملة.",
        ),
    ];
    let fillers: Vec<String> = (0..8)
        .map(|i| format!("خبر {i}\n\nالطريق السريع رقم {i} مغلق اليوم."))
        .collect();
    let names: Vec<String> = (0..8).map(|i| format!("f{i}.txt")).collect();
    files.extend(
        names
            .iter()
            .map(String::as_str)
            .zip(fillers.iter().map(String::as_str)),
    );
    let indexed = indexed_files(&files);
    let out = indexed.run(&["search", "القطار السريع الجديد", "--json"]);
    assert_status(&out, 0);
    assert!(
        stderr(&out).contains("those with more of the words first"),
        "{}",
        stderr(&out)
    );
    let response = json(&out);
    let ranked: Vec<&str> = hits(&response)
        .iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect();
    assert_eq!(ranked[0], "a.txt", "{ranked:?}");
    assert!(ranked.contains(&"b.txt"), "{ranked:?}");
    // So does `a OR b`: a paragraph holding both alternatives comes first.
    let response = indexed.search_json("المحطة OR ساعة OR صباحا", &[]);
    assert_eq!(hits(&response)[0]["article_id"], "a.txt");
}

#[test]
fn exit_codes_like_grep() {
    let indexed = Indexed::bundled();
    assert_status(&indexed.run(&["search", "لافروف"]), 0);
    assert_status(&indexed.run(&["search", "زيمبابويكستان"]), 1);
    assert_status(
        &indexed.run(&["search", "لافروف", "--country", "Atlantis"]),
        2,
    );
    assert_status(
        &indexed.run(&["search", "لافروف", "--from", "2024-13-45"]),
        2,
    );
}

#[test]
fn show_prints_every_paragraph_of_the_seed() {
    let indexed = Indexed::bundled();
    let out = indexed.run(&["show", SEED_ID, "--json"]);
    assert_status(&out, 0);
    let article = json(&out);
    let paragraphs = article["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 15);
    assert_eq!(paragraphs[14]["paragraph"], 15);
    assert_eq!(article["place"], "أستانا");
    assert_eq!(article["date"], "2024-05-20");
    assert_eq!(article["source"], "شينخوا");
    let out = indexed.run(&["show", "xinhua/2024-05-20-wang-yi-sco-astana"]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("did you mean"), "{}", stderr(&out));
}

/// A small JSON Lines corpus: the same wire paragraph in two outlets, different dates.
fn wire_corpus() -> (tempfile::TempDir, Indexed) {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"a1","source":"وكالة","date":"2018-03-01","title":"قمة في بكين","text":"التقى الرئيس الصيني نظيره الروسي في بكين.\nوقال البيان إن المحادثات كانت بناءة."}"#,
        r#"{"id":"b1","source":"صحيفة","date":"2018-05-01","title":"محادثات","text":"التقى الرئيس الصيني نظيره الروسي في بكين.\nوأضافت الصحيفة أن الزيارة تستمر يومين."}"#,
        r#"{"id":"c1","source":"صحيفة","date":"2019-01-10","title":"اقتصاد","text":"ارتفعت صادرات الصين إلى روسيا هذا العام."}"#,
    ];
    std::fs::write(dir.path().join("wire.jsonl"), lines.join("\n")).unwrap();
    let indexed = Indexed::new(dir.path());
    (dir, indexed)
}

#[test]
fn the_same_wire_paragraph_collapses_into_one_hit() {
    let (_corpus, indexed) = wire_corpus();
    let collapsed = indexed.search_json("بكين", &[]);
    assert_eq!(collapsed["total"], 2);
    assert_eq!(hits(&collapsed).len(), 1);
    assert_eq!(hits(&collapsed)[0]["duplicates"], 1);
    let all = indexed.search_json("بكين", &["--no-collapse"]);
    assert_eq!(hits(&all).len(), 2);
}

#[test]
fn sort_by_date_puts_the_newest_first() {
    let (_corpus, indexed) = wire_corpus();
    let response = indexed.search_json("الصين OR الصيني", &["--sort", "date", "--no-collapse"]);
    let dates: Vec<&str> = hits(&response)
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2019-01-10", "2018-05-01", "2018-03-01"]);
}

#[test]
fn source_and_date_filters() {
    let (_corpus, indexed) = wire_corpus();
    let by_source = indexed.search_json("الصين OR الصيني", &["--source", "صحيفة", "--no-collapse"]);
    assert!(hits(&by_source).iter().all(|h| h["source"] == "صحيفة"));
    assert_eq!(hits(&by_source).len(), 2);
    let by_date = indexed.search_json(
        "الصين OR الصيني",
        &["--from", "2018-04-01", "--to", "2018-12-31"],
    );
    let ids: Vec<&str> = hits(&by_date)
        .iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["b1"]);
    assert_status(
        &indexed.run(&[
            "search",
            "الصين",
            "--from",
            "2019-01-01",
            "--to",
            "2018-01-01",
        ]),
        2,
    );
}

#[test]
fn facet_counts_cover_every_match_not_only_the_page() {
    let (_corpus, indexed) = wire_corpus();
    let response = indexed.search_json("الصين OR الصيني", &["--limit", "1", "--no-collapse"]);
    assert_eq!(hits(&response).len(), 1);
    let countries = response["facets"]["countries"].as_array().unwrap();
    let cn = countries.iter().find(|c| c["code"] == "CN").unwrap();
    assert_eq!(cn["count"], 3);
}

#[test]
fn a_query_of_only_stopwords_is_scanned_for_word_by_word() {
    let indexed = Indexed::bundled();
    let out = indexed.run(&["search", "على هامش", "--json"]);
    // هامش is a content word: an ordinary search.
    assert_status(&out, 0);
    let out = indexed.run(&["search", "من خلال", "--json"]);
    assert_status(&out, 0);
    assert!(stderr(&out).contains("only stopwords"), "{}", stderr(&out));
    let response = json(&out);
    assert!(!hits(&response).is_empty());
    for hit in hits(&response) {
        assert!(hit["text"].as_str().unwrap().contains("من خلال"), "{hit}");
        assert_eq!(highlighted(hit), ["من خلال"], "{hit}");
    }
}

#[test]
fn queries_of_only_punctuation_or_nothing_explain_themselves() {
    let indexed = Indexed::bundled();
    for query in ["،؟!", "", "   "] {
        let out = indexed.run(&["search", query]);
        assert_status(&out, 2);
        assert!(stderr(&out).starts_with("khabar: "), "{}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    }
}

#[test]
fn hostile_queries_get_an_answer_or_a_clear_error() {
    let indexed = Indexed::bundled();
    // 10,000 words: no paragraph has them all or any; an answer, not a hang or a crash.
    let many: Vec<String> = (0..10_000).map(|i| format!("كلمة{i}")).collect();
    assert_status(&indexed.run(&["search", &many.join(" ")]), 1);
    // An unbalanced quote and an unknown field are read leniently, with a note.
    let out = indexed.run(&["search", "\"الحزام والطريق"]);
    assert_status(&out, 0);
    assert!(
        stderr(&out).contains("unbalanced quote"),
        "{}",
        stderr(&out)
    );
    let out = indexed.run(&["search", "foo:لافروف"]);
    assert_status(&out, 0);
    assert!(stderr(&out).contains("unknown field"), "{}", stderr(&out));
    // --limit 0 counts without showing; a huge offset shows nothing but still matched.
    let out = indexed.run(&["search", "الصين", "--limit", "0", "--json"]);
    assert_status(&out, 0);
    assert!(hits(&json(&out)).is_empty());
    assert!(json(&out)["total"].as_u64().unwrap() > 0);
    let out = indexed.run(&["search", "الصين", "--offset", "100000", "--json"]);
    assert_status(&out, 0);
    assert!(hits(&json(&out)).is_empty());
    // Past the deepest page: a clear error naming the flag, not a scan of everything.
    let out = indexed.run(&["search", "الصين", "--offset", "1000000000"]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("--offset"), "{}", stderr(&out));
    // Impossible dates are refused by name.
    let out = indexed.run(&["search", "الصين", "--from", "2024-13-45"]);
    assert_status(&out, 2);
    assert!(stderr(&out).contains("2024-13-45"), "{}", stderr(&out));
}

#[test]
fn a_foreign_or_damaged_index_folder_says_to_rebuild() {
    let indexed = Indexed::bundled();
    // A folder of something else.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("notes.txt"), "not an index").unwrap();
    let out = run(
        other.path(),
        &["search", "الصين", "--index", other.path().to_str().unwrap()],
    );
    assert_status(&out, 2);
    assert!(
        stderr(&out).contains("not a khabar index"),
        "{}",
        stderr(&out)
    );
    // A segment file gone missing.
    let segment_file = std::fs::read_dir(indexed.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a segment's .idx file");
    std::fs::remove_file(segment_file).unwrap();
    let out = indexed.run(&["search", "الصين"]);
    assert_status(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("damaged") && err.contains("--rebuild"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn searching_while_the_index_is_rebuilt_never_fails() {
    let indexed = Indexed::bundled();
    let index = indexed.index();
    let mut writer = std::process::Command::new(env!("CARGO_BIN_EXE_khabar"))
        .current_dir(indexed.dir.path())
        .args([
            "index",
            corpus().to_str().unwrap(),
            "--rebuild",
            "--batch",
            "10",
            "--index",
        ])
        .arg(&index)
        .args(["--config", config().to_str().unwrap()])
        .spawn()
        .expect("an indexing run starts");
    let mut searches = 0;
    loop {
        let out = indexed.run(&["search", "الصين"]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "search failed during indexing:\n{}",
            stderr(&out)
        );
        searches += 1;
        if writer.try_wait().unwrap().is_some() {
            break;
        }
    }
    assert!(writer.wait().unwrap().success());
    assert!(searches > 0);
    assert_status(&indexed.run(&["search", "لافروف"]), 0);
}

#[test]
fn the_word_as_typed_ranks_above_its_relatives_which_are_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"p1","title":"عودة","text":"عاد اللاجئون الفلسطينيون إلى المخيم بعد الحرب."}"#,
        r#"{"id":"p2","title":"عودة","text":"عاد اللاجئون الفلسطينيين إلى المخيم بعد الحرب."}"#,
        r#"{"id":"p3","title":"عودة","text":"عاد اللاجئون من فلسطين إلى المخيم بعد الحرب."}"#,
    ];
    std::fs::write(dir.path().join("camp.jsonl"), lines.join("\n")).unwrap();
    let indexed = Indexed::new(dir.path());
    for (query, first) in [
        ("الفلسطينيين", "p2"),
        ("الْفِلَسْطِينِيُّونَ", "p1"),
        ("فلسطين", "p3"),
    ] {
        let response = indexed.search_json(query, &["--no-collapse"]);
        let ids: Vec<&str> = hits(&response)
            .iter()
            .map(|h| h["article_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 3, "{query}: every relative is found: {ids:?}");
        assert_eq!(ids[0], first, "{query}: {ids:?}");
        for hit in hits(&response) {
            assert_eq!(highlighted(hit).len(), 1, "{query}: {hit}");
        }
    }
}
