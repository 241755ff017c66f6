#!/usr/bin/env bash
# Short fuzz runs of every cargo-fuzz target (FUZZ_SECONDS each, default 10) from the
# committed seeds. Needs cargo-fuzz (installed by scripts/setup.sh); nightly features are
# enabled with RUSTC_BOOTSTRAP because only the stable toolchain can be installed here.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${FUZZ_SECONDS:-10}
export RUSTC_BOOTSTRAP=1
for target in $(cargo fuzz list); do
  mkdir -p "corpus/$target"
  seeds="seeds/$target"
  [ -d "$seeds" ] || seeds=""
  echo "== fuzz $target for ${secs}s"
  cargo fuzz run "$target" "corpus/$target" $seeds -- -max_total_time="$secs" -rss_limit_mb=2048 2>&1 | tail -n 3
done
