#!/usr/bin/env python3
"""The site audit of ``dask_audit.py`` as a PySpark job (``DataFrame.mapInPandas``).

    spark-submit examples/distributed/spark_audit.py PAGES_DIR --out audit/
    spark-submit --master spark://host:7077 examples/distributed/spark_audit.py pages.parquet --out s3a://bucket/audit/

Input: a directory of saved pages (read with Spark's ``binaryFile`` source, recursively,
``*.htm*``; the url is the path relative to the directory, its first folder the site), or a
Parquet/CSV table with columns ``url, html``.

How it works: ``audit_batches`` receives the partition as an iterator of pandas DataFrames
(``url, html``) and yields findings DataFrames. The ``zhproof.Checker`` in its closure is
pickled as its configuration (user dictionaries included) and rebuilt once per Python worker
process (Spark reuses Python workers across tasks by default,
``spark.python.worker.reuse=true``), never per row or per batch. Each batch is checked with
``check_many`` (``--threads-per-task``, default 1: Spark already runs one task per core).

Output in ``--out``: ``findings/`` (Parquet, or CSV with ``--format csv``) with url, site,
rule, category, severity, text, start, end (code points into the page's HTML, as decoded),
byte_start, byte_end, line, column, suggestions, message; ``summary/`` (one CSV) with per
site pages, findings and counts by severity.

Requirements: ``pip install pyspark`` (Java 17), zhproof installed on every executor.
``decode``/``site_of`` come from ``dask_audit.py`` (shipped to executors with
``addPyFile``), so both jobs produce the same rows.

Status: the pandas function ``audit_batches`` is exercised by the pytest suite without
Spark; the Spark job itself was NOT run in CI (PySpark is not installed there: too heavy).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Iterator

import zhproof

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dask_audit import decode, site_of  # noqa: E402

SCHEMA = (
    "url string, site string, rule string, category string, severity string, text string, "
    "start long, end long, byte_start long, byte_end long, line long, column long, "
    "suggestions string, message string"
)
COLUMNS = [c.split()[0] for c in SCHEMA.split(", ")]


def audit_batches(batches: Iterator, checker: zhproof.Checker, threads: int = 1) -> Iterator:
    """mapInPandas body: pandas DataFrames with ``url, html`` (``html`` as str or bytes)
    in, findings DataFrames out."""
    import pandas as pd

    for df in batches:
        urls = [str(u) for u in df["url"].tolist()]
        htmls = [h if isinstance(h, str) else decode(bytes(h)) for h in df["html"].tolist()]
        results = checker.check_many(htmls, threads=threads, html=True)
        rows = []
        for url, findings in zip(urls, results):
            site = site_of(url)
            for f in findings:
                rows.append((
                    url, site, f.rule, f.category, f.severity, f.text, f.start, f.end,
                    f.byte_start, f.byte_end, f.line, f.column, "|".join(f.suggestions), f.message,
                ))
        yield pd.DataFrame(rows, columns=COLUMNS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="zhproof site audit on PySpark")
    ap.add_argument("input", help="directory of .html pages, or a .parquet/.csv table with url,html")
    ap.add_argument("--out", default="audit", help="output folder or URI")
    ap.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    ap.add_argument("--threads-per-task", type=int, default=1)
    ap.add_argument("--categories", default=None)
    ap.add_argument("--script", default="zh-Hans")
    ap.add_argument("--dict", action="append", default=[], help="extra dictionary (TSV), shipped inside the pickled Checker")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.appName("zhproof-audit").getOrCreate()
    spark.sparkContext.addPyFile(str(Path(__file__).resolve().with_name("dask_audit.py")))
    checker = zhproof.Checker(categories=args.categories, script=args.script, dictionaries=args.dict)

    if os.path.isdir(args.input):
        # binaryFile paths look like file:/abs/dir/site/page.html: keep what follows dir/
        root = str(Path(args.input).resolve()).strip("/")
        strip_root = "^[a-zA-Z0-9+.-]+:/*\\Q" + root + "\\E/"
        pages = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", "*.htm*")
            .load(args.input)
            .select(F.regexp_replace("path", strip_root, "").alias("url"), F.col("content").alias("html"))
        )
    elif args.input.lower().endswith((".parquet", ".pq")):
        pages = spark.read.parquet(args.input).select("url", "html")
    else:
        pages = (
            spark.read.option("header", True).option("multiLine", True).option("escape", '"')
            .csv(args.input).select("url", "html")
        )

    threads = args.threads_per_task
    findings = pages.mapInPandas(lambda it: audit_batches(it, checker, threads), schema=SCHEMA)
    findings = findings.cache()
    writer = findings.write.mode("overwrite")
    if args.format == "csv":
        writer.option("header", True).csv(os.path.join(args.out, "findings"))
    else:
        writer.parquet(os.path.join(args.out, "findings"))
    per_site_pages = pages.select(F.udf(site_of, "string")("url").alias("site")).groupBy("site").count()
    summary = (
        findings.groupBy("site")
        .agg(
            F.count("*").alias("findings"),
            F.countDistinct("url").alias("pages_with_findings"),
            *[F.sum((F.col("severity") == s).cast("long")).alias(s) for s in ("error", "warning", "info")],
        )
        .join(per_site_pages.withColumnRenamed("count", "pages"), "site", "right")
        .fillna(0)
        .orderBy("site")
    )
    summary.coalesce(1).write.mode("overwrite").option("header", True).csv(os.path.join(args.out, "summary"))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
