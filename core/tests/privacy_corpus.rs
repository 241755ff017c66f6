//! False alarms on clean news prose: the People's Daily corpus (January 1998) must yield no
//! privacy finding of severity warning or error. Reads `<shared>/data/corpora/pd199801.txt`
//! (shared dir: `$ZHPROOF_SHARED`, else `<repo>/../shared`, else `/work/shared`); skipped
//! with a note when the data is absent.

mod common;

use std::path::PathBuf;
use zhproof::{Category, Checker, Severity};

fn shared_dir() -> Option<PathBuf> {
    common::shared_with("data/corpora/pd199801.txt")
}

#[test]
fn people_daily_has_no_privacy_warnings() {
    let Some(dir) = shared_dir() else {
        eprintln!("note: pd199801.txt not found (set ZHPROOF_SHARED); test skipped");
        return;
    };
    let text = std::fs::read_to_string(dir.join("data/corpora/pd199801.txt"))
        .unwrap_or_else(|e| panic!("cannot read corpus: {e}"));
    assert!(text.len() > 1_000_000, "corpus unexpectedly small");
    let checker = Checker::builder()
        .only([Category::Privacy])
        .max_findings(0)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let findings = checker.check(&text);
    let serious: Vec<_> = findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| (f.rule.as_str(), f.text.as_str()))
        .collect();
    assert!(
        serious.is_empty(),
        "privacy warnings on clean news: {serious:?}"
    );
    // The corpus does contain published (business) phone numbers: they are found as info.
    let landlines = findings
        .iter()
        .filter(|f| f.rule == "privacy.landline")
        .count();
    assert!(
        landlines >= 3,
        "published phone numbers not recognised: {findings:?}"
    );
    for f in &findings {
        assert_eq!(&text[f.span.range()], f.text);
    }
}
