//! Pathological inputs finish, output stays bounded, and huge user dictionaries build.
//! (Time growth is measured in `benches/benches/limits.rs`, not asserted here.)

use zhproof::{Checker, Config};

fn checker() -> Checker {
    Checker::new().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn one_character_repeated_a_million_times() {
    for c in ["的", "按", "a", "1", "，", "\u{200b}", "𠮷", "("] {
        let text = c.repeat(1_000_000);
        let f = checker().check(&text);
        assert!(
            f.len() <= zhproof::checker::DEFAULT_MAX_FINDINGS + 1,
            "{c}: {}",
            f.len()
        );
    }
}

#[test]
fn many_tiny_paragraphs() {
    let text = "按装。\n".repeat(100_000);
    let f = checker().check(&text);
    assert_eq!(f.len(), zhproof::checker::DEFAULT_MAX_FINDINGS + 1);
    let last = f.last().map(|f| f.rule.as_str());
    assert_eq!(last, Some("format.truncated"));
    let unlimited = Checker::from_config(Config {
        max_findings: 0,
        ..Config::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let all = unlimited.check(&text);
    assert_eq!(
        all.iter().filter(|f| f.rule == "typo.word").count(),
        100_000
    );
}

#[test]
fn a_large_user_dictionary_builds_and_matches() {
    // 50,000 distinct made-up terms of 3–6 CJK characters.
    let mut tsv = String::new();
    let base = 0x4E00u32;
    for i in 0..50_000u32 {
        let len = 3 + (i % 4);
        let term: String = (0..len)
            .filter_map(|k| {
                char::from_u32(base + (i.wrapping_mul(7919).wrapping_add(k * 104_729)) % 20_000)
            })
            .collect();
        tsv.push_str(&term);
        tsv.push_str("\t改\n");
    }
    let first = tsv
        .lines()
        .next()
        .and_then(|l| l.split('\t').next())
        .unwrap_or("")
        .to_string();
    let c = Checker::builder()
        .builtin_dictionaries(false)
        .dictionary_text("big.tsv", tsv)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = format!("前文{first}后文");
    assert!(c.check(&text).iter().any(|f| f.text == first));
}

#[test]
fn capped_findings_are_the_first_of_the_full_list() {
    // Several families and overlapping matches, far more findings than the cap.
    let text = "我们要再接再励，按装设备。。手机13812345678，線上賭場\n".repeat(2_000);
    let capped = Checker::from_config(Config {
        max_findings: 500,
        ..Config::default()
    })
    .unwrap_or_else(|e| panic!("{e}"))
    .check(&text);
    let all = Checker::from_config(Config {
        max_findings: 0,
        ..Config::default()
    })
    .unwrap_or_else(|e| panic!("{e}"))
    .check(&text);
    assert!(all.len() > 1_000, "{}", all.len());
    assert_eq!(capped.len(), 501);
    assert_eq!(capped[..500], all[..500]);
    let summary = &capped[500];
    assert_eq!(summary.rule, "format.truncated");
    assert!(
        summary.message.contains(&(all.len() - 500).to_string()),
        "{}",
        summary.message
    );
}
