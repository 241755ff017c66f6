#!/usr/bin/env bash
# Regenerates dictionaries/lm/suspect_words.tsv (typo.context's likely misspellings in the
# language model's vocabulary) from dictionaries/lm/zh_lm.bin and
# dictionaries/statistical/confusion.tsv. Run after rebuilding either.
set -euo pipefail
cd "$(dirname "$0")/../.."
printf '# placeholder\n' > dictionaries/lm/suspect_words.tsv.tmp
cargo run -q --release -p zhproof --example suspect_words > dictionaries/lm/suspect_words.tsv.tmp
mv dictionaries/lm/suspect_words.tsv.tmp dictionaries/lm/suspect_words.tsv
wc -l dictionaries/lm/suspect_words.tsv
