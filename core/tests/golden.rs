//! Runs the cross-front-end golden cases in `tests/golden/*.jsonl` (format: its README).

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use zhproof::{Checker, Config, Finding};

fn check(checker: &Checker, case: &Value, at: &str) -> Vec<Finding> {
    let text = case["text"].as_str().unwrap_or_default();
    let _ = at;
    if case["html"].as_bool() == Some(true) {
        return checker.check_html(text);
    }
    checker.check(text)
}

fn matches(e: &Value, f: &Finding) -> bool {
    let field = |k: &str, v: &str| e.get(k).is_none_or(|x| x.as_str() == Some(v));
    e["text"].as_str() == Some(f.text.as_str())
        && field("category", f.category.as_str())
        && field("rule", &f.rule)
        && field("severity", f.severity.as_str())
        && field(
            "suggestion",
            f.suggestions.first().map(String::as_str).unwrap_or(""),
        )
}

#[test]
fn golden_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    let mut checkers: HashMap<String, Checker> = HashMap::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let body = std::fs::read_to_string(file).unwrap_or_default();
        for (i, line) in body.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{}:{}", file.display(), i + 1);
            let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
            let cfg_json = case
                .get("config")
                .map(|c| c.to_string())
                .unwrap_or_else(|| "{}".into());
            if !checkers.contains_key(&cfg_json) {
                let cfg = Config::from_json(&cfg_json).unwrap_or_else(|e| panic!("{at}: {e}"));
                let c = Checker::from_config(cfg).unwrap_or_else(|e| panic!("{at}: {e}"));
                checkers.insert(cfg_json.clone(), c);
            }
            let built = [
                ("segment", cfg!(feature = "segment")),
                ("idiom", cfg!(feature = "idiom")),
                ("statistical", cfg!(feature = "statistical")),
            ];
            let missing = case["requires"].as_array().and_then(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .find(|f| built.iter().any(|(name, on)| name == f && !on))
            });
            if let Some(f) = missing {
                eprintln!("{at}: skipped (needs the `{f}` feature)");
                continue;
            }
            let needs_lm = case["requires"]
                .as_array()
                .is_some_and(|r| r.iter().any(|x| x.as_str() == Some("lm")));
            if needs_lm && !cfg!(feature = "lm") {
                eprintln!("{at}: skipped (needs the `lm` feature: built-in language model)");
                continue;
            }
            let checker = &checkers[&cfg_json];
            let text = case["text"].as_str().unwrap_or_default();
            let findings = check(checker, &case, &at);
            count += 1;
            let name = case["name"].as_str().unwrap_or("?");
            for f in &findings {
                if text.get(f.span.range()) != Some(f.text.as_str()) {
                    failures.push(format!(
                        "{at} [{name}]: span {:?} does not slice to {:?}",
                        f.span, f.text
                    ));
                }
            }
            let expect = case["expect"].as_array().cloned().unwrap_or_default();
            let mut used = vec![false; findings.len()];
            for e in &expect {
                let hit = (0..findings.len()).find(|&j| !used[j] && matches(e, &findings[j]));
                match hit {
                    Some(j) => used[j] = true,
                    None => failures.push(format!(
                        "{at} [{name}]: expected {e} not found in {findings:?}"
                    )),
                }
            }
            if case["exact"].as_bool() == Some(true) {
                for (j, f) in findings.iter().enumerate() {
                    if !used[j] {
                        failures.push(format!("{at} [{name}]: unexpected finding {f:?}"));
                    }
                }
            }
            for a in case["absent"].as_array().into_iter().flatten() {
                if findings.iter().any(|f| a.as_str() == Some(f.text.as_str())) {
                    failures.push(format!("{at} [{name}]: {a} must not be reported"));
                }
            }
        }
    }
    assert!(count > 0, "no golden cases found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} golden failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
