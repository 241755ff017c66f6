//! The UTF-8 pages in `tests/html/` through `Checker::check_html`: findings match the
//! expected files (offsets are bytes of the page) and every span slices to its text.

use serde_json::Value;
use std::path::Path;
use zhproof::{Category, Checker};

#[test]
fn utf8_pages_match_expected_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/html");
    let checker = Checker::builder()
        .only([Category::Typo, Category::Link])
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut pages = 0;
    for name in ["news"] {
        let html = std::fs::read_to_string(dir.join(format!("{name}.html")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected: Vec<Value> =
            std::fs::read_to_string(dir.join(format!("{name}.expected.jsonl")))
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
                .collect();
        let findings = checker.check_html(&html);
        for f in &findings {
            assert_eq!(html.get(f.span.range()), Some(f.text.as_str()), "{f:?}");
        }
        let got: Vec<(u64, u64, String, String)> = findings
            .iter()
            .map(|f| {
                (
                    f.span.start as u64,
                    f.span.end as u64,
                    f.rule.clone(),
                    f.text.clone(),
                )
            })
            .collect();
        let want: Vec<(u64, u64, String, String)> = expected
            .iter()
            .map(|e| {
                (
                    e["start"].as_u64().unwrap_or(0),
                    e["end"].as_u64().unwrap_or(0),
                    e["rule"].as_str().unwrap_or("").to_string(),
                    e["text"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{name}");
        // Nothing from <script>, <style>, <pre>, comments, or joined across cells.
        for absent in ["截止目前", "一愁莫展", "走头无路"] {
            assert!(findings.iter().all(|f| f.text != absent), "{absent}");
        }
        pages += 1;
    }
    assert!(pages > 0);
}
