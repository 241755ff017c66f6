#!/usr/bin/env bash
# Rust: formatting, lints, and every workspace test (unit, golden, CLI, doc tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
python3 scripts/check-licenses.py
