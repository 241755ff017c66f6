//! The punctuation / number / page-damage family on clean edited prose, and the default-off
//! mechanism.
//!
//! `pd199801_false_alarms_within_bound` reads People's Daily, January 1998 from the shared
//! evaluation data (`$ZHPROOF_SHARED`, else `<repo>/../shared`, else `/work/shared`) and
//! asserts that every rule on by default, and the family as a whole, stays below one
//! finding per 20,000 characters there. It is skipped with a note when the data is absent.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use zhproof::checker::DEFAULT_OFF_RULES;
use zhproof::detectors::{damage, numbers, punctuation};
use zhproof::{Category, Checker, Config};

fn family_rules() -> Vec<&'static str> {
    punctuation::RULES
        .iter()
        .chain(numbers::RULES.iter())
        .chain(damage::RULES.iter())
        .copied()
        .collect()
}

fn data_dir() -> Option<PathBuf> {
    common::shared_with("data").map(|d| d.join("data"))
}

fn style_checker(enable: &[&str]) -> Checker {
    let cfg = Config {
        categories: Some(vec![Category::Punctuation, Category::Format]),
        enable_rules: enable.iter().map(|s| s.to_string()).collect(),
        max_findings: 0,
        ..Config::default()
    };
    Checker::from_config(cfg).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn pd199801_false_alarms_within_bound() {
    let Some(path) = data_dir().map(|d| d.join("corpora/pd199801.txt")) else {
        eprintln!("note: shared evaluation data not found; pd199801 bound not checked");
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("note: {} not readable; bound not checked", path.display());
        return;
    };
    let chars = text.chars().filter(|&c| c != '\n' && c != '\r').count();
    assert!(chars > 1_000_000, "corpus unexpectedly small: {chars}");
    let rules = family_rules();
    let findings = style_checker(&[]).check(&text);
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &findings {
        if let Some(r) = rules.iter().find(|r| **r == f.rule) {
            *per_rule.entry(r).or_default() += 1;
        }
    }
    let total: usize = per_rule.values().sum();
    eprintln!("pd199801: {chars} chars, family findings {total}: {per_rule:?}");
    for (rule, n) in &per_rule {
        assert!(
            !DEFAULT_OFF_RULES.contains(rule),
            "{rule} is off by default but reported"
        );
        assert!(
            n * 20_000 < chars,
            "{rule}: {n} findings on clean text = {:.2} per 20k chars (bound 1)",
            *n as f64 * 20_000.0 / chars as f64
        );
    }
    assert!(
        total * 20_000 < chars,
        "family: {total} findings on clean text (bound {} )",
        chars / 20_000
    );
}

#[test]
fn default_off_rules_need_enable_rules() {
    let text = "北京市年经济运行平稳。";
    let rule = "format.year_missing_loose";
    assert!(DEFAULT_OFF_RULES.contains(&rule));
    let off = style_checker(&[]).check(text);
    assert!(off.is_empty(), "{off:?}");
    let on = style_checker(&[rule]).check(text);
    assert_eq!(on.len(), 1, "{on:?}");
    assert_eq!((on[0].rule.as_str(), on[0].text.as_str()), (rule, "年"));
    // a parent id enables the rules below it; disabled_rules still wins
    assert_eq!(style_checker(&["format"]).check(text).len(), 1);
    let mut cfg = style_checker(&["format"]).config().clone();
    cfg.disabled_rules.push(rule.into());
    let c = Checker::from_config(cfg).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.check(text).is_empty());
    // an old JSON configuration without the field still parses
    assert!(Config::from_json("{\"disabled_rules\": [\"typo\"]}").is_ok());
    assert!(Config::from_json("{\"enable_rules\": [\"format.year_missing_loose\"]}").is_ok());
}

#[test]
fn every_rule_can_be_turned_off() {
    // One text that trips every default-on rule of the family.
    let text = "资源分散,、缺乏整合（记者李泽伟) )学习《关于《要点》的通知》，北京市年政府事务，\
                主要任务:加强建设，Ｗindows，2月30日，3千5百人，增长10-20%，收入增长倍，\
                成(chéng)都(dōu)，7×;9，CafÃ©，请认真落实工作。请认真落实工作。\n工作动态\n工作动态\n学习《意见，汉字 空格";
    let all = style_checker(&[]).check(text);
    let rules = family_rules();
    for rule in rules.iter().filter(|r| !DEFAULT_OFF_RULES.contains(r)) {
        assert!(
            all.iter().any(|f| f.rule == *rule),
            "{rule} not triggered: {all:?}"
        );
        let cfg = Config {
            categories: Some(vec![Category::Punctuation, Category::Format]),
            disabled_rules: vec![rule.to_string()],
            ..Config::default()
        };
        let c = Checker::from_config(cfg).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            c.check(text).iter().all(|f| f.rule != *rule),
            "{rule} still reported"
        );
    }
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    fn checker() -> &'static Checker {
        static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
        C.get_or_init(|| style_checker(&family_rules()))
    }

    /// Characters the family reacts to, mixed with Han, Latin and astral characters.
    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "（",
            "）",
            "(",
            ")",
            "【",
            "】",
            "[",
            "]",
            "《",
            "》",
            "〈",
            "〉",
            "“",
            "”",
            "‘",
            "’",
            "\"",
            "，",
            ",",
            "、",
            "。",
            "；",
            ";",
            "：",
            ":",
            "？",
            "?",
            "！",
            "!",
            "…",
            " ",
            "\u{3000}",
            "\n",
            "\r\n",
            "年",
            "月",
            "日",
            "号",
            "十",
            "二",
            "〇",
            "两",
            "千",
            "百",
            "万",
            "3",
            "０",
            "9",
            "%",
            "％",
            "-",
            "～",
            "至",
            "&",
            "nbsp",
            "amp;",
            "#",
            "x4e2d",
            "×",
            ";",
            "Ã",
            "©",
            "ä",
            "¸",
            "\u{FFFD}",
            "锟斤拷",
            "烫",
            "chéng",
            "ā",
            "Ｗ",
            "a",
            "𠮷",
            "北京",
            "市",
            "政府",
            "农历",
            "é",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn spans_are_sound(parts in prop::collection::vec(piece(), 0..40)) {
            let text: String = parts.concat();
            for f in checker().check(&text) {
                prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
                prop_assert_eq!(&text[f.span.range()], f.text.as_str());
            }
        }
    }
}

#[test]
fn pathological_lines_stay_linear() {
    // 100 levels of brackets: beyond any prose; the line's pairs are not analysed.
    let deep = format!("{}甲{}", "（".repeat(100), "）".repeat(100));
    let found = style_checker(&[]).check(&deep);
    assert!(
        found.iter().all(|f| !f.rule.starts_with("punctuation.")),
        "{found:?}"
    );
    // Many straight quotes under an open Chinese quote, and many book titles.
    let quotes = format!("“{}", "甲\"".repeat(20_000));
    let titles = format!("{}{}", "《".repeat(30), "书》".repeat(20_000));
    for text in [quotes, titles] {
        for f in style_checker(&[]).check(&text) {
            assert_eq!(&text[f.span.range()], f.text);
        }
    }
}
