#!/usr/bin/env bash
# Editor integrations with real clients: Neovim's LSP client against `zhproof lsp`, and
# the PyPI client language_tool_python against `zhproof serve`'s LanguageTool API.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p zhproof-cli --bin zhproof
bash tests/lsp/nvim_e2e.sh target/debug/zhproof
.venv/bin/python tests/lsp/languagetool_client.py target/debug/zhproof
