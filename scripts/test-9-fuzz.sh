#!/usr/bin/env bash
# Short fuzz runs of every cargo-fuzz target (FUZZ_SECONDS each, default 10) from the
# committed seeds. Needs cargo-fuzz (installed by scripts/setup.sh); nightly features are
# enabled with RUSTC_BOOTSTRAP because only the stable toolchain can be installed here.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${FUZZ_SECONDS:-10}
export RUSTC_BOOTSTRAP=1
# Large inputs (thousands of attributes, deep nesting, dense IDs …) are generated, not
# committed; check_html also gets a dictionary of HTML tokens.
python3 large_seeds.py target/large-seeds
for target in $(cargo fuzz list); do
  mkdir -p "corpus/$target"
  seeds="seeds/$target"
  [ -d "$seeds" ] || seeds=""
  large="target/large-seeds/$target"
  [ -d "$large" ] || large=""
  extra=()
  [ "$target" = check_html ] && extra+=(-dict=html.dict)
  echo "== fuzz $target for ${secs}s"
  cargo fuzz run "$target" "corpus/$target" $seeds $large -- -max_total_time="$secs" \
    -max_len=262144 -rss_limit_mb=2048 "${extra[@]}" 2>&1 | tail -n 3
done
