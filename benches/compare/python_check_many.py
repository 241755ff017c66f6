#!/usr/bin/env python3
"""Throughput of zhproof's Python binding on the People's Daily corpus (one paragraph a line):
a plain ``check`` loop, then ``check_many`` with threads=1 and threads=2, and the
threads=2 / threads=1 ratio (target on a 2-core machine: >= 1.7).

    python benches/compare/python_check_many.py [--rounds 15] [--scale 2] [--corpus PATH]

The corpus is read from $ZHPROOF_SHARED/data, <repo>/../shared/data or /work/shared/data
(evaluation data, never copied into the repository).

How the ratio is measured. On a shared virtual machine the speed of one core drifts by tens
of percent from one second to the next, so two runs a few seconds apart are not comparable.
Each round therefore runs threads=1, threads=2, threads=2, threads=1 back to back (ABBA:
a drift within the round cancels out) and gives one ratio; the headline figure is the
median over the rounds, printed with the range. Each round is followed by a control round,
two busy processes against one, which shows how much parallelism the machine gave meanwhile
(about 2.0 on an idle 2-core machine, about 1.0 when other jobs use every core).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import zhproof

REPO = Path(__file__).resolve().parents[2]


def corpus_path() -> Path | None:
    roots = [Path(os.environ["ZHPROOF_SHARED"])] if os.environ.get("ZHPROOF_SHARED") else []
    roots += [REPO.parent / "shared", Path("/work/shared")]
    for r in roots:
        p = r / "data" / "corpora" / "pd199801.txt"
        if p.is_file():
            return p
    return None


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def abba_round(one: Callable[[], object], two: Callable[[], object]) -> float:
    """One ratio time(one) / time(two), from the runs one, two, two, one back to back."""
    a1 = timed(one)
    b1 = timed(two)
    b2 = timed(two)
    a2 = timed(one)
    return (a1 + a2) / (b1 + b2)


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


def summary(ratios: list[float]) -> str:
    return (f"median {statistics.median(ratios):.2f}x "
            f"(rounds: {len(ratios)}, range {min(ratios):.2f}-{max(ratios):.2f}x)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=15, help="ABBA rounds (each gives one ratio)")
    ap.add_argument("--scale", type=int, default=2, help="check the corpus this many times per run")
    ap.add_argument("--batch-size", type=int, default=None, help="check_many batch_size")
    args = ap.parse_args()
    path = args.corpus or corpus_path()
    if path is None:
        print("pd199801.txt not found (set ZHPROOF_SHARED); nothing measured", file=sys.stderr)
        return 2
    if args.rounds < 1 or args.scale < 1:
        print("--rounds and --scale must be at least 1", file=sys.stderr)
        return 2
    paras = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()] * args.scale
    mb = sum(len(p.encode("utf-8")) for p in paras) / 1e6
    t0 = time.perf_counter()
    checker = zhproof.Checker()
    build = time.perf_counter() - t0
    checker.check_many(paras[:2000], threads=2)  # warm-up: pools, page cache
    n_findings = sum(len(f) for f in checker.check_many(paras))
    print(f"corpus: {path.name} x{args.scale}, {len(paras):,} paragraphs, {mb:.1f} MB, "
          f"{n_findings:,} findings; Checker() built in {build * 1000:.0f} ms; "
          f"cores: {os.cpu_count()}")

    def many(threads: int) -> Callable[[], object]:
        return lambda: checker.check_many(paras, threads=threads, batch_size=args.batch_size)

    loop = timed(lambda: [checker.check(p) for p in paras])
    one = timed(many(1))
    two = timed(many(2))
    for name, t in (("check() loop", loop), ("check_many threads=1", one),
                    ("check_many threads=2", two)):
        print(f"{name:22} {t:6.2f} s  {len(paras) / t:10,.0f} paragraphs/s  {mb / t:6.1f} MB/s "
              "(single runs, for scale)")
    # The control's rounds alternate with the measured ones, so that both sample the same
    # moments of the machine.
    import multiprocessing

    n = 3_000_000
    ratios, ctl = [], []
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [10, 10])
        for _ in range(args.rounds):
            ratios.append(abba_round(many(1), many(2)))
            # one process doing the work of two, against two processes doing a share each
            ctl.append(abba_round(lambda: pool.map(_spin, [2 * n]), lambda: pool.map(_spin, [n, n])))
    print(f"ratio threads=2 / threads=1: {summary(ratios)}; target >= 1.7x")
    print(f"control, 2 busy processes / 1 (free cores meanwhile): {summary(ctl)}; "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
