#!/usr/bin/env bash
# Python: builds the abi3 wheel with maturin (release) into target/wheels, installs it into
# .venv (created by scripts/setup.sh), runs the pytest suite in python/tests, then checks
# the type stubs against the installed package (mypy stubtest, mypy --strict).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "test-3-python: $PY missing; run scripts/setup.sh" >&2; exit 1; }
rm -f target/wheels/zhproof-*.whl
(cd python && "$PY" -m maturin build --release --quiet --out "$ROOT/target/wheels")
shopt -s nullglob
wheels=(target/wheels/zhproof-*-cp39-abi3-*.whl)
[ ${#wheels[@]} -eq 1 ] || { echo "test-3-python: expected one abi3 wheel, found: ${wheels[*]:-none}" >&2; exit 1; }
"$PY" -m pip install -q --force-reinstall --no-deps "${wheels[0]}"
# The Rust CLI (built by the Rust stage) lets test_cli compare outputs byte for byte.
[ -x target/debug/zhproof ] || cargo build -q -p zhproof-cli
# Run from outside python/ so that the installed wheel (not the source folder) is imported.
cd "$ROOT/python/tests"
set +e
"$PY" -m pytest -q -p no:cacheprovider .
rc=$?
set -e
if [ $rc -eq 5 ]; then
  echo "test-3-python: pytest collected no tests" >&2
  exit 1
fi
[ $rc -eq 0 ] || exit $rc
# The type stubs must describe the installed package and extension (mypy's stubtest), and
# the package and the audit example must type-check strictly against them.
export MYPY_CACHE_DIR="$ROOT/target/mypy-cache"
"$PY" -m mypy.stubtest zhproof
"$PY" -m mypy --strict "$ROOT/python/zhproof" "$ROOT/examples/site_audit.py"
