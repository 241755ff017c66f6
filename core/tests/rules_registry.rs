//! The rule registry (`zhproof::rules`) against what the checker really does: every rule a
//! detector declares or emits on the golden cases is registered, every registered rule is
//! declared by some detector and has a golden case, each rule's bad example is reported and
//! its good example is not, and `docs/rules.md` is the registry's current rendering.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use zhproof::{rules, Category, Checker, Config, Document, Script};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every golden case: (where, case).
fn golden_cases() -> Vec<(String, Value)> {
    let dir = repo().join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let body = std::fs::read_to_string(&file).unwrap_or_default();
        for (i, line) in body.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{}:{}", file.display(), i + 1);
            let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
            out.push((at, case));
        }
    }
    assert!(!out.is_empty(), "no golden cases");
    out
}

fn build(config: Config) -> Checker {
    Checker::from_config(config).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_rule_emitted_on_the_golden_cases_is_declared_and_registered() {
    let mut checkers: BTreeMap<String, Checker> = BTreeMap::new();
    let mut emitted = BTreeSet::new();
    for (at, case) in golden_cases() {
        let mut config: Config = case
            .get("config")
            .map(|c| Config::from_json(&c.to_string()).unwrap_or_else(|e| panic!("{at}: {e}")))
            .unwrap_or_default();
        // Everything on: the default-off rules too.
        config.enable_rules = rules::default_off().into_iter().map(String::from).collect();
        let key = config.to_json();
        let checker = checkers.entry(key).or_insert_with(|| build(config));
        let text = case["text"].as_str().unwrap_or_default();
        let findings = if case["html"].as_bool() == Some(true) {
            checker.check_html(text)
        } else {
            checker.check(text)
        };
        let declared = checker.rules();
        let builtin_only = case["config"]["dictionaries"].is_null();
        for f in findings {
            // A flood summary `<rule>.page` stands for its rule.
            let id = rules::summarised(&f.rule).unwrap_or(&f.rule);
            assert!(
                declared.contains(&id),
                "{at}: {} emitted but not declared by any detector ({declared:?})",
                f.rule
            );
            if builtin_only {
                let entry = rules::get(id)
                    .unwrap_or_else(|| panic!("{at}: {} is not in the registry", f.rule));
                assert_eq!(entry.category, f.category, "{at}: {}", f.rule);
            }
            emitted.insert(f.rule);
        }
    }
    assert!(emitted.len() > 30, "{emitted:?}");
}

#[test]
fn the_registry_and_the_detectors_agree() {
    let checker = build(Config::default());
    let declared: BTreeSet<&str> = checker.rules().into_iter().collect();
    let registered: BTreeSet<&str> = rules::RULES.iter().map(|r| r.id).collect();
    for id in &declared {
        assert!(registered.contains(id), "{id} declared but not registered");
    }
    for id in &registered {
        if *id == "typo.statistical" && !cfg!(feature = "statistical") {
            continue;
        }
        assert!(
            declared.contains(id),
            "{id} registered but no detector declares it"
        );
    }
    // The default-off set and the categories come from the registry.
    for r in rules::RULES {
        assert_eq!(
            zhproof::checker::DEFAULT_OFF_RULES.contains(&r.id),
            !r.default_on
        );
        assert_eq!(
            Config::default().rule_enabled(r.id),
            r.default_on,
            "{}",
            r.id
        );
        assert_eq!(rules::category_of(r.id), Some(r.category));
    }
}

#[test]
fn every_rule_has_a_golden_case() {
    let mut named = BTreeSet::new();
    for (_, case) in golden_cases() {
        for e in case["expect"].as_array().into_iter().flatten() {
            if let Some(r) = e["rule"].as_str() {
                named.insert(r.to_string());
            }
        }
    }
    let missing: Vec<&str> = rules::RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !named.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a golden case (an `expect` item naming the rule) in tests/golden: {missing:?}"
    );
}

