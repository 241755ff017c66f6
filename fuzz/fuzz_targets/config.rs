#![no_main]
//! Any JSON-ish configuration: parsing and building either succeed or return an error.
use libfuzzer_sys::fuzz_target;
use zhproof::{Checker, Config};

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    if let Ok(mut config) = Config::from_json(json) {
        // never touch the file system from the fuzzer
        config.dictionaries.retain(|d| !matches!(d, zhproof::DictionarySource::Path { .. }));
        config.allow_files.clear();
        if let Ok(c) = Checker::from_config(config) {
            let _ = c.check("再接再励，按装");
        }
    }
});
