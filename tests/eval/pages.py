#!/usr/bin/env python3
"""False alarms of the page rules on clean text (issue #20).

Runs a zhproof binary over clean corpora and prints, per rule, the findings and the rate
per 10,000 characters. Clean inputs by default: People's Daily 1998-01 (one paragraph a
line), the same text hard-wrapped at 38 characters a line (pairing must not break on
wrapped lines), LEMON's corrected sentences, and the clean HTML pages in tests/html/.

    python3 tests/eval/pages.py target/release/zhproof [--shared /work/shared]

Every finding on these inputs is a false alarm for the structure rules (pairing, nested
titles, repeated lines, template leftovers, missing numbers, mojibake).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

RULES = [
    "punctuation.unbalanced",
    "punctuation.mismatched",
    "punctuation.nested_book_title",
    "format.repeated_line",
    "format.template_leftover",
    "format.number_missing",
    "format.mojibake",
    "format.html_entity",
    "link.hidden",
]


def run(binary, path, html=False):
    cmd = [binary, "check", "--format", "jsonl", "--max-findings", "0",
           "--group-threshold", "0", "--only", "punctuation,format,link"]
    if html:
        cmd.append("--html")
    r = subprocess.run(cmd + [path], capture_output=True, text=True, check=False)
    if "--group-threshold" in r.stderr:  # a binary from before flood control
        i = cmd.index("--group-threshold")
        del cmd[i:i + 2]
        r = subprocess.run(cmd + [path], capture_output=True, text=True, check=False)
    out = r.stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def visible_chars(path, html):
    text = open(path, encoding="utf-8").read()
    if html:
        import re
        text = re.sub(r"(?s)<(script|style|pre)\b.*?</\1>|<[^>]+>", "", text)
    return sum(1 for c in text if not c.isspace())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--shared", default=os.environ.get("ZHPROOF_SHARED", "/work/shared"))
    ap.add_argument("--show", type=int, default=0, help="print this many findings per rule")
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    pages = os.path.join(here, "..", "html")
    tmp = tempfile.mkdtemp()
    inputs = []
    pd = os.path.join(a.shared, "data/corpora/pd199801.txt")
    if os.path.exists(pd):
        inputs.append(("pd199801", pd, False))
        wrapped = os.path.join(tmp, "pd_wrapped.txt")
        with open(pd, encoding="utf-8") as f, open(wrapped, "w", encoding="utf-8") as w:
            for line in f:
                line = line.rstrip("\n")
                for k in range(0, max(len(line), 1), 38):
                    w.write(line[k:k + 38] + "\n")
                w.write("\n")
        inputs.append(("pd199801 wrapped at 38", wrapped, False))
    lemon = os.path.join(a.shared, "data/csc/lemon_v2")
    if os.path.isdir(lemon):
        out = os.path.join(tmp, "lemon.txt")
        with open(out, "w", encoding="utf-8") as w:
            for name in sorted(os.listdir(lemon)):
                if not name.endswith(".txt") or name.isupper() or name.startswith("SOURCE"):
                    continue
                for line in open(os.path.join(lemon, name), encoding="utf-8"):
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) >= 2:
                        w.write(cols[1].replace(" ", "") + "\n")
        inputs.append(("LEMON corrected", out, False))
    for name in ("cms_news.html", "help_site.html"):
        inputs.append((name, os.path.join(pages, name), True))
    for label, path, html in inputs:
        chars = visible_chars(path, html)
        found = [f for f in run(a.binary, path, html) if f["rule"] in RULES]
        per = collections.Counter(f["rule"] for f in found)
        rate = len(found) * 10000 / max(chars, 1)
        print(f"{label}: {chars} chars, {len(found)} findings = {rate:.2f} per 10,000 chars")
        for rule, n in per.most_common():
            print(f"  {n:6d}  {rule}")
            for f in [f for f in found if f["rule"] == rule][: a.show]:
                print(f"          {f['line']}:{f['column']} {f['text'][:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
