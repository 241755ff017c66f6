//! Benchmarks live in `benches/benches/` (criterion) and `benches/examples/`; this library
//! only finds the evaluation corpus they share.

use std::path::PathBuf;

/// The shared evaluation folder's candidates, in order: `$ZHPROOF_SHARED`,
/// `<repo>/../shared`, `/work/shared`.
fn shared_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("ZHPROOF_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    dirs.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    dirs.push(PathBuf::from("/work/shared"));
    dirs
}

/// The People's Daily corpus (`data/corpora/pd199801.txt` of the shared folder), or, when
/// it is not there, `fallback` repeated `times` times (noted on stderr, so that figures
/// from a synthetic text are not mistaken for corpus figures).
pub fn corpus_or(fallback: &str, times: usize) -> String {
    for dir in shared_dirs() {
        if let Ok(text) = std::fs::read_to_string(dir.join("data/corpora/pd199801.txt")) {
            return text;
        }
    }
    eprintln!("note: pd199801.txt not found (set ZHPROOF_SHARED); benchmarking a synthetic text");
    fallback.repeat(times)
}
