#![no_main]
//! Any UTF-8 input: check must not panic and every span must slice to its text.
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhproof::Checker;

static CHECKER: OnceLock<Option<Checker>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(checker) = CHECKER.get_or_init(|| Checker::new().ok()) else { return };
    for f in checker.check(text) {
        assert_eq!(text.get(f.span.range()), Some(f.text.as_str()));
    }
});
