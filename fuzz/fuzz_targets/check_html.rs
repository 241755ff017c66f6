#![no_main]
//! Any UTF-8 page: check_html must not panic and every span must slice the HTML source.
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhproof::{Checker, Document};

static CHECKER: OnceLock<Option<Checker>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else { return };
    let Some(checker) = CHECKER.get_or_init(|| Checker::new().ok()) else { return };
    let mut last = (0, 0);
    for f in checker.check_html(html) {
        assert_eq!(html.get(f.span.range()), Some(f.text.as_str()), "{f:?}");
        if f.rule != "format.truncated" {
            assert!((f.span.start, f.span.end) >= last, "unsorted at {f:?}");
            last = (f.span.start, f.span.end);
        }
    }
    let doc = Document::from_html(html);
    let _ = doc.text().len();
});
