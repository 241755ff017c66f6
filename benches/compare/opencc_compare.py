#!/usr/bin/env python3
"""Compare zhproof's converter with OpenCC (C++, PyPI `opencc`) on a corpus, per config.

For each config it converts the corpus (default: People's Daily 1998-01, the shared
evaluation data; for the `*2s` configs the corpus is first converted to the matching
traditional form by OpenCC, so both engines get realistic input), compares the outputs line
by line (agreement = identical lines / lines), and times both in the same run:
  - OpenCC: `OpenCC(config).convert(whole_text)` (best of --repeat), construction excluded;
  - zhproof: `zhproof convert --stats` (release CLI), its own in-process conversion time,
    load excluded (reported separately).
Throughput ratio = zhproof MB/s / OpenCC MB/s on the same bytes.

Usage: /work/main/.venv/bin/python benches/compare/opencc_compare.py [--corpus FILE]
       [--bin target/release/zhproof] [--lines N] [--repeat 3]
Build the CLI first: cargo build --release -p zhproof-cli
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import opencc

REPO = Path(__file__).resolve().parents[2]
CONFIGS = ["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp"]
# Input for the traditional → simplified configs: the corpus converted by OpenCC with this.
SOURCE_FOR = {"t2s": "s2t", "tw2s": "s2tw", "hk2s": "s2hk", "tw2sp": "s2twp"}


def shared_dir() -> Path:
    for p in (os.environ.get("ZHPROOF_SHARED"), REPO / ".." / "shared", "/work/shared"):
        if p and Path(p).is_dir():
            return Path(p)
    sys.exit("shared data not found (set ZHPROOF_SHARED)")


def run_ours(binary, config, text, repeat):
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.txt"
        src.write_text(text, encoding="utf-8")
        best, out, load = None, None, None
        for _ in range(repeat):
            r = subprocess.run([binary, "convert", "--to", config, "--stats", str(src)],
                               capture_output=True, check=True)
            m = re.search(r"load ([\d.]+) ms, convert ([\d.]+) ms", r.stderr.decode())
            if not m:
                sys.exit(f"unexpected stats: {r.stderr.decode()}")
            ms = float(m.group(2))
            load = float(m.group(1)) if load is None else min(load, float(m.group(1)))
            if best is None or ms < best:
                best = ms
            out = r.stdout.decode("utf-8")
        return out, best / 1e3, load


def run_opencc(config, text, repeat):
    t0 = time.perf_counter()
    cc = opencc.OpenCC(config)
    cc.convert("预热")
    build = time.perf_counter() - t0
    best, out = None, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = cc.convert(text)
        dt = time.perf_counter() - t
        best = dt if best is None or dt < best else best
    return out, best, build


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "zhproof"))
    ap.add_argument("--lines", type=int, default=0, help="use the first N lines (0 = all)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", type=int, default=5, help="differing lines shown per config")
    args = ap.parse_args()
    corpus = args.corpus or shared_dir() / "data" / "corpora" / "pd199801.txt"
    lines = [l for l in corpus.read_text(encoding="utf-8").splitlines() if l.strip()]
    if args.lines:
        lines = lines[: args.lines]
    simplified = "\n".join(lines) + "\n"
    print(f"corpus {corpus.name}: {len(lines)} lines, {len(simplified.encode()) / 1e6:.2f} MB; "
          f"opencc {opencc.__version__}")
    print(f"{'config':7} {'agree':>14} {'ours MB/s':>10} {'opencc MB/s':>12} {'ratio':>6} "
          f"{'our load ms':>11} {'opencc build ms':>15}")
    totals = []
    for config in CONFIGS:
        if config in SOURCE_FOR:
            text = opencc.OpenCC(SOURCE_FOR[config]).convert(simplified)
        else:
            text = simplified
        mb = len(text.encode("utf-8")) / 1e6
        theirs, t_theirs, build = run_opencc(config, text, args.repeat)
        ours, t_ours, load = run_ours(args.bin, config, text, args.repeat)
        a, b = theirs.rstrip("\n").split("\n"), ours.rstrip("\n").split("\n")
        same = sum(1 for x, y in zip(a, b) if x == y)
        n = max(len(a), len(b))
        shown = 0
        for x, y, src in zip(a, b, text.split("\n")):
            if x != y and shown < args.show:
                shown += 1
                i = next(i for i, (p, q) in enumerate(zip(x, y)) if p != q) if any(
                    p != q for p, q in zip(x, y)) else min(len(x), len(y))
                print(f"   diff {config}: …{src[max(0, i - 8):i + 8]}… opencc …{x[max(0, i - 8):i + 8]}… "
                      f"ours …{y[max(0, i - 8):i + 8]}…")
        ours_mbs, theirs_mbs = mb / t_ours, mb / t_theirs
        totals.append(ours_mbs / theirs_mbs)
        print(f"{config:7} {same:6}/{n:6} {100 * same / max(n, 1):6.2f}% {ours_mbs:8.1f} {theirs_mbs:12.1f} "
              f"{ours_mbs / theirs_mbs:6.2f} {load:11.1f} {build * 1e3:15.1f}")
    print(f"throughput ratio (ours/opencc): min {min(totals):.2f}, max {max(totals):.2f}")


if __name__ == "__main__":
    main()
