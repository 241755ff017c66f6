#!/usr/bin/env bash
# Measures what each optional part of the engine adds to the browser .wasm: builds
# zhproof-wasm with each feature set, then wasm-bindgen + wasm-opt -Oz, and prints the size
# raw and gzipped. Slow (one LTO build per line). Run: bash wasm/bench/feature_sizes.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
TOOLS=${ZHPROOF_TOOLS:-$REPO/.tools}
[ -x "$TOOLS/node_modules/.bin/wasm-opt" ] || TOOLS=/work/main/.tools
WASM_OPT=$TOOLS/node_modules/.bin/wasm-opt
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf '%-40s %12s %12s\n' "features" "raw bytes" "gzip -9"
for feats in "" "builtin-sensitive" "segment" "segment,idiom" "statistical" "builtin-sensitive,segment,idiom" "builtin-sensitive,segment,statistical,idiom"; do
  cargo build -q -p zhproof-wasm --profile wasm-release --target wasm32-unknown-unknown \
    --no-default-features ${feats:+--features "$feats"}
  wasm-bindgen target/wasm32-unknown-unknown/wasm-release/zhproof_wasm.wasm --target web --out-dir "$TMP"
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$TMP/zhproof_wasm_bg.wasm" -o "$TMP/opt.wasm"
  printf '%-40s %12s %12s\n' "${feats:-(none)}" "$(stat -c %s "$TMP/opt.wasm")" "$(gzip -9 -c "$TMP/opt.wasm" | wc -c)"
done
