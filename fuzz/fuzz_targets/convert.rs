#![no_main]
//! Any UTF-8 text through every OpenCC config: no panic, and ASCII-only text is unchanged.
use libfuzzer_sys::fuzz_target;
use zhproof::{convert, Target};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for target in Target::ALL {
        let out = convert(text, target);
        if text.is_ascii() {
            assert_eq!(out, text, "{target:?}");
        }
    }
});
