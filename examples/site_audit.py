#!/usr/bin/env python3
"""Audit a website with zhproof: every page checked, a CSV and an HTML report written.

    python examples/site_audit.py SAVED_SITE_DIR --out audit/
    python examples/site_audit.py --urls urls.txt --out audit/
    python examples/site_audit.py --site https://www.example.gov.cn/ --out audit/

``--site URL`` (a start page or a sitemap.xml) runs the crawler of ``zhproof audit`` through
the wheel's command line (``python -m zhproof audit``): the same engine and the same findings
as the CLI (all rules, links and titles included, dead links, attachments, source line and
column), resumable from ``--out``/state. It writes ``findings.jsonl`` and ``report.html``
(the CLI's) and ``findings.csv`` (page, place, line, column, category, rule, severity, text,
suggestions, message).

Pages come from a folder of saved HTML files (walked recursively for .html/.htm) or from a
file listing URLs, one a line (fetched with the standard library only). The visible text of
each page (scripts, styles and markup left out) is checked by ``Checker.check_iter``: in
parallel on every core, in batches, with a progress bar on stderr.

Output in ``--out``:
  findings.csv  one row per finding: page, title, line, column, start, end (code points into
                the page text), category, rule, severity, text, suggestions, message, sentence
  report.html   self-contained (no external files): totals, then every page with its
                findings grouped by category and the offending sentence highlighted.
Exit status: 0 when the audit ran (whatever it found), 2 when no page could be read.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import html
import os
import re
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterable, Iterator

import zhproof

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}
SENTENCE_END = "。！？!?；;\n"


class _TextExtractor(HTMLParser):
    """Visible text of a page, one block per line, and its <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in SKIP_TAGS:
            self._skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip:
            self.parts.append(data)


def page_text(source: str) -> tuple[str, str]:
    """(title, visible text) of an HTML page; blank lines and indentation squeezed."""
    p = _TextExtractor()
    p.feed(source)
    p.close()
    lines = (re.sub(r"[ \t\r\f\v\u3000]+", " ", ln).strip() for ln in "".join(p.parts).split("\n"))
    return "".join(p.title_parts).strip(), "\n".join(ln for ln in lines if ln)


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes of a page as text: declared charset, else UTF-8, else the <meta> charset, else
    GB18030 (common on older Chinese sites)."""
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    if m:
        candidates.append(m.group(1).decode("ascii"))
    candidates.append("gb18030")
    for enc in candidates:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


@dataclass
class Page:
    name: str
    title: str = ""
    text: str = ""
    error: str = ""
    findings: list[zhproof.Finding] = field(default_factory=list)


def pages_from_dir(root: str) -> Iterator[Page]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.lower().endswith((".html", ".htm")):
                continue
            path = os.path.join(dirpath, fn)
            name = os.path.relpath(path, root)
            try:
                with open(path, "rb") as fh:
                    title, text = page_text(decode(fh.read()))
                yield Page(name, title, text)
            except (OSError, ValueError) as e:
                yield Page(name, error=str(e))


def _fetch(url: str, timeout: float) -> Page:
    try:
        req = urllib.request.Request(url, headers={"User-Agent": "zhproof-site-audit/1"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()
            charset = resp.headers.get_content_charset()
        title, text = page_text(decode(data, charset))
        return Page(url, title, text)
    except Exception as e:  # noqa: BLE001 - any network failure is reported per page
        return Page(url, error=f"{type(e).__name__}: {e}")


def pages_from_urls(urls: Iterable[str], timeout: float = 20.0, fetchers: int = 8) -> Iterator[Page]:
    urls = [u.strip() for u in urls if u.strip() and not u.lstrip().startswith("#")]
    with concurrent.futures.ThreadPoolExecutor(fetchers) as pool:
        yield from pool.map(lambda u: _fetch(u, timeout), urls)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (between 。！？；or line breaks) around text[start:end], at most ~120
    characters either side."""
    lo = start
    while lo > 0 and text[lo - 1] not in SENTENCE_END and start - lo < 120:
        lo -= 1
    hi = end
    while hi < len(text) and text[hi - 1 : hi] not in SENTENCE_END and hi - end < 120:
        hi += 1
    return lo, hi


