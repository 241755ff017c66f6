"""examples/distributed/dask_audit.py: a LocalCluster with 2 worker processes gives the same
findings, row for row, as a single-process run; a CSV table input gives the same rows as a
directory of pages."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from conftest import REPO

pytest.importorskip("dask.distributed", reason="dask[distributed] is in python/requirements-test.txt")
pytest.importorskip("pandas", reason="pandas is in python/requirements-test.txt")

SCRIPT = REPO / "examples" / "distributed" / "dask_audit.py"
SENTENCES = [
    "我们要再接再励，一股作气完成任务。",
    "今天天气很好，市民出行平稳有序。",
    "请按装新设备并及时布署，贯切落实要求。",
    "截止目前，全市已完成𠮷项任务。",
]


def make_pages(root, n=90):
    pages = []
    for i in range(n):
        site = ("www.a.gov.cn", "b.gov.cn", "c.edu.cn")[i % 3]
        body = "".join(f"<p>{SENTENCES[(i + k) % 4]}第{i}段。</p>" for k in range(1 + i % 4))
        html = f"<html><head><title>{i}</title></head><body>{body}<script>var x='按装';</script></body></html>"
        rel = f"{site}/news/{i:03}.html"
        (root / site / "news").mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(html, encoding="utf-8")
        pages.append((rel, html))
    return pages


def run(*args):
    r = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def rows(out):
    got = []
    for part in sorted((out / "findings").glob("part-*.csv")):
        with open(part, encoding="utf-8", newline="") as fh:
            got += list(csv.DictReader(fh))
    return got


def test_dask_two_workers_equals_single_process(tmp_path):
    pages = make_pages(tmp_path / "site")
    table = tmp_path / "pages.csv"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["url", "html"])
        w.writerows(sorted(pages))  # the order a sorted directory walk gives

    single = run(tmp_path / "site", "--out", tmp_path / "single", "--single-process", "--partition-size", 13)
    dask = run(tmp_path / "site", "--out", tmp_path / "dask", "--workers", 2, "--partition-size", 13)
    from_table = run(table, "--out", tmp_path / "table", "--single-process", "--partition-size", 13)

    expected = rows(tmp_path / "single")
    assert len(expected) > 100
    assert rows(tmp_path / "dask") == expected  # row for row, in order
    assert rows(tmp_path / "table") == expected
    assert dask["pages"] == single["pages"] == from_table["pages"] == 90
    assert dask["partitions"] == 7 and dask["workers"] == 2
    assert (tmp_path / "dask" / "summary.csv").read_text() == (tmp_path / "single" / "summary.csv").read_text()

    # the rows are real findings with offsets into each page's visible text
    first = next(r for r in expected if r["url"] == "www.a.gov.cn/news/000.html")
    assert first["url"] == "www.a.gov.cn/news/000.html" and first["site"] == "www.a.gov.cn"
    assert (first["text"], first["suggestions"], first["category"]) == ("再接再励", "再接再厉", "typo")
    assert {r["text"] for r in expected} == {"再接再励", "一股作气", "按装", "布署", "贯切", "截止目前"}
    with open(tmp_path / "single" / "summary.csv", encoding="utf-8") as fh:
        summary = {r["site"]: r for r in csv.DictReader(fh)}
    assert sorted(summary) == ["b.gov.cn", "c.edu.cn", "www.a.gov.cn"]
    assert sum(int(s["pages"]) for s in summary.values()) == 90
    assert sum(int(s["findings"]) for s in summary.values()) == len(expected)


def test_spark_batches_function_matches_dask_rows(tmp_path):
    """The body of the PySpark job (mapInPandas) without Spark: same rows as dask_audit.
    (The Spark job itself runs on local[2] in test_spark_audit.py.)"""
    import importlib.util

    import pandas as pd

    import zhproof

    pages = make_pages(tmp_path / "site", n=30)
    run(tmp_path / "site", "--out", tmp_path / "single", "--single-process")
    expected = rows(tmp_path / "single")

    spec = importlib.util.spec_from_file_location("spark_audit", SCRIPT.with_name("spark_audit.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ordered = sorted(pages)
    batches = [
        pd.DataFrame({"url": [u for u, _ in ordered[i : i + 7]], "html": [h.encode("utf-8") for _, h in ordered[i : i + 7]]})
        for i in range(0, len(ordered), 7)
    ]
    out = pd.concat(list(mod.audit_batches(iter(batches), zhproof.Checker())), ignore_index=True)
    got = [{k: str(v) for k, v in r.items()} for r in out.to_dict("records")]
    assert got == expected
