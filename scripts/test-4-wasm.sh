#!/usr/bin/env bash
# WASM: builds the npm package (wasm/build.sh), runs the Node tests of wasm/pkg/node and the
# browser end-to-end test of the demo editor in Debian's Chromium. Fails when a test fails or
# when a runner ran no test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash wasm/build.sh

run_node_tests() {
  local label=$1; shift
  local log
  log=$(mktemp)
  set +e
  node --test --test-reporter=tap "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  local pass fail
  pass=$(awk '/^# pass /{print $3}' "$log" | tail -1)
  fail=$(awk '/^# fail /{print $3}' "$log" | tail -1)
  rm -f "$log"
  if [ "$rc" -ne 0 ] || [ "${fail:-1}" != 0 ]; then
    echo "test-4-wasm: $label failed" >&2; exit 1
  fi
  if [ "${pass:-0}" -lt 1 ]; then
    echo "test-4-wasm: $label ran no test" >&2; exit 1
  fi
  echo "== $label: $pass passed"
}

run_node_tests "node tests" wasm/tests/*.test.mjs
run_node_tests "browser e2e tests" wasm/tests/editor.e2e.mjs wasm/tests/textarea.e2e.mjs wasm/tests/tinymce.e2e.mjs wasm/tests/ckeditor.e2e.mjs
