#!/usr/bin/env python3
"""Time of `zhproof check` on the same text with and without a user dictionary holding one
very long term (issue 21: a 30,000-character term made a 1 MB text take 20 s, the matcher
scanning term-length windows). Linear matching keeps the ratio near 1 at every size.

    cargo build --release -p zhproof-cli
    python3 benches/compare/long_term.py --sizes 1,10 --term-chars 30000

Prints per size: seconds without and with the dictionary, the ratio, and seconds per MB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path("/work/shared/data/corpora/pd199801.txt")
BIN = REPO / "target/release/zhproof"


def text_of(mb: int) -> str:
    base = CORPUS.read_text(encoding="utf-8")
    out = (base * (mb * 1_000_000 // len(base.encode("utf-8")) + 1)).encode("utf-8")[: mb * 1_000_000]
    text = out.decode("utf-8", errors="ignore")
    return text[: text.rfind("\n") + 1]


def best(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        times.append(time.perf_counter() - t)
        if code not in (0, 1):
            raise SystemExit(f"{cmd}: exit {code}")
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,10")
    ap.add_argument("--term-chars", type=int, default=30_000)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        # A term made of the corpus's commonest bigram, so the prefilter fires everywhere.
        term = "的是" * (args.term_chars // 2)
        dic = tmp / "long.tsv"
        dic.write_text(f"{term}\t的\ttypo\twarning\n", encoding="utf-8")
        for mb in (int(s) for s in args.sizes.split(",")):
            p = tmp / f"t{mb}.txt"
            p.write_text(text_of(mb), encoding="utf-8")
            cmd = [str(BIN), "check", "--format", "jsonl", "--jobs", "1", str(p)]
            plain = best(cmd, args.runs)
            with_dict = best(cmd[:2] + ["--dict", str(dic)] + cmd[2:], args.runs)
            print(f"{mb:>4} MB  without {plain:6.2f} s  with a {args.term_chars}-char term {with_dict:6.2f} s  "
                  f"x{with_dict / plain:4.2f}  {with_dict / mb:5.2f} s/MB", flush=True)


if __name__ == "__main__":
    sys.exit(main())
