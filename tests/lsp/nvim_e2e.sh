#!/usr/bin/env bash
# Runs tests/lsp/nvim_e2e.lua: Neovim (Debian's) as a real LSP client of `zhproof lsp`.
# Usage: tests/lsp/nvim_e2e.sh [path/to/zhproof]  (default: target/debug/zhproof)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${1:-target/debug/zhproof}")
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
# Headless Neovim prints its messages on stderr; the test's own lines go to stdout.
ZHPROOF="$BIN" DIR="$DIR" HOME="$DIR" XDG_CONFIG_HOME="$DIR" XDG_STATE_HOME="$DIR" XDG_DATA_HOME="$DIR" \
  timeout 120 nvim --headless -u NONE -i NONE -n -c 'luafile tests/lsp/nvim_e2e.lua'
