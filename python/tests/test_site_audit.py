"""examples/site_audit.py on a small generated site."""

from __future__ import annotations

import csv
import subprocess
import sys

from conftest import REPO

PAGE = (
    "<html><head><title>{title}</title><style>.按装{{}}</style></head><body>"
    "<h1>关于按装设备的通知</h1><p>我们要再接再励，一股作气。今天天气很好。</p>"
    "<script>var s = '再接再励';</script></body></html>"
)


def test_site_audit_writes_csv_and_html(tmp_path):
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    for i in range(150):
        (site / "news" / f"p{i:03}.html").write_text(PAGE.format(title=f"通知{i}"), encoding="utf-8")
    (site / "clean.htm").write_text("<p>今天天气很好。</p>", encoding="utf-8")
    (site / "old.html").write_bytes('<meta charset="gb2312"><p>按装</p>'.encode("gb18030"))
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, str(REPO / "examples" / "site_audit.py"), str(site), "--out", str(out), "--threads", "2"],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stderr
    assert "152/152 pages" in r.stderr  # the progress bar reached the end
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # 3 findings per generated page (text in <style>/<script> is not checked) + 1 in old.html
    assert len(rows) == 150 * 3 + 1
    first = [r for r in rows if r["page"] == "news/p000.html"]
    assert [(r["text"], r["suggestions"]) for r in first] == [("按装", "安装"), ("再接再励", "再接再厉"), ("一股作气", "一鼓作气")]
    assert first[1]["sentence"] == "我们要再接再励，一股作气。"
    assert first[0]["title"] == "通知0"
    assert [r["text"] for r in rows if r["page"] == "old.html"] == ["按装"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<mark>再接再励</mark>" in report and "我们要<mark>再接再励</mark>，一股作气。" in report
    assert "<h3>typo (3)</h3>" in report and "clean.htm" not in report
    assert "<link" not in report and "<script" not in report  # self-contained


def test_site_audit_fetches_a_url_list(tmp_path):
    # --urls: pages fetched over HTTP with the standard library (a local server here); a
    # page that cannot be fetched is reported as unreadable, the others are checked
    import functools
    import http.server
    import threading

    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(PAGE.format(title="甲"), encoding="utf-8")
    (site / "b.html").write_bytes('<meta charset="gbk"><p>请按装设备。</p>'.encode("gbk"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# pages\n{base}/a.html\n\n{base}/b.html\n{base}/missing.html\n", encoding="utf-8")
        out = tmp_path / "out"
        r = subprocess.run(
            [sys.executable, str(REPO / "examples" / "site_audit.py"), "--urls", str(urls), "--out", str(out), "--quiet"],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        server.shutdown()
    assert r.returncode == 0, r.stderr
    assert "3 pages (1 unreadable), 4 findings" in r.stderr
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["page"].rsplit("/", 1)[-1], r["text"]) for r in rows] == [
        ("a.html", "按装"), ("a.html", "再接再励"), ("a.html", "一股作气"), ("b.html", "按装"),
    ]
    assert "missing.html" in (out / "report.html").read_text(encoding="utf-8")


def test_site_audit_crawls_with_the_cli_engine(tmp_path):
    # --site: the crawler of `zhproof audit` from the wheel; its findings equal the CLI's
    import functools
    import http.server
    import json
    import threading

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><head><title>首页</title></head><body><a href='a.html'>甲</a> <a href='gone.html'>乙</a></body></html>",
        encoding="utf-8",
    )
    (site / "a.html").write_text(PAGE.format(title="甲"), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        out = tmp_path / "out"
        r = subprocess.run(
            [sys.executable, str(REPO / "examples" / "site_audit.py"), "--site", base, "--out", str(out), "--quiet"],
            capture_output=True, text=True, timeout=120,
        )
        assert r.returncode == 0, r.stderr
        rows = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
        cli = REPO / "target" / "debug" / "zhproof"
        if cli.exists():
            c = subprocess.run([str(cli), "audit", base, "--quiet"], capture_output=True, text=True, timeout=120)
            assert [json.loads(line) for line in c.stdout.splitlines()] == rows
    finally:
        server.shutdown()
    dead = [(r["url"], r["text"], r["line"]) for r in rows if r["rule"] == "link.dead"]
    assert dead == [(base, base + "gone.html", 1)]
    assert {r["text"] for r in rows if r["url"] == base + "a.html"} >= {"按装", "再接再励", "一股作气"}
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)
    assert "<svg" in (out / "report.html").read_text(encoding="utf-8")
