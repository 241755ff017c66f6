#!/usr/bin/env python3
"""Site-scale audit on Dask ``distributed``: pages checked on the workers, one zhproof
Checker per worker process, findings written per partition, a summary per site.

    python examples/distributed/dask_audit.py PAGES_DIR --out audit/            # LocalCluster
    python examples/distributed/dask_audit.py pages.csv --out audit/ --scheduler tcp://10.0.0.5:8786
    python examples/distributed/dask_audit.py pages.parquet --out audit/ --format parquet
    python examples/distributed/dask_audit.py PAGES_DIR --out audit/ --config zhproof.toml

Input: a directory of saved pages (walked for .html/.htm; the first folder level is the
site, the relative path the url), or a table with columns ``url, html`` as CSV or Parquet
(Parquet needs pyarrow). Directory pages are read on the workers; table rows are streamed
from the client in chunks.

How it scales: the Checker is pickled into the task graph as its configuration (a few
hundred bytes, user dictionaries included) and rebuilt once per worker process, so workers
never receive compiled automata and never rebuild them per task. Each partition is checked
with ``check_many(threads=--threads-per-worker, html=True)``: the page's visible text,
``alt``/``title`` attributes and links are checked, scripts and styles are not.

Output in ``--out`` (on a real cluster: a path every worker can write, e.g. a shared mount):
  findings/part-NNNNN.csv (or .parquet)  url, site, rule, category, severity, text, start,
      end (code points into the page's HTML, as decoded), byte_start, byte_end (UTF-8),
      line, column, suggestions, message
  summary.csv  per site: pages, pages with findings, findings by severity and category
A JSON line with the totals and pages/s is printed on stdout.

``--single-process`` runs the same partitions in this process without Dask (the reference
the distributed run must equal row for row).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter
from typing import Any, Iterator
from urllib.parse import urlparse

import zhproof

FIELDS = [
    "url", "site", "rule", "category", "severity", "text", "start", "end",
    "byte_start", "byte_end", "line", "column", "suggestions", "message",
]
def decode(data: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def site_of(url: str) -> str:
    netloc = urlparse(url).netloc
    if netloc:
        return netloc.lower()
    parts = url.replace("\\", "/").split("/")
    return parts[0] if len(parts) > 1 else "."


# ---------------------------------------------------------------- input partitions
def dir_partitions(root: str, size: int) -> Iterator[dict]:
    """Partitions of page files: {"root", "files"} (read on the worker)."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        files += [
            os.path.relpath(os.path.join(dirpath, f), root)
            for f in sorted(filenames)
            if f.lower().endswith((".html", ".htm"))
        ]
    for i in range(0, len(files), size):
        yield {"root": os.path.abspath(root), "files": files[i : i + size]}


def table_partitions(path: str, size: int) -> Iterator[dict]:
    """Partitions of (url, html) rows from a CSV or Parquet table, read in chunks."""
    import pandas as pd

    if path.lower().endswith((".parquet", ".pq")):
        chunks: Any = [pd.read_parquet(path, columns=["url", "html"])]
        chunks = (c.iloc[i : i + size] for c in chunks for i in range(0, len(c), size))
    else:
        chunks = pd.read_csv(path, usecols=["url", "html"], dtype=str, keep_default_na=False, chunksize=size)
    for chunk in chunks:
        yield {"rows": list(zip(chunk["url"].tolist(), chunk["html"].tolist()))}


# ---------------------------------------------------------------- the worker side
def audit_partition(index: int, part: dict, checker: zhproof.Checker, out: str, fmt: str, threads: int) -> dict:
    """Checks one partition, writes its findings file, returns its per-site counts."""
    pages: list[tuple[str, str]] = []
    errors: Counter = Counter()
    if "files" in part:
        for rel in part["files"]:
            try:
                with open(os.path.join(part["root"], rel), "rb") as fh:
                    pages.append((rel.replace(os.sep, "/"), decode(fh.read())))
            except OSError:
                errors[site_of(rel)] += 1
    else:
        pages = [(str(u), str(h)) for u, h in part["rows"]]
    # HTML extraction and checking both run in Rust, in parallel, with the GIL released.
    results = checker.check_many([html for _, html in pages], threads=threads, html=True)
    rows = []
    summary: dict[str, Counter] = {}
    for (url, _), findings in zip(pages, results):
        site = site_of(url)
        s = summary.setdefault(site, Counter())
        s["pages"] += 1
        s["pages_with_findings"] += bool(findings)
        for f in findings:
            s["findings"] += 1
            s[f.severity] += 1
            s[f"category:{f.category}"] += 1
            rows.append({
                "url": url, "site": site, "rule": f.rule, "category": f.category,
                "severity": f.severity, "text": f.text, "start": f.start, "end": f.end,
                "byte_start": f.byte_start, "byte_end": f.byte_end, "line": f.line,
                "column": f.column, "suggestions": "|".join(f.suggestions), "message": f.message,
            })
    for site, n in errors.items():
        summary.setdefault(site, Counter())["unreadable"] += n
    write_part(rows, os.path.join(out, "findings"), index, fmt)
    return {k: dict(v) for k, v in summary.items()}


