#!/usr/bin/env bash
# Minimal curl client for `zhproof serve`. Usage: ./check.sh page.html [http://127.0.0.1:8790]
set -euo pipefail
file=${1:?usage: check.sh FILE [URL]}
url=${2:-http://127.0.0.1:8790}
case "$file" in
  *.html|*.htm) ctype="text/html; charset=utf-8" ;;
  *) ctype="text/plain; charset=utf-8" ;;
esac
curl -sS --fail-with-body -X POST -H "Content-Type: $ctype" --data-binary "@$file" "$url/check"
echo
