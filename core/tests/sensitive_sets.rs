//! The held-out sets of `tests/sensitive/` (issue 19): every solicitation and every
//! disguised spelling found, reporting sentences not reported under the government profile,
//! every injected spam block reported as one block with at least 80% of its phrases listed,
//! and no spam block on ordinary lists. Each item is checked on its own (the role context
//! never sees the neighbouring items).

use std::path::PathBuf;
use zhproof::{Category, Checker, Finding, Severity};

fn sets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/sensitive")
}

fn data_lines(name: &str) -> Vec<String> {
    let path = sets().join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn checker(profile: &str) -> Checker {
    let json = format!(
        r#"{{"categories": ["sensitive"], "sensitive_profile": "{profile}", "max_findings": 0}}"#
    );
    let config = match zhproof::Config::from_json(&json) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    match Checker::from_config(config) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn serious(fs: &[Finding]) -> Vec<&Finding> {
    fs.iter()
        .filter(|f| f.severity >= Severity::Warning)
        .collect()
}

fn covers(fs: &[&Finding], want: &str) -> bool {
    let w = want.to_lowercase();
    fs.iter().any(|f| {
        let t = f.text.to_lowercase();
        t.contains(&w) || w.contains(&t)
    })
}

#[test]
fn solicitations_are_found_as_warning_or_error() {
    let c = checker("government");
    let mut missed = Vec::new();
    let mut n = 0;
    for l in data_lines("solicitation.tsv") {
        let Some((want, text)) = l.split_once('\t') else {
            continue;
        };
        let fs = c.check(text);
        if !covers(&serious(&fs), want) {
            missed.push(format!("{want} | {text}"));
        }
        n += 1;
    }
    // target: every one. 49/50 when the set was written (提供卖淫服务 was read as
    // reporting); every one since a topic word in a sentence with an explicit term of its
    // family is reported as carried content, so a regression now fails here.
    assert!(
        missed.is_empty(),
        "{} of {n} missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

#[test]
fn every_disguised_spelling_is_found() {
    let c = checker("government");
    let mut missed = Vec::new();
    for l in data_lines("disguised.tsv") {
        let Some((want, text)) = l.split_once('\t') else {
            continue;
        };
        let fs = c.check(text);
        let all: Vec<&Finding> = fs.iter().collect();
        if !covers(&all, want) {
            missed.push(format!("{want} | {text}"));
        }
    }
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

#[test]
fn reporting_is_not_reported_under_government_and_info_under_comments() {
    let gov = checker("government");
    let com = checker("comments");
    let mut bad = Vec::new();
    let mut info = 0;
    let lines = data_lines("reporting.txt");
    for text in &lines {
        for f in serious(&gov.check(text)) {
            bad.push(format!(
                "{} {} `{}` | {text} | {}",
                f.severity, f.rule, f.text, f.message
            ));
        }
        info += com
            .check(text)
            .iter()
            .filter(|f| f.severity == Severity::Info && f.category == Category::Sensitive)
            .count();
    }
    // target: <= 0.1 per 10,000 characters; the set is ~3,000 characters, so none
    assert!(bad.is_empty(), "reporting reported:\n{}", bad.join("\n"));
    // the comments profile is stricter: it still shows them, as info
    assert!(
        info >= lines.len() / 2,
        "{info} info findings under comments"
    );
}

#[test]
fn injected_spam_blocks_are_found_with_their_phrases() {
    let c = checker("government");
    let path = sets().join("spam_blocks.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut bad = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
            panic!("bad case {line}");
        };
        n += 1;
        let page = case["text"].as_str().unwrap_or_default();
        let fs = if case["html"].as_bool().unwrap_or(false) {
            c.check_html(page)
        } else {
            c.check(page)
        };
        let blocks: Vec<&Finding> = fs
            .iter()
            .filter(|f| f.rule == "sensitive.spam_block")
            .collect();
        let page_signal = fs.iter().any(|f| f.rule == "sensitive.spam_page");
        let listed: String = blocks
            .iter()
            .map(|f| f.message.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let phrases: Vec<&str> = case["phrases"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
            .unwrap_or_default();
        let found = phrases
            .iter()
            .filter(|p| listed.contains(&p.to_lowercase()))
            .count();
        if blocks.is_empty() || !page_signal || (found as f32) < 0.8 * phrases.len() as f32 {
            bad.push(format!(
                "{}: {} blocks, page {page_signal}, {found}/{} phrases: {listed}",
                case["name"],
                blocks.len(),
                phrases.len()
            ));
        }
    }
    assert!(n >= 5);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn ordinary_lists_are_not_spam_blocks() {
    let c = checker("government");
    let mut bad = Vec::new();
    for text in data_lines("clean_lists.txt") {
        if c.check(&text)
            .iter()
            .any(|f| f.rule.starts_with("sensitive.spam_block"))
        {
            bad.push(text);
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn an_insult_keeps_its_severity_and_names_no_role() {
    // 破获 and 警方 are reporting cues: they excuse a drug or gambling term, not an insult,
    // so the message must not say the sentence was read as reporting.
    let c = checker("government");
    let fs = c.check("警方破获此案后，嫌疑人在审讯室里骂民警傻逼。");
    let insults: Vec<&Finding> = fs.iter().filter(|f| f.rule == "sensitive.insult").collect();
    assert_eq!(insults.len(), 1, "{fs:?}");
    assert_eq!(insults[0].text, "傻逼");
    assert_eq!(insults[0].severity, Severity::Error);
    assert!(
        !insults[0].message.contains("语境"),
        "{}",
        insults[0].message
    );
}
