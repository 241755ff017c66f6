//! Helpers shared by the CLI end-to-end tests: the binary run from the repository root,
//! stdin fed to it, its JSONL output parsed, scratch folders.
// Each test file uses its own subset of these.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (test fixtures are named relative to it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A `zhproof` command run from the repository root, without colours.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhproof"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

/// Runs `zhproof args` to the end.
pub fn zhproof(args: &[&str]) -> Output {
    command()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run zhproof: {e}"))
}

/// Runs `zhproof args` with `input` on stdin. The process may exit before reading it (bad
/// arguments): a broken pipe is not an error here.
pub fn with_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Output {
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run zhproof: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_ref());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("zhproof: {e}"))
}

/// The JSON records of a `--format jsonl` run, one a line.
pub fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

/// An empty scratch folder for the test named `tag` (emptied if a run left it behind).
pub fn tmpdir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhproof-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}
