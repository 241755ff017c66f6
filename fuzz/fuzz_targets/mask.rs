#![no_main]
//! Any UTF-8 text: mask must not panic, and text without privacy findings is unchanged;
//! masking is idempotent-safe (masking the masked text does not panic either).
use libfuzzer_sys::fuzz_target;
use zhproof::mask;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let once = mask(text);
    let _ = mask(&once);
});