class Progress:
    """A one-line progress bar on stderr (silent when quiet)."""

    def __init__(self, total: int | None, quiet: bool) -> None:
        self.total, self.quiet, self.done, self.t0 = total, quiet, 0, time.perf_counter()

    def update(self, n: int) -> None:
        self.done += n
        if self.quiet:
            return
        rate = self.done / max(time.perf_counter() - self.t0, 1e-9)
        if self.total:
            width = 30
            filled = int(width * self.done / self.total)
            bar = "#" * filled + "." * (width - filled)
            msg = f"\r[{bar}] {self.done}/{self.total} pages  {rate:,.0f} pages/s"
        else:
            msg = f"\r{self.done} pages  {rate:,.0f} pages/s"
        sys.stderr.write(msg)
        sys.stderr.flush()

    def close(self) -> None:
        if not self.quiet:
            sys.stderr.write("\n")


def audit(pages: list[Page], checker: zhproof.Checker, threads: int | None, quiet: bool) -> None:
    """Fills ``page.findings`` for every page, in parallel, with a progress bar."""
    readable = [p for p in pages if not p.error]
    progress = Progress(len(readable), quiet)
    batch = 64
    results = checker.check_iter((p.text for p in readable), threads=threads, batch_size=batch)
    for i, findings in enumerate(results):
        readable[i].findings = findings
        if (i + 1) % batch == 0 or i + 1 == len(readable):
            progress.update((i % batch) + 1)
    progress.close()


CSV_FIELDS = [
    "page", "title", "line", "column", "start", "end", "category", "rule", "severity",
    "text", "suggestions", "message", "sentence",
]


def write_csv(pages: list[Page], path: str) -> int:
    rows = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel reads UTF-8
        w = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        w.writeheader()
        for p in pages:
            for f in p.findings:
                lo, hi = sentence_bounds(p.text, f.start, f.end)
                w.writerow({
                    "page": p.name, "title": p.title, "line": f.line, "column": f.column,
                    "start": f.start, "end": f.end, "category": f.category, "rule": f.rule,
                    "severity": f.severity, "text": f.text,
                    "suggestions": "|".join(f.suggestions), "message": f.message,
                    "sentence": p.text[lo:hi].strip(),
                })
                rows += 1
    return rows


CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2em;color:#222;max-width:70em}
h1{font-size:1.5em}h2{font-size:1.15em;margin:1.6em 0 .3em;border-bottom:1px solid #ddd}
h3{font-size:1em;margin:.8em 0 .2em;color:#555}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
li{margin:.25em 0}mark{background:#ffd54f;padding:0 .1em;border-radius:2px}
.error{color:#c62828}.warning{color:#ef6c00}.info{color:#0277bd}.meta{color:#777;font-size:.9em}
.sugg{color:#2e7d32}.err{color:#c62828}
"""


def write_html(pages: list[Page], path: str, elapsed: float) -> None:
    e = html.escape
    by_cat: Counter[str] = Counter()
    by_sev: Counter[str] = Counter()
    for p in pages:
        for f in p.findings:
            by_cat[f.category] += 1
            by_sev[f.severity] += 1
    out = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<title>zhproof site audit</title><style>", CSS, "</style></head><body>",
        "<h1>zhproof site audit</h1>",
        f"<p class='meta'>{len(pages)} pages, {sum(by_cat.values())} findings, "
        f"checked in {elapsed:.2f} s with zhproof {e(zhproof.__version__)}</p>",
        "<table><tr><th>category</th><th>findings</th></tr>",
    ]
    out += [f"<tr><td>{e(c)}</td><td>{n}</td></tr>" for c, n in sorted(by_cat.items())]
    out.append("</table><p>" + ", ".join(f"<span class='{e(s)}'>{e(s)}: {n}</span>" for s, n in sorted(by_sev.items())) + "</p>")
    for p in pages:
        if not p.findings and not p.error:
            continue
        out.append(f"<h2>{e(p.title or p.name)} <span class='meta'>{e(p.name)}</span></h2>")
        if p.error:
            out.append(f"<p class='err'>could not read: {e(p.error)}</p>")
            continue
        groups: dict[str, list[zhproof.Finding]] = defaultdict(list)
        for f in p.findings:
            groups[f.category].append(f)
        for cat in sorted(groups):
            out.append(f"<h3>{e(cat)} ({len(groups[cat])})</h3><ul>")
            for f in groups[cat]:
                lo, hi = sentence_bounds(p.text, f.start, f.end)
                sentence = (
                    e(p.text[lo:f.start].lstrip()) + "<mark>" + e(p.text[f.start:f.end])
                    + "</mark>" + e(p.text[f.end:hi].rstrip())
                )
                sugg = f" → <span class='sugg'>{e(' / '.join(f.suggestions))}</span>" if f.suggestions else ""
                out.append(
                    f"<li><span class='{e(f.severity)}'>{e(f.severity)}</span> "
                    f"<code>{e(f.rule)}</code> {sentence}{sugg}"
                    f"<div class='meta'>line {f.line}, column {f.column}: {e(f.message)}</div></li>"
                )
            out.append("</ul>")
    out.append("</body></html>\n")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))


def crawl_site(url: str, out: str, quiet: bool) -> int:
    """``--site``: ``zhproof audit`` (the CLI engine, from the wheel) into ``out``, plus a CSV
    of its findings. Returns the audit's exit status (0/1 = it ran, 2 = it could not)."""
    import json

    from zhproof.__main__ import main as zhproof_main

    os.makedirs(out, exist_ok=True)
    jsonl = os.path.join(out, "findings.jsonl")
    argv = ["audit", url, "--state", os.path.join(out, "state"), "--jsonl", jsonl,
            "--html", os.path.join(out, "report.html")]
    code = zhproof_main(argv + (["--quiet"] if quiet else []))
    if code == 2:
        return 2
    columns = ["page", "place", "line", "column", "category", "rule", "severity", "text", "suggestions", "message"]
    with open(jsonl, encoding="utf-8") as src, open(os.path.join(out, "findings.csv"), "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for line in src:
            r = json.loads(line)
            w.writerow([r["url"], r.get("place", ""), r.get("line", ""), r.get("column", ""), r["category"],
                        r["rule"], r["severity"], r["text"], "|".join(r.get("suggestions", [])), r["message"]])
    return code


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", nargs="?", help="folder of saved HTML pages")
    ap.add_argument("--urls", help="file with one URL a line (fetched with urllib)")
    ap.add_argument("--site", help="crawl this site (start URL or sitemap.xml) with zhproof audit")
    ap.add_argument("--out", default="audit", help="output folder (default: audit/)")
    ap.add_argument("--threads", type=int, default=None, help="checking threads (default: every core)")
    ap.add_argument("--categories", default=None, help="comma-separated categories to report (default: all)")
    ap.add_argument("--script", default="zh-Hans", help="target script (zh-Hans, zh-Hant, zh-TW, zh-HK)")
    ap.add_argument("--dict", action="append", default=[], help="extra dictionary (TSV), repeatable")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    if args.site:
        if args.root or args.urls:
            ap.error("give only one of a folder, --urls FILE or --site URL")
        return 2 if crawl_site(args.site, args.out, args.quiet) == 2 else 0
    if bool(args.root) == bool(args.urls):
        ap.error("give either a folder of pages, --urls FILE or --site URL")
    checker = zhproof.Checker(categories=args.categories, script=args.script, dictionaries=args.dict)
    t0 = time.perf_counter()
    if args.root:
        pages = list(pages_from_dir(args.root))
    else:
        with open(args.urls, encoding="utf-8") as fh:
            pages = list(pages_from_urls(fh))
    audit(pages, checker, args.threads, args.quiet)
    elapsed = time.perf_counter() - t0
    os.makedirs(args.out, exist_ok=True)
    rows = write_csv(pages, os.path.join(args.out, "findings.csv"))
    write_html(pages, os.path.join(args.out, "report.html"), elapsed)
    errors = sum(1 for p in pages if p.error)
    print(
        f"{len(pages)} pages ({errors} unreadable), {rows} findings in {elapsed:.2f} s -> "
        f"{os.path.join(args.out, 'findings.csv')}, {os.path.join(args.out, 'report.html')}",
        file=sys.stderr,
    )
    return 2 if not pages or errors == len(pages) else 0


if __name__ == "__main__":
    sys.exit(main())
