#!/usr/bin/env bash
# Builds the npm package into wasm/pkg/:
#   pkg/web/   ES module for browsers and bundlers (wasm-bindgen --target web)
#   pkg/node/  CommonJS module for Node (wasm-bindgen --target nodejs)
#   pkg/js/    the editor layer (Web Worker, highlights, popover), copied from wasm/js/
#   pkg/model/ the language model of rule typo.context (dictionaries/lm/zh_lm.bin, CC-BY-SA 3.0
#              data, with its NOTICE), a separate asset: Checker.withLanguageModel(opts, bytes)
#   pkg/package.json, pkg/README.md
# Both builds share one .wasm compiled with the `wasm-release` profile and shrunk with
# npm binaryen's wasm-opt -Oz (Debian's binaryen is too old: its output fails to load).
#
# Usage: bash wasm/build.sh            (extra cargo features: ZHPROOF_WASM_FEATURES="a,b")
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
OUT=$REPO/wasm/pkg
TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}

# Tools: the repo's .tools (scripts/setup.sh); a worktree may borrow the main checkout's.
TOOLS=${ZHPROOF_TOOLS:-$REPO/.tools}
if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] && [ -x /work/main/.tools/node_modules/.bin/wasm-opt ]; then
  TOOLS=/work/main/.tools
fi
WASM_OPT=$TOOLS/node_modules/.bin/wasm-opt
[ -x "$WASM_OPT" ] || { echo "build.sh: $WASM_OPT missing: run scripts/setup.sh" >&2; exit 1; }
WASM_BINDGEN=$(command -v wasm-bindgen || echo "$HOME/.cargo/bin/wasm-bindgen")
[ -x "$WASM_BINDGEN" ] || { echo "build.sh: wasm-bindgen missing: run scripts/setup.sh" >&2; exit 1; }

features=()
[ -n "${ZHPROOF_WASM_FEATURES:-}" ] && features=(--features "$ZHPROOF_WASM_FEATURES")

echo "== cargo build (wasm-release, wasm32-unknown-unknown) ${ZHPROOF_WASM_FEATURES:-}"
cargo build -p zhproof-wasm --profile wasm-release --target wasm32-unknown-unknown "${features[@]}"
RAW=$TARGET_DIR/wasm32-unknown-unknown/wasm-release/zhproof_wasm.wasm

rm -rf "$OUT"
mkdir -p "$OUT/web" "$OUT/node" "$OUT/js" "$OUT/model"
cp "$REPO/dictionaries/lm/zh_lm.bin" "$REPO/dictionaries/lm/NOTICE" "$OUT/model/"
echo "== wasm-bindgen ($("$WASM_BINDGEN" --version))"
"$WASM_BINDGEN" "$RAW" --target web --out-dir "$OUT/web" --out-name zhproof_wasm
"$WASM_BINDGEN" "$RAW" --target nodejs --out-dir "$OUT/node" --out-name zhproof_wasm

echo "== wasm-opt -Oz ($("$WASM_OPT" --version))"
for dir in web node; do
  f=$OUT/$dir/zhproof_wasm_bg.wasm
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    --enable-multivalue "$f" -o "$f.opt"
  mv "$f.opt" "$f"
done

# The Node build is CommonJS inside an ESM ("type": "module") package.
echo '{"type":"commonjs"}' > "$OUT/node/package.json"
cp "$REPO"/wasm/js/*.js "$REPO"/wasm/js/*.d.ts "$OUT/js/"
cp "$REPO/wasm/README.md" "$OUT/README.md"
VERSION=$(awk -F'"' '/^version = /{print $2; exit}' "$REPO/Cargo.toml")
sed "s/\"version\": \"0.0.0\"/\"version\": \"$VERSION\"/" "$REPO/wasm/package.json" > "$OUT/package.json"

f=$OUT/web/zhproof_wasm_bg.wasm
raw=$(stat -c %s "$RAW")
size=$(stat -c %s "$f")
gz=$(gzip -9 -c "$f" | wc -c)
awk -v s="$size" -v g="$gz" -v r="$raw" 'BEGIN { printf "== .wasm size: %d bytes (%.2f MiB) raw, %d bytes (%.2f MiB) gzipped -9; %d bytes before wasm-opt\n", s, s/1048576, g, g/1048576, r }'
echo "== built $OUT"
