#!/usr/bin/env python3
"""Scaling of a site audit on this machine, step by step, on the same pages:

  1. one process            dask_audit.py --single-process (check_many threads=1)
  2. check_many, 2 threads  dask_audit.py --single-process --threads-per-worker 2
  3. Dask, 2 workers        dask_audit.py --workers 2 (LocalCluster, 1 thread each, 100
                            pages a partition)

Pages: People's Daily paragraphs (pd199801.txt, from $ZHPROOF_SHARED/data,
<repo>/../shared/data or /work/shared/data) wrapped into HTML pages of --paras paragraphs
over 10 sites, written to a temporary folder. Every step checks the pages as HTML
(``check_many(html=True)``: extraction and checks in Rust); pages/s counts from the first page read to the last finding written
(Dask: without the cluster start, printed separately). Best of --repeat runs.

    python benches/compare/python_scaling.py [--pages 2000] [--paras 10] [--repeat 2]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AUDIT = REPO / "examples" / "distributed" / "dask_audit.py"


def corpus() -> Path | None:
    roots = [Path(os.environ["ZHPROOF_SHARED"])] if os.environ.get("ZHPROOF_SHARED") else []
    roots += [REPO.parent / "shared", Path("/work/shared")]
    return next((r / "data/corpora/pd199801.txt" for r in roots if (r / "data/corpora/pd199801.txt").is_file()), None)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--paras", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    src = corpus()
    if src is None:
        print("pd199801.txt not found (set ZHPROOF_SHARED); nothing measured", file=sys.stderr)
        return 2
    paras = [ln.strip() for ln in src.read_text(encoding="utf-8").splitlines() if ln.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        total_bytes = 0
        for i in range(args.pages):
            chunk = [paras[(i * args.paras + k) % len(paras)] for k in range(args.paras)]
            body = "\n".join(f"<p>{html.escape(p)}</p>" for p in chunk)
            page = f"<!doctype html><html><head><title>第{i}页</title><style>p{{margin:0}}</style></head><body><article>{body}</article><script>var n={i};</script></body></html>"
            d = site / f"site{i % 10}.gov.cn"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"{i:05}.html").write_text(page, encoding="utf-8")
            total_bytes += len(page.encode("utf-8"))
        print(f"{args.pages} pages of {args.paras} paragraphs ({total_bytes / 1e6:.1f} MB HTML), cores: {os.cpu_count()}")
        steps = [
            ("1 process", ["--single-process"]),
            ("check_many 2 threads", ["--single-process", "--threads-per-worker", "2"]),
            ("Dask 2 workers", ["--workers", "2", "--partition-size", "100"]),
        ]
        base = None
        for name, extra in steps:
            best = None
            for _ in range(args.repeat):
                r = subprocess.run(
                    [sys.executable, str(AUDIT), str(site), "--out", str(Path(tmp) / "out"), *extra],
                    capture_output=True, text=True,
                )
                if r.returncode != 0:
                    print(r.stderr[-2000:], file=sys.stderr)
                    return 1
                stats = json.loads(r.stdout.strip().splitlines()[-1])
                if best is None or stats["seconds"] < best["seconds"]:
                    best = stats
            base = base or best["pages_per_second"]
            start = f", cluster start {best['cluster_start_seconds']:.1f} s" if best["cluster_start_seconds"] else ""
            print(
                f"{name:22} {best['seconds']:6.2f} s  {best['pages_per_second']:8,.0f} pages/s  "
                f"{best['pages_per_second'] / base:4.2f}x  ({best['findings']} findings{start})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
