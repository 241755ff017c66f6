//! The script detector on real text from the shared evaluation data (never copied into the
//! repo; the data dir is `$ZHPROOF_SHARED`, else `<repo>/../shared`, else `/work/shared`).
//! - Clean simplified news (People's Daily, January 1998): no script finding of severity
//!   warning or error (a lone variant character in a name, 三塚 or 朱文榘, is an info).
//! - The same news converted to traditional by our OpenCC engine and checked as a
//!   simplified page: every paragraph with enough traditional characters gets the
//!   `script.page` summary.

mod common;

use zhproof::{convert, Category, Checker, Config, Script, Severity, Target};

fn corpus() -> Option<String> {
    let Some(dir) = common::shared_with("data/corpora/pd199801.txt") else {
        eprintln!("note: pd199801.txt not found; script corpus test skipped");
        return None;
    };
    std::fs::read_to_string(dir.join("data/corpora/pd199801.txt")).ok()
}

fn checker(script: Script) -> Checker {
    Checker::from_config(Config {
        categories: Some(vec![Category::Script]),
        script,
        max_findings: 0,
        ..Config::default()
    })
    .expect("checker builds")
}

#[test]
fn clean_simplified_corpus_has_no_script_findings() {
    let Some(text) = corpus() else { return };
    let checker = checker(Script::ZhHans);
    let (mut findings, mut infos) = (0, 0);
    let mut lines = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        for f in checker.check(line) {
            if f.severity == Severity::Info {
                infos += 1;
                continue;
            }
            findings += 1;
            if findings <= 20 {
                eprintln!(
                    "  {} {:?} → {:?} in …{}…",
                    f.rule,
                    f.text,
                    f.suggestions,
                    line.chars().take(40).collect::<String>()
                );
            }
        }
    }
    println!("pd199801: {lines} paragraphs, {findings} script warnings/errors, {infos} infos");
    assert!(lines > 1000);
    assert_eq!(
        findings, 0,
        "clean simplified text must give no script findings"
    );
}

#[test]
fn traditional_copies_are_flagged_with_summary() {
    let Some(text) = corpus() else { return };
    let simplified = checker(Script::ZhHans);
    let traditional = checker(Script::ZhTw);
    let (mut pages, mut summarised, mut back_clean) = (0, 0, 0);
    for line in text.lines().filter(|l| l.chars().count() >= 80).take(500) {
        let page = convert(line, Target::S2TW);
        pages += 1;
        let fs = simplified.check(&page);
        if fs.iter().any(|f| f.rule == "script.page") {
            summarised += 1;
        }
        // every finding's suggestion turns the page back into its simplified source
        let mut fixed = page.clone();
        for f in fs.iter().rev().filter(|f| f.rule != "script.page") {
            if let Some(s) = f.suggestions.first() {
                fixed.replace_range(f.span.range(), s);
            }
        }
        if simplified.check(&fixed).is_empty() {
            back_clean += 1;
        }
        // and the Taiwan page is clean for a zh-TW target
        assert!(
            traditional
                .check(&page)
                .iter()
                .all(|f| f.rule != "script.page"),
            "zh-TW page flagged as simplified: {page}"
        );
    }
    println!(
        "{pages} traditional pages: {summarised} with script.page, {back_clean} clean after fixes"
    );
    assert!(pages >= 100);
    assert!(
        summarised * 100 >= pages * 95,
        "{summarised}/{pages} summarised"
    );
    assert_eq!(back_clean, pages);
}
