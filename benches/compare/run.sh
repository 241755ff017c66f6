#!/usr/bin/env bash
# One command: zhproof vs the single-purpose peers, same inputs, same machine, same run.
#   benches/compare/run.sh            full People's Daily corpus (~5.5 MB), best of 5
#   benches/compare/run.sh --smoke    first 3,000 lines, best of 2, README/PNG untouched
# Installs the peers from PyPI/npm into target/compare/{venv,node} (private, git-ignored),
# builds the release example benches/examples/peers.rs, then runs benches/compare/compare.py,
# which prints the table, writes target/compare/out/results.json and (full mode) refreshes
# the results table in benches/README.md and benches/compare/throughput.png.
# Data: $ZHPROOF_SHARED, else <repo>/../shared, else /work/shared (data/corpora/pd199801.txt).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$REPO"
WORK="$REPO/target/compare"
mkdir -p "$WORK/node"
ARGS=()
if [[ "${1:-}" == "--smoke" ]]; then
  ARGS=(--lines 3000 --rounds 2 --privacy-n 200 --no-write --command "benches/compare/run.sh --smoke")
fi

PY="${PYTHON:-python3}"
if [[ ! -x "$WORK/venv/bin/python" ]]; then
  "$PY" -m venv "$WORK/venv"
fi
VPY="$WORK/venv/bin/python"
echo "== peers: PyPI (pyahocorasick flashtext opencc python-stdnum matplotlib; jionlp optional)"
"$VPY" -m pip install -q --disable-pip-version-check pyahocorasick flashtext opencc python-stdnum matplotlib
# jionlp is optional: skipped (and reported as not run) if it does not install.
"$VPY" -c "import jionlp" 2>/dev/null ||
  timeout 300 "$VPY" -m pip install -q --disable-pip-version-check jionlp ||
  echo "note: jionlp did not install; it will be reported as not run"
if command -v npm >/dev/null; then
  echo "== peers: npm (opencc-js)"
  [[ -d "$WORK/node/node_modules/opencc-js" ]] ||
    (cd "$WORK/node" && npm install --no-audit --no-fund --silent opencc-js) ||
    echo "note: opencc-js did not install; it will be reported as not run"
fi
echo "== zhproof: release build of benches/examples/peers.rs and the CLI"
cargo build --release --quiet -p zhproof-benches --example peers
cargo build --release --quiet -p zhproof-cli
echo "== running (machine load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))"
"$VPY" benches/compare/compare.py "${ARGS[@]}"
