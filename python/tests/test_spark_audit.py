"""examples/distributed/spark_audit.py run for real: PySpark on ``local[2]`` (two executor
threads, reused Python workers) over a generated site, and over the same pages as a CSV
table; its rows equal the single-process audit's (``dask_audit.py --single-process``), field
for field, once both are sorted. PySpark, pyarrow and a Java runtime come from
scripts/setup.sh; without them this module is skipped, except in CI (``CI`` set), where that
is a failure."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO
from test_dask_audit import make_pages, rows, run

SPARK_JOB = REPO / "examples" / "distributed" / "spark_audit.py"
FIELDS_ORDER = [
    "url", "site", "rule", "category", "severity", "text", "start", "end",
    "byte_start", "byte_end", "line", "column", "suggestions", "message",
]


def _missing() -> str | None:
    for mod in ("pyspark", "pyarrow", "pandas"):
        try:
            __import__(mod)
        except ImportError:
            return f"{mod} is not installed (scripts/setup.sh installs it)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (scripts/setup.sh installs openjdk-17-jre-headless)"
    return None


if _missing():
    if os.environ.get("CI"):
        raise RuntimeError(f"test_spark_audit: {_missing()}; CI must run the Spark job")
    pytest.skip(_missing(), allow_module_level=True)


def spark(tmp_path, *args, imported=False):
    """Runs the Spark job with a small, quiet, local Spark (127.0.0.1 only): as a script, or
    (``imported``) through ``spark_audit.main()`` called from another driver program, where
    the executors must import the module itself."""
    if imported:
        driver = (
            "import sys; sys.path.insert(0, sys.argv[1]); import spark_audit; "
            "sys.exit(spark_audit.main(sys.argv[2:]))"
        )
        launch = [sys.executable, "-c", driver, str(SPARK_JOB.parent)]
    else:
        launch = [sys.executable, str(SPARK_JOB)]
    cmd = [
        *launch, *map(str, args),
        "--master", "local[2]", "--log-level", "ERROR",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.sql.shuffle.partitions=2",
        "--conf", "spark.default.parallelism=2",
        "--conf", "spark.driver.memory=512m",
        "--conf", f"spark.local.dir={tmp_path / 'spark-tmp'}",
    ]
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)
    assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]


def spark_rows(out, fmt):
    """The findings rows of a Spark output folder, every value as the CSV text of it."""
    folder = out / "findings"
    assert (folder / "_SUCCESS").exists()
    if fmt == "parquet":
        import pandas as pd

        df = pd.read_parquet(folder)
        assert list(df.columns) == FIELDS_ORDER
        return [{k: str(v) for k, v in r.items()} for r in df.to_dict("records")]
    got = []
    parts = sorted(folder.glob("part-*.csv"))
    assert parts
    for part in parts:
        with open(part, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            assert reader.fieldnames == FIELDS_ORDER
            got += list(reader)
    return got


def key(row):
    return tuple(row[f] for f in FIELDS_ORDER)


def summary_of(path):
    with open(path, encoding="utf-8", newline="") as fh:
        cols = ["pages", "pages_with_findings", "findings", "error", "warning", "info"]
        return {r["site"]: {c: int(r[c]) for c in cols} for r in csv.DictReader(fh)}


def make_site(root):
    """The pages of the Dask test plus the cases a Spark file source could get wrong: an
    upper-case extension, a folder and a file name with a space and Chinese characters, a
    GB18030 page, a site whose pages have no findings, files that are not pages."""
    pages = make_pages(root, n=40)
    extra = {
        "www.a.gov.cn/OLD.HTM": "<p>请按装设备。</p>".encode("utf-8"),
        "b.gov.cn/专题 栏目/第 1 页.html": "<p>我们要再接再励。</p>".encode("utf-8"),
        "c.edu.cn/gbk.html": '<meta charset="gbk"><p>贯切落实。</p>'.encode("gb18030"),
        "clean.example.cn/index.html": "<p>今天天气很好。</p>".encode("utf-8"),
        "clean.example.cn/about.htm": "<p>市民出行平稳有序。</p>".encode("utf-8"),
    }
    for rel, data in extra.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "www.a.gov.cn" / "notes.txt").write_text("按装", encoding="utf-8")  # not a page
    (root / "b.gov.cn" / "style.css").write_text(".按装{}", encoding="utf-8")
    return pages, len(pages) + len(extra)


def test_spark_local2_equals_single_process(tmp_path):
    site = tmp_path / "site"
    pages, n_pages = make_site(site)
    # The same zhproof.toml everywhere: a site dictionary and a severity override, which the
    # executors only get inside the pickled Checker.
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    (conf_dir / "terms.tsv").write_text("第10段\t第十段\tformat\twarning\t序数用汉字\n", encoding="utf-8")
    (conf_dir / "zhproof.toml").write_text(
        'dictionaries = ["terms.tsv"]\n[severity]\n"typo.word" = "warning"\n', encoding="utf-8"
    )
    config = conf_dir / "zhproof.toml"

    single = run(site, "--out", tmp_path / "single", "--single-process", "--config", config)
    spark(tmp_path, site, "--out", tmp_path / "spark", "--config", config)  # Parquet

    expected = rows(tmp_path / "single")
    got = spark_rows(tmp_path / "spark", "parquet")
    assert single["pages"] == n_pages
    assert len(expected) > 100
    assert sorted(got, key=key) == sorted(expected, key=key)

    # the rows are the configured checker's findings, on every kind of page
    assert {r["severity"] for r in expected if r["rule"] == "typo.word"} == {"warning"}
    # page 10 has three paragraphs, each ending in 第10段 (the site dictionary's term)
    assert [(r["url"], r["text"], r["suggestions"], r["severity"]) for r in got if r["category"] == "format"] == [
        ("b.gov.cn/news/010.html", "第10段", "第十段", "warning")
    ] * 3
    urls = {r["url"] for r in got}
    assert {"www.a.gov.cn/OLD.HTM", "b.gov.cn/专题 栏目/第 1 页.html", "c.edu.cn/gbk.html"} <= urls
    assert [r["text"] for r in got if r["url"] == "c.edu.cn/gbk.html"] == ["贯切"]
    assert not any(u.startswith("clean.example.cn") for u in urls)

    # the per-site summary equals the single-process one, the clean site included
    spark_summary = list((tmp_path / "spark" / "summary").glob("part-*.csv"))
    assert len(spark_summary) == 1
    want = summary_of(tmp_path / "single" / "summary.csv")
    assert summary_of(spark_summary[0]) == want
    assert want["clean.example.cn"] == {
        "pages": 2, "pages_with_findings": 0, "findings": 0, "error": 0, "warning": 0, "info": 0,
    }
    assert sum(s["pages"] for s in want.values()) == n_pages


def test_spark_csv_table_to_csv_equals_single_process(tmp_path):
    # url,html rows from a CSV table (multi-line HTML, quotes, commas), findings written as
    # CSV: read back with Python's csv module they equal the single-process rows. The job
    # is started from another driver program (spark_audit imported, main() called).
    site = tmp_path / "site"
    pages = make_pages(site, n=30)
    quoted = '<p class="x">他说："我们要再接再励, 一股作气。"\n请按装 设备 。 </p>'
    (site / "d.org.cn").mkdir()
    (site / "d.org.cn" / "quote.html").write_text(quoted, encoding="utf-8")
    pages.append(("d.org.cn/quote.html", quoted))
    table = tmp_path / "pages.csv"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["url", "html"])
        w.writerows(sorted(pages))

    run(site, "--out", tmp_path / "single", "--single-process")
    spark(tmp_path, table, "--out", tmp_path / "spark", "--format", "csv", imported=True)

    expected = rows(tmp_path / "single")
    got = spark_rows(tmp_path / "spark", "csv")
    assert len(expected) > 80
    assert sorted(got, key=key) == sorted(expected, key=key)
    assert {r["text"] for r in got if r["url"] == "d.org.cn/quote.html"} >= {"再接再励", "按装"}
