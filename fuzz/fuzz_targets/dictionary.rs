#![no_main]
//! Any user dictionary text: parsing returns entries or a file:line error, and a checker
//! built from it checks its own terms without panicking.
use libfuzzer_sys::fuzz_target;
use zhproof::Checker;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match zhproof::dict::parse_tsv(text, "fuzz.tsv") {
        Ok(_) => {
            if let Ok(c) = Checker::builder().builtin_dictionaries(false).dictionary_text("fuzz.tsv", text).build() {
                let _ = c.check(text);
            }
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.tsv:")),
    }
});
