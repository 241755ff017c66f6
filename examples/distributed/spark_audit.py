#!/usr/bin/env python3
"""The site audit of ``dask_audit.py`` as a PySpark job (``DataFrame.mapInPandas``).

    python examples/distributed/spark_audit.py PAGES_DIR --out audit/ --master 'local[2]'
    spark-submit examples/distributed/spark_audit.py PAGES_DIR --out audit/ --config zhproof.toml
    spark-submit --master spark://host:7077 examples/distributed/spark_audit.py pages.parquet --out s3a://bucket/audit/

Input: a directory of saved pages (read with Spark's ``binaryFile`` source, recursively,
``.html``/``.htm`` in any case; the url is the path relative to the directory, its first
folder the site; like every Spark file source it skips names starting with ``.`` or ``_``),
or a Parquet/CSV table with columns ``url, html``.

How it works: ``audit_batches`` receives the partition as an iterator of pandas DataFrames
(``url, html``) and yields findings DataFrames. The ``zhproof.Checker`` in its closure is
pickled as its configuration (``--config zhproof.toml`` and user dictionaries included: the
executors need neither file) and rebuilt once per Python worker process (Spark reuses
Python workers across tasks by default, ``spark.python.worker.reuse=true``), never per row
or per batch. Each batch is checked with ``check_many`` (``--threads-per-task``, default 1:
Spark already runs one task per core).

Output in ``--out``: ``findings/`` (Parquet, or CSV with ``--format csv``: RFC 4180 quoting,
UTF-8, a header per part file) with url, site, rule, category, severity, text, start, end
(code points into the page's HTML, as decoded), byte_start, byte_end, line, column,
suggestions, message: the rows of ``dask_audit.py`` (and of its ``--single-process``
reference), in another order (sort them to compare); ``summary/`` (one CSV) with per site
findings, pages with findings, counts by severity, and pages.

Requirements: ``pip install pyspark==3.5.3 pyarrow`` and a Java 17 runtime; zhproof installed
on every executor. Run with plain ``python``, the job starts a local Spark (``--master``,
default ``local[*]``) whose Python workers are this interpreter; under ``spark-submit`` the
master and ``PYSPARK_PYTHON`` come from it. ``--conf KEY=VALUE`` passes Spark settings.
``decode``/``site_of`` come from ``dask_audit.py`` (shipped to executors with
``addPyFile``, as is this file, so ``main()`` can be called from another driver script),
so both jobs produce the same rows.

Tested for real in CI (``python/tests/test_spark_audit.py``): ``local[2]`` over a generated
site and over the same pages as a CSV table, rows equal to the single-process audit's.
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


def spark_session(master: str | None, confs: list[str]):
    """A SparkSession: under ``spark-submit`` the one it configured; run with plain
    ``python``, a local Spark (``--master``, default ``local[*]``) bound to 127.0.0.1 whose
    Python workers run this interpreter (so they import the same zhproof)."""
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started the JVM
    builder = SparkSession.builder.appName("zhproof-audit")
    if master:
        builder = builder.master(master)
    elif not submitted:
        builder = builder.master("local[*]")
    if not submitted and (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.showConsoleProgress", "false")
        )
    for kv in confs:
        key, sep, value = kv.partition("=")
        if not sep:
            raise SystemExit(f"spark_audit: --conf {kv!r}: expected KEY=VALUE")
        builder = builder.config(key.strip(), value)
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="zhproof site audit on PySpark")
    ap.add_argument("input", help="directory of .html pages, or a .parquet/.csv table with url,html")
    ap.add_argument("--out", default="audit", help="output folder or URI")
    ap.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    ap.add_argument("--threads-per-task", type=int, default=1)
    ap.add_argument("--config", help="zhproof.toml (or pyproject.toml with [tool.zhproof]): the checker's settings, shipped inside the pickled Checker")
    ap.add_argument("--categories", default=None)
    ap.add_argument("--script", default="zh-Hans")
    ap.add_argument("--dict", action="append", default=[], help="extra dictionary (TSV), shipped inside the pickled Checker")
    ap.add_argument("--master", help="Spark master when run with plain python (default: local[*]; spark-submit's otherwise)")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting, repeatable")
    ap.add_argument("--log-level", default="WARN", help="Spark log level (default: WARN)")
    args = ap.parse_args(argv)
    if args.config and (args.categories or args.dict or args.script != "zh-Hans"):
        ap.error("--config names every checker setting: give it without --categories/--script/--dict")

    # The checker first: a bad zhproof.toml fails here, before Spark starts.
    if args.config:
        checker = zhproof.Checker.from_config(args.config)
    else:
        checker = zhproof.Checker(categories=args.categories, script=args.script, dictionaries=args.dict)

    from pyspark.sql import functions as F

    spark = spark_session(args.master, args.conf)
    spark.sparkContext.setLogLevel(args.log_level)
    # dask_audit.py (decode, site_of) and this file: when main() is called from another
    # script or a notebook, audit_batches is pickled by reference to this module.
    here = Path(__file__).resolve()
    spark.sparkContext.addPyFile(str(here.with_name("dask_audit.py")))
    spark.sparkContext.addPyFile(str(here))
    try:
        write_audit(spark, F, checker, args)
    finally:
        spark.stop()
    return 0


def write_audit(spark, F, checker: zhproof.Checker, args: argparse.Namespace) -> None:  # noqa: N803
    if os.path.isdir(args.input):
        # binaryFile paths look like file:/abs/dir/site/page.html (not percent-encoded):
        # keep what follows dir/. abspath, not resolve: Spark does not follow symlinks.
        root = os.path.abspath(args.input)
        strip_root = "^[a-zA-Z][a-zA-Z0-9+.-]*:/*\\Q" + root.strip("/") + "\\E/"
        pages = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", "*.[hH][tT][mM]{,[lL]}")  # .html/.htm in any case
            .load(root)
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
        # RFC 4180 (quotes doubled, not backslash-escaped) and text kept as it is: Spark's
        # CSV writer otherwise trims leading/trailing spaces of every field.
        (
            writer.option("header", True).option("escape", '"')
            .option("ignoreLeadingWhiteSpace", False).option("ignoreTrailingWhiteSpace", False)
            .csv(os.path.join(args.out, "findings"))
        )
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
    )
    # one small file sorted by site (no range-partitioning pass: a summary has few rows)
    summary.coalesce(1).sortWithinPartitions("site").write.mode("overwrite").option("header", True).csv(os.path.join(args.out, "summary"))
    findings.unpersist()


if __name__ == "__main__":
    sys.exit(main())
