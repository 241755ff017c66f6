//! Shared by the corpus tests: where the evaluation data (`../shared`) lives.

use std::path::PathBuf;

/// The first shared folder — `$ZHPROOF_SHARED`, else `<repo>/../shared`, else
/// `/work/shared` — that holds `rel` (a path inside it), or `None` (tests then skip with a
/// note).
pub fn shared_with(rel: &str) -> Option<PathBuf> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        std::env::var_os("ZHPROOF_SHARED").map(PathBuf::from),
        Some(repo.join("../shared")),
        Some(PathBuf::from("/work/shared")),
    ]
    .into_iter()
    .flatten()
    .find(|d| d.join(rel).exists())
}
