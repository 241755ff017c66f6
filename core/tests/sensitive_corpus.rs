//! False alarms of the sensitive pass on clean, edited news prose: the People's Daily
//! corpus (January 1998) must give no `warning` or `error` sensitive finding. Info findings
//! are listed. The corpus is evaluation data outside the repository: resolved from
//! `ZHPROOF_SHARED`, `<repo>/../shared` or `/work/shared`; the test is skipped (with a note)
//! when none exists.

mod common;

use std::path::PathBuf;
use zhproof::{Category, Checker, Severity};

fn shared_dir() -> Option<PathBuf> {
    common::shared_with("data")
}

#[test]
fn people_daily_has_no_sensitive_warnings_or_errors() {
    let Some(dir) = shared_dir() else {
        eprintln!("note: shared data not found; skipping the People's Daily false-alarm test");
        return;
    };
    let path = dir.join("data/corpora/pd199801.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("note: {} not readable; skipping", path.display());
        return;
    };
    let checker = match Checker::builder()
        .only([Category::Sensitive])
        .max_findings(0)
        .build()
    {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let mut bad = Vec::new();
    let mut info = Vec::new();
    let mut lines = 0;
    for line in text.lines() {
        lines += 1;
        for f in checker.check(line) {
            assert_eq!(&line[f.span.range()], f.text);
            let around: String = line
                .get(f.span.start.saturating_sub(30)..)
                .unwrap_or("")
                .chars()
                .take(40)
                .collect();
            let item = format!("{} {} `{}` in …{}…", f.severity, f.rule, f.text, around);
            if f.severity == Severity::Info {
                info.push(item);
            } else {
                bad.push(item);
            }
        }
    }
    assert!(lines > 10_000, "corpus too small: {lines} lines");
    for i in &info {
        eprintln!("info: {i}");
    }
    eprintln!("{lines} paragraphs, {} info findings", info.len());
    assert!(
        bad.is_empty(),
        "{} warning/error findings on clean prose:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