#[test]
fn bad_examples_are_reported_and_good_ones_are_not() {
    // One checker per script with every rule on; a rule whose bad example is not reported
    // there (another rule may win an overlap) is tried again on its own.
    let mut shared: std::collections::HashMap<Script, Checker> = Default::default();
    let mut failures = Vec::new();
    for r in rules::RULES {
        if r.source == "checker" || (r.id == "typo.statistical" && !cfg!(feature = "statistical")) {
            continue;
        }
        // The examples may say which script they are for: `… (zh-TW)`.
        let (bad, script) = match r.bad.rsplit_once(" (") {
            Some((t, s)) if s.ends_with(')') => (
                t,
                s.trim_end_matches(')')
                    .parse::<Script>()
                    .unwrap_or_default(),
            ),
            _ => (r.bad, Script::default()),
        };
        let run = |checker: &Checker, text: &str| {
            if r.category == Category::Link {
                checker.check_html(text)
            } else {
                checker.check(text)
            }
        };
        let all_on = shared.entry(script).or_insert_with(|| {
            build(Config {
                enable_rules: rules::default_off().into_iter().map(String::from).collect(),
                script,
                ..Config::default()
            })
        });
        let mut reported = run(all_on, bad).iter().any(|f| f.rule == r.id);
        let mut good = run(all_on, r.good);
        if !reported {
            let alone = build(Config {
                enable_rules: vec![r.id.to_string()],
                script,
                ..Config::default()
            });
            reported = run(&alone, bad).iter().any(|f| f.rule == r.id);
            good = run(&alone, r.good);
        }
        if !reported {
            failures.push(format!("{}: bad example {bad:?} not reported", r.id));
        }
        if good.iter().any(|f| f.rule == r.id) {
            failures.push(format!(
                "{}: good example {:?} reported: {good:?}",
                r.id, r.good
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = repo().join("docs/rules.md");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == rules::markdown(),
        "docs/rules.md is stale: regenerate it with \
         `cargo run -p zhproof-cli -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn check_document_on_html_equals_check_html() {
    let checker = build(Config::default());
    let mut pages: Vec<String> = golden_cases()
        .into_iter()
        .filter(|(_, c)| c["html"].as_bool() == Some(true))
        .map(|(_, c)| c["text"].as_str().unwrap_or_default().to_string())
        .collect();
    pages.extend(std::fs::read_to_string(repo().join("tests/html/news.html")));
    assert!(pages.len() > 3);
    let mut links = 0;
    for page in &pages {
        let a = checker.check_html(page);
        let b = checker.check_document(&Document::from_html(page));
        assert_eq!(a, b);
        links += a.iter().filter(|f| f.category == Category::Link).count();
    }
    assert!(links > 0, "no link findings on the HTML pages");
}

#[test]
fn the_cap_counts_link_findings() {
    let page = "<p>按装</p><a href=\"http://10.0.0.1/\">a</a><a href=\"http://10.0.0.2/\">b</a>\
                <a href=\"http://10.0.0.3/\">c</a>";
    let all = build(Config::default()).check_html(page);
    let rules: Vec<&str> = all.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["typo.word", "link.ip_host", "link.ip_host", "link.ip_host"]
    );
    let capped = build(Config {
        max_findings: 2,
        ..Config::default()
    })
    .check_html(page);
    let rules: Vec<&str> = capped.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["typo.word", "link.ip_host", "format.truncated"]);
    assert!(capped[2].message.contains('2'), "{}", capped[2].message);
}

#[test]
fn the_allowlist_applies_to_link_findings() {
    let page = "<a href=\"https://dwz.cn/abc\">详情</a>";
    let reported = build(Config::default()).check_html(page);
    assert!(reported.iter().any(|f| f.rule == "link.shortener"));
    let allowed = build(Config {
        allow: vec!["https://dwz.cn/abc".into()],
        ..Config::default()
    })
    .check_html(page);
    assert!(allowed.is_empty(), "{allowed:?}");
}

#[test]
fn flood_summary_ids_follow_their_rule() {
    assert_eq!(
        rules::summarised("punctuation.halfwidth.page"),
        Some("punctuation.halfwidth")
    );
    assert_eq!(rules::summarised("punctuation.halfwidth"), None);
    assert_eq!(
        rules::category_of("format.mojibake.page"),
        Some(Category::Format)
    );
    assert!(!rules::default_on("format.cjk_space.page"));
    assert!(rules::default_on("format.template_leftover.page"));
    assert!(rules::check_rule_id("punctuation.halfwidth.page", []).is_ok());
    assert!(rules::check_rule_id("punctuation.halfwidht.page", []).is_err());
    // Disabling a rule silences its summary; disabling only the summary keeps the rule.
    let text = "北京,上海,广州。".repeat(15);
    let run = |disabled: &[&str]| {
        let config = Config {
            group_threshold: 20,
            categories: Some(vec![Category::Punctuation]),
            disabled_rules: disabled.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        };
        config.validate([]).unwrap_or_else(|e| panic!("{e}"));
        build(config)
            .check(&text)
            .into_iter()
            .map(|f| f.rule)
            .collect::<Vec<_>>()
    };
    let all = run(&[]);
    assert!(all.iter().any(|r| r == "punctuation.halfwidth.page"));
    assert!(run(&["punctuation.halfwidth"]).is_empty());
    let no_summary = run(&["punctuation.halfwidth.page"]);
    assert_eq!(no_summary.len(), all.len() - 1);
    assert!(no_summary.iter().all(|r| r == "punctuation.halfwidth"));
}
