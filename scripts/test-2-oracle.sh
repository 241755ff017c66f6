#!/usr/bin/env bash
# Oracle: zhproof's ID / credit-code / Luhn validators against python-stdnum on 12,000
# generated values (valid and corrupted). Exits non-zero on any disagreement.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if ! "$PY" -c "import stdnum" 2>/dev/null; then
  echo "oracle: .venv/bin/python with python-stdnum is missing (run scripts/setup.sh)" >&2
  exit 1
fi
"$PY" tests/oracle/stdnum_oracle.py --count 4000
