#!/usr/bin/env bash
# Installs what the test suite needs. Idempotent: every step is skipped when its tool is
# already present at the right version. Safe to run on a fresh Debian machine as root.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,"",$0); print; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

log() { printf '\n== setup: %s\n' "$*"; }

# Debian packages: clang (C deps for wasm32), Chromium for browser tests, a CJK font, Neovim.
need_apt=()
command -v clang >/dev/null || need_apt+=(clang)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
# Neovim: a real LSP client for the end-to-end test of `zhproof lsp` (tests/lsp/).
command -v nvim >/dev/null || need_apt+=(neovim)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (~5 min, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

CARGO_FUZZ_VERSION=0.13.1
if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
  log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (~3 min, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked \
    || cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

# Node tools: wasm-opt from npm (Debian's binaryen is too old), playwright-core (no browser download).
if [ ! -x .tools/node_modules/.bin/wasm-opt ] || [ ! -d .tools/node_modules/playwright-core ]; then
  log "npm install binaryen playwright-core into .tools/"
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{"name":"tools","private":true}' > .tools/package.json
  (cd .tools && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund binaryen@132.0.0 playwright-core@1)
fi
# TinyMCE 6 (MIT) for the browser test of the TinyMCE integration (wasm/tests/tinymce.e2e.mjs).
TINYMCE_VERSION=6.8.6
if ! grep -q "\"version\": \"$TINYMCE_VERSION\"" .tools/node_modules/tinymce/package.json 2>/dev/null; then
  log "npm install tinymce@$TINYMCE_VERSION into .tools/"
  (cd .tools && npm install --silent --no-audit --no-fund "tinymce@$TINYMCE_VERSION")
fi
# CKEditor 5 (GPL-2.0-or-later or commercial; test-only, never shipped) for the browser test
# of the CKEditor integration (wasm/tests/ckeditor.e2e.mjs). Only its self-contained browser
# build is needed: `npm pack` + the files of dist/browser (8 MB in 1 s) instead of
# `npm install`, which pulls 60 @ckeditor/* packages (146 MB) for bundlers. Kept outside
# .tools/node_modules so that npm's pruning there never removes it.
CKEDITOR_VERSION=48.5.2
if ! grep -q "\"version\": \"$CKEDITOR_VERSION\"" .tools/ckeditor5/package.json 2>/dev/null; then
  log "npm pack ckeditor5@$CKEDITOR_VERSION into .tools/ckeditor5/"
  rm -rf .tools/ckeditor5 .tools/ckeditor5.tmp
  mkdir -p .tools/ckeditor5.tmp
  (cd .tools/ckeditor5.tmp \
    && npm pack --silent "ckeditor5@$CKEDITOR_VERSION" >/dev/null \
    && tar -xzf ./*.tgz package/package.json package/LICENSE.md package/COPYING.GPL \
         package/dist/browser/ckeditor5.js package/dist/browser/ckeditor5.css)
  mv .tools/ckeditor5.tmp/package .tools/ckeditor5
  rm -rf .tools/ckeditor5.tmp
fi

# The SARIF 2.1.0 JSON schema, for the test of `--format sarif`: from the MIT-licensed npm
# package @microsoft/jest-sarif (pinned), into the git-ignored target/schemas/.
SARIF_SCHEMA=target/schemas/sarif-schema-2.1.0.json
if [ ! -s "$SARIF_SCHEMA" ]; then
  log "npm pack @microsoft/jest-sarif (SARIF 2.1.0 schema)"
  mkdir -p target/schemas
  (cd target/schemas && rm -rf package ./*.tgz \
    && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null \
    && tar -xzf ./*.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json \
    && mv package/lib/schemas/sarif-2.1.0-rtm.5.json sarif-schema-2.1.0.json \
    && rm -rf package ./*.tgz)
fi

# Python venv with maturin, pytest and test oracles.
if [ ! -x .venv/bin/python ]; then
  log "python venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import maturin, pytest, stdnum, opencc" 2>/dev/null; then
  log "pip install maturin pytest python-stdnum opencc"
  .venv/bin/pip install -q "maturin>=1.16,<2" pytest python-stdnum opencc
fi
# A real LanguageTool client, for the test of `zhproof serve`'s /v2/check (tests/lsp/).
LT_PY_VERSION=3.4.0
if ! .venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('language_tool_python') != '$LT_PY_VERSION')" 2>/dev/null; then
  log "pip install language_tool_python==$LT_PY_VERSION"
  .venv/bin/pip install -q "language_tool_python==$LT_PY_VERSION"
fi
if [ -f python/requirements-test.txt ]; then
  .venv/bin/pip install -q -r python/requirements-test.txt
fi

# Spark, for the real run of examples/distributed/spark_audit.py on local[2]
# (python/tests/test_spark_audit.py): a Java runtime from Debian, PySpark and pyarrow (for
# mapInPandas) from PyPI, pinned.
if ! command -v java >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: no Java runtime (needed by PySpark); as root run:" >&2
    echo "  apt-get install -y --no-install-recommends openjdk-17-jre-headless" >&2
    exit 1
  fi
  log "apt-get install openjdk-17-jre-headless (Java for PySpark)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
  command -v java >/dev/null || { echo "setup: openjdk-17-jre-headless installed but no java on PATH" >&2; exit 1; }
fi
PYSPARK_VERSION=3.5.3
PYARROW_VERSION=26.0.1
if ! .venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('pyspark') != '$PYSPARK_VERSION' or m.version('pyarrow') != '$PYARROW_VERSION')" 2>/dev/null; then
  log "pip install pyspark==$PYSPARK_VERSION pyarrow==$PYARROW_VERSION (~40 s, once)"
  .venv/bin/pip install -q "pyspark==$PYSPARK_VERSION" "pyarrow==$PYARROW_VERSION"
fi
log "done"