def write_part(rows: list[dict], folder: str, index: int, fmt: str) -> None:
    os.makedirs(folder, exist_ok=True)
    if fmt == "parquet":
        import pandas as pd

        pd.DataFrame(rows, columns=FIELDS).to_parquet(os.path.join(folder, f"part-{index:05}.parquet"), index=False)
        return
    with open(os.path.join(folder, f"part-{index:05}.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)


# ---------------------------------------------------------------- the driver side
def merge(summaries: list[dict]) -> dict[str, Counter]:
    total: dict[str, Counter] = {}
    for s in summaries:
        for site, counts in s.items():
            total.setdefault(site, Counter()).update(counts)
    return total


def write_summary(total: dict[str, Counter], path: str) -> None:
    cats = sorted({k for c in total.values() for k in c if k.startswith("category:")})
    cols = ["site", "pages", "pages_with_findings", "findings", "error", "warning", "info", "unreadable"] + cats
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([c.replace("category:", "") for c in cols])
        for site in sorted(total):
            w.writerow([site] + [total[site].get(c, 0) for c in cols[1:]])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="zhproof site audit on Dask distributed")
    ap.add_argument("input", help="directory of .html pages, or a .csv/.parquet table with url,html columns")
    ap.add_argument("--out", default="audit", help="output folder (default: audit/)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (default: start a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default: 2)")
    ap.add_argument("--threads-per-worker", type=int, default=1, help="check_many threads per worker (default: 1)")
    ap.add_argument("--partition-size", type=int, default=200, help="pages per partition (default: 200)")
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv", help="findings files (parquet needs pyarrow)")
    ap.add_argument("--config", help="zhproof.toml (or pyproject.toml with [tool.zhproof]): the checker's settings; travels to the workers inside the pickled Checker")
    ap.add_argument("--categories", default=None, help="comma-separated categories (default: all)")
    ap.add_argument("--script", default="zh-Hans")
    ap.add_argument("--dict", action="append", default=[], help="extra dictionary (TSV); travels to the workers inside the pickled Checker")
    ap.add_argument("--single-process", action="store_true", help="no Dask: run every partition here (the reference)")
    args = ap.parse_args(argv)
    if args.config and (args.categories or args.dict or args.script != "zh-Hans"):
        ap.error("--config names every checker setting: give it without --categories/--script/--dict")

    if args.config:
        checker = zhproof.Checker.from_config(args.config)
    else:
        checker = zhproof.Checker(categories=args.categories, script=args.script, dictionaries=args.dict)
    if os.path.isdir(args.input):
        parts = list(dir_partitions(args.input, args.partition_size))
    else:
        parts = list(table_partitions(args.input, args.partition_size))
    os.makedirs(os.path.join(args.out, "findings"), exist_ok=True)
    for old in os.listdir(os.path.join(args.out, "findings")):
        if old.startswith("part-"):
            os.remove(os.path.join(args.out, "findings", old))
    started = time.perf_counter()
    setup = 0.0
    if args.single_process:
        summaries = [
            audit_partition(i, p, checker, args.out, args.format, args.threads_per_worker)
            for i, p in enumerate(parts)
        ]
    else:
        from dask.distributed import Client, LocalCluster

        cluster = None
        if args.scheduler:
            client = Client(args.scheduler)
        else:
            cluster = LocalCluster(
                n_workers=args.workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=40,
            )
            client = Client(cluster)
        try:
            client.wait_for_workers(1)
            setup = time.perf_counter() - started
            started = time.perf_counter()
            # One copy of the (small) pickled checker in the cluster, shared by all tasks.
            remote_checker = client.scatter(checker, broadcast=True)
            futures = [
                client.submit(
                    audit_partition, i, p, remote_checker, os.path.abspath(args.out), args.format,
                    args.threads_per_worker, pure=False,
                )
                for i, p in enumerate(parts)
            ]
            summaries = client.gather(futures)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    elapsed = time.perf_counter() - started
    total = merge(summaries)
    write_summary(total, os.path.join(args.out, "summary.csv"))
    pages = sum(c.get("pages", 0) for c in total.values())
    stats = {
        "mode": "single-process" if args.single_process else "dask",
        "workers": None if args.single_process else (args.workers if not args.scheduler else "remote"),
        "partitions": len(parts),
        "pages": pages,
        "findings": sum(c.get("findings", 0) for c in total.values()),
        "sites": len(total),
        "seconds": round(elapsed, 3),
        "cluster_start_seconds": round(setup, 3),
        "pages_per_second": round(pages / elapsed, 1) if elapsed > 0 else None,
    }
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
