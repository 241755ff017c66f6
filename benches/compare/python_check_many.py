#!/usr/bin/env python3
"""Throughput of zhproof's Python binding on the People's Daily corpus (one paragraph a line):
a plain ``check`` loop, then ``check_many`` with threads=1 and threads=2. Prints paragraphs/s,
MB/s and the threads=2 / threads=1 ratio (target on a 2-core machine: >= 1.7).

    python benches/compare/python_check_many.py [--repeat 3] [--corpus PATH]

The corpus is read from $ZHPROOF_SHARED/data, <repo>/../shared/data or /work/shared/data
(evaluation data, never copied into the repository). Timings are the best of --repeat runs (threads=1 and threads=2 runs alternate). The machine
is shared: a control (two busy processes vs one) shows how much parallelism was free.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

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


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i
    return s


def machine_parallelism(n: int = 2_000_000) -> float:
    """Control: the speed-up two busy processes get over one right now (about 2.0 on an idle
    2-core machine, about 1.0 when other jobs already use every core)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [10, 10])
        t0 = time.perf_counter()
        _spin(n)
        _spin(n)
        serial = time.perf_counter() - t0
        t0 = time.perf_counter()
        pool.map(_spin, [n, n])
        parallel = time.perf_counter() - t0
    return serial / parallel


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scale", type=int, default=4, help="check the corpus this many times per run")
    args = ap.parse_args()
    path = args.corpus or corpus_path()
    if path is None:
        print("pd199801.txt not found (set ZHPROOF_SHARED); nothing measured", file=sys.stderr)
        return 2
    paras = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()] * args.scale
    mb = sum(len(p.encode("utf-8")) for p in paras) / 1e6
    t0 = time.perf_counter()
    checker = zhproof.Checker()
    build = time.perf_counter() - t0
    checker.check_many(paras[:2000], threads=2)  # warm-up: pools, page cache
    n_findings = sum(len(f) for f in checker.check_many(paras))
    print(f"corpus: {path.name}, {len(paras):,} paragraphs, {mb:.1f} MB, {n_findings:,} findings; "
          f"Checker() built in {build * 1000:.0f} ms; cores: {os.cpu_count()}")
    control = machine_parallelism()
    loop = best(lambda: [checker.check(p) for p in paras], args.repeat)
    # threads=1 and threads=2 alternate, so that both see the same machine load
    one = two = float("inf")
    for _ in range(args.repeat):
        one = min(one, best(lambda: checker.check_many(paras, threads=1), 1))
        two = min(two, best(lambda: checker.check_many(paras, threads=2), 1))
    for name, t in (("check() loop", loop), ("check_many threads=1", one), ("check_many threads=2", two)):
        print(f"{name:22} {t:6.2f} s  {len(paras) / t:10,.0f} paragraphs/s  {mb / t:6.1f} MB/s")
    print(f"ratio threads=2 / threads=1: {one / two:.2f}x (target >= 1.7x)")
    print(f"control, 2 busy processes / 1 (free cores right now): {control:.2f}x; "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
