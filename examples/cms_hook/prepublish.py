#!/usr/bin/env python3
"""Pre-publish hook for a CMS: send an article's HTML to `zhproof serve`, print the
findings, and exit 1 if any is a warning or an error (so the CMS can block publishing).

Standard library only.

    zhproof serve --addr 127.0.0.1:8790 &
    python3 prepublish.py article.html                 # HTML file
    python3 prepublish.py --text draft.txt             # plain text
    echo '<p>再接<b>再励</b></p>' | python3 prepublish.py -
    python3 prepublish.py --url http://127.0.0.1:8790 --only typo,sensitive article.html

Exit status: 0 = publishable, 1 = warnings or errors found, 2 = the service failed.
"""

import argparse
import json
import sys
import urllib.error
import urllib.request


def check(url, content, html=True, config=None, timeout=30):
    """POST content to {url}/check; returns the decoded JSON answer."""
    payload = {"html" if html else "text": content}
    if config:
        payload["config"] = config
    req = urllib.request.Request(
        url.rstrip("/") + "/check",
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.load(resp)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", help="file to check, or - for standard input")
    ap.add_argument("--url", default="http://127.0.0.1:8790")
    ap.add_argument("--text", action="store_true", help="plain text, not HTML")
    ap.add_argument("--only", help="comma-separated categories, e.g. typo,sensitive,link")
    args = ap.parse_args()

    if args.path == "-":
        content = sys.stdin.read()
    else:
        with open(args.path, encoding="utf-8") as f:
            content = f.read()
    config = {"categories": args.only.split(",")} if args.only else None

    try:
        answer = check(args.url, content, html=not args.text, config=config)
    except urllib.error.HTTPError as e:
        print(f"zhproof service: HTTP {e.code}: {e.read().decode('utf-8', 'replace')}", file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError) as e:
        print(f"zhproof service unreachable at {args.url}: {e}", file=sys.stderr)
        return 2

    blocking = 0
    for f in answer["findings"]:
        sugg = " → " + " / ".join(f["suggestions"]) if f["suggestions"] else ""
        print(f'{args.path}:{f["line"]}:{f["column"]}: {f["severity"]}[{f["rule"]}] '
              f'{f["text"]!r}{sugg}  {f["message"]}')
        if f["severity"] in ("warning", "error"):
            blocking += 1
    print(f"{answer['count']} finding(s), {blocking} blocking", file=sys.stderr)
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main())
