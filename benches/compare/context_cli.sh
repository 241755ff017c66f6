#!/usr/bin/env bash
# Whole-process cost of typo.context (issue #18): `zhproof check -j1 --format jsonl` over the
# People's Daily corpus with the context model on, and with `--disable-rule typo.context`,
# interleaved round by round (best of N wall-clock each), plus peak RSS. Prints MB/s and the
# ratio on/off; a second binary (e.g. an older build) is timed in the same rounds.
#
#   benches/compare/context_cli.sh [ROUNDS] [OTHER_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
OTHER=${2:-}
BIN=target/release/zhproof
[ -x "$BIN" ] || cargo build --release -p zhproof-cli
CORPUS=""
for d in "${ZHPROOF_SHARED:-}" ../shared /work/shared; do
  if [ -n "$d" ] && [ -f "$d/data/corpora/pd199801.txt" ]; then CORPUS="$d/data/corpora/pd199801.txt"; break; fi
done
[ -n "$CORPUS" ] || { echo "pd199801.txt not found (set ZHPROOF_SHARED)" >&2; exit 2; }
python3 - "$ROUNDS" "$CORPUS" "$BIN" "$OTHER" <<'PY'
import os, resource, subprocess, sys, time
rounds, corpus, binary, other = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
mb = os.path.getsize(corpus) / 1e6
runs = {"on": [binary], "off": [binary, "--disable-rule", "typo.context"]}
if other:
    runs["other on"] = [other]
best, rss = {}, {}
for _ in range(rounds):
    for name, cmd in runs.items():
        argv = [cmd[0], "check", "-j1", "--format", "jsonl", "--max-findings", "0"] + cmd[1:] + [corpus]
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
        best[name] = min(best.get(name, 1e9), time.perf_counter() - t)
        rss[name] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
for name, s in best.items():
    print(f"{name:9} {mb / s:7.1f} MB/s  ({s:.2f} s, best of {rounds})")
print(f"ratio on/off: {best['off'] / best['on']:.2f}")
if other:
    print(f"ratio on/other on: {best['other on'] / best['on']:.2f} (× faster)")
print(f"peak RSS of the children: {max(rss.values())} MB")
PY
