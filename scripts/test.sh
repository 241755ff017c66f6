#!/usr/bin/env bash
# Runs every test of the project: installs what is missing (scripts/setup.sh), then the
# Rust, Python, WASM and browser suites that exist. Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/setup.sh
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
for stage in scripts/test-*.sh; do
  printf '\n==== %s (%ss elapsed)\n' "$stage" "$(( $(date +%s) - start ))"
  bash "$stage"
done
printf '\n==== all tests passed in %ss\n' "$(( $(date +%s) - start ))"
