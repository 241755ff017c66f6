#!/usr/bin/env python3
"""Pre-publish hook for a CMS: send an article's HTML to `zhproof serve`, print the
findings, and exit 1 if any is a warning or an error (so the CMS can block publishing).

Standard library only.

    zhproof serve --addr 127.0.0.1:8790 &
    python3 prepublish.py article.html                 # HTML file
    python3 prepublish.py --text draft.txt             # plain text
    echo '<p>再接<b>再励</b></p>' | python3 prepublish.py -
    python3 prepublish.py --url http://127.0.0.1:8790 --only typo,sensitive article.html
    python3 prepublish.py --encoding gbk old_page.html  # or let <meta charset> say so

The file may be UTF-8 (with or without a byte-order mark), or in the encoding given with
--encoding or declared by an HTML page's <meta charset> (GBK is common on older sites).
A bearer token for `zhproof serve --token-file` is read from $ZHPROOF_TOKEN.

Exit status: 0 = publishable, 1 = warnings or errors found, 2 = the file could not be
read or decoded, or the service failed (never a traceback).
"""

import argparse
import codecs
import json
import os
import re
import sys
import urllib.error
import urllib.request


def decode(data, html=True, encoding=None):
    """Text of the file's bytes: --encoding, else UTF-8, else (HTML) the declared charset.
    Raises ValueError with a message when none fits."""
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        first_bad = e.start
    m = re.search(rb"""<meta[^>]*?charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", data[:4096], re.I) if html else None
    if m:
        label = m.group(1).decode("ascii")
        try:
            return data.decode(codecs.lookup(label).name)
        except (LookupError, UnicodeDecodeError) as e:
            raise ValueError(f"declared charset {label!r} does not decode the page: {e}") from None
    raise ValueError(f"not valid UTF-8 (first bad byte at offset {first_bad}); pass --encoding (e.g. gbk)")


def check(url, content, html=True, config=None, timeout=30):
    """POST content to {url}/check; returns the decoded JSON answer."""
    payload = {"html" if html else "text": content}
    if config:
        payload["config"] = config
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("ZHPROOF_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(
        url.rstrip("/") + "/check",
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers=headers,
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
    ap.add_argument("--encoding", help="encoding of the file (default: UTF-8 or the page's <meta charset>)")
    args = ap.parse_args()

    try:
        if args.path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.path, "rb") as f:
                data = f.read()
        content = decode(data, html=not args.text, encoding=args.encoding)
    except (OSError, ValueError, LookupError) as e:
        print(f"prepublish: {args.path}: {e}", file=sys.stderr)
        return 2
    config = {"categories": args.only.split(",")} if args.only else None

    try:
        answer = check(args.url, content, html=not args.text, config=config)
    except urllib.error.HTTPError as e:
        print(f"zhproof service: HTTP {e.code}: {e.read().decode('utf-8', 'replace')}", file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError) as e:
        print(f"zhproof service unreachable at {args.url}: {e}", file=sys.stderr)
        return 2
    except ValueError as e:  # not JSON
        print(f"zhproof service: bad answer: {e}", file=sys.stderr)
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
