#!/usr/bin/env python3
"""Evaluation of the sensitive family (issue 19): role in context, spam blocks, variants.

Runs the release CLI (`target/release/zhproof`, built with
`cargo build --release -p zhproof-cli`; override with $ZHPROOF_BIN) on:
  1. tests/sensitive/solicitation.tsv: every advert must give a warning/error finding that
     covers the expected text (government profile);
  2. tests/sensitive/disguised.tsv: every disguised spelling must be found (any severity);
  3. tests/sensitive/reporting.txt: court / police / anti-fraud / anti-drug sentences:
     warnings+errors per 10,000 characters (target <= 0.1), government profile; and the
     same under the comments profile (info allowed);
  4. pd199801 (target 0 warnings/errors) and LEMON corrected sentences (second column of
     lemon_v2/*.txt, spaces removed): warnings/errors and info findings per rule, i.e. the
     false alarms of the pinyin/initials/homophone variants (severity info);
  5. tests/sensitive/spam_blocks.jsonl: each injected block reported as one
     `sensitive.spam_block`, and the share of its phrases listed (target >= 80%);
     tests/sensitive/clean_lists.txt: no spam block on ordinary lists.
`--dump FILE` writes every finding on the clean corpora (for reading them).
Data dir: $ZHPROOF_SHARED/data, else <repo>/../shared/data, else /work/shared/data.
"""
import argparse
import collections
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "sensitive"


def data_dir():
    for cand in (os.environ.get("ZHPROOF_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if cand and (pathlib.Path(cand) / "data").is_dir():
            return pathlib.Path(cand) / "data"
    sys.exit("no shared data dir found (set ZHPROOF_SHARED)")


def binary():
    b = os.environ.get("ZHPROOF_BIN") or str(ROOT / "target" / "release" / "zhproof")
    if not os.path.exists(b):
        sys.exit(f"{b} missing: cargo build --release -p zhproof-cli")
    return b


def run(lines, html=False, profile="government"):
    """Findings per input item (1-based), or for one HTML page. Items are separated by a
    blank line, so that each is a paragraph of its own (the role context never crosses a
    paragraph)."""
    with tempfile.NamedTemporaryFile("w", suffix=".html" if html else ".txt", delete=False,
                                     encoding="utf-8") as f:
        f.write(("\n" if html else "\n\n").join(lines) + "\n")
        name = f.name
    try:
        out = subprocess.run([binary(), "check", "--only", "sensitive", "--format", "jsonl",
                              "--max-findings", "0", "--sensitive-profile", profile, name],
                             capture_output=True, text=True, check=False).stdout
    finally:
        os.unlink(name)
    by_line = collections.defaultdict(list)
    for row in out.splitlines():
        if row.strip():
            f = json.loads(row)
            by_line[f["line"] if html else (f["line"] + 1) // 2].append(f)
    return by_line


def data_lines(path):
    return [l.rstrip("\n") for l in open(path, encoding="utf-8")
            if l.strip() and not l.startswith("#")]


def serious(fs):
    return [f for f in fs if f["severity"] in ("warning", "error")]


def covered(fs, want):
    w = want.lower()
    return any(w in f["text"].lower() or f["text"].lower() in w for f in fs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", help="write every finding on the clean corpora here")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    res = {}

    # 1. solicitation
    rows = [l.split("\t", 1) for l in data_lines(SETS / "solicitation.tsv")]
    got = run([r[1] for r in rows])
    miss = [r for i, r in enumerate(rows, 1) if not covered(serious(got[i]), r[0])]
    res["solicitation"] = f"{len(rows) - len(miss)}/{len(rows)}"
    print(f"solicitation found (warning/error covering the term): {res['solicitation']}")
    for r in miss:
        print("  MISSED", r[0], "|", r[1], "|", [(f["text"], f["severity"]) for f in got[rows.index(r) + 1]])

    # 2. disguised
    rows = [l.split("\t", 1) for l in data_lines(SETS / "disguised.tsv")]
    got = run([r[1] for r in rows])
    miss = [r for i, r in enumerate(rows, 1) if not covered(got[i], r[0])]
    res["disguised"] = f"{len(rows) - len(miss)}/{len(rows)}"
    print(f"disguised found: {res['disguised']}")
    for r in miss:
        print("  MISSED", r[0], "|", r[1])

    # 3. reporting
    lines = data_lines(SETS / "reporting.txt")
    chars = sum(len(l) for l in lines)
    for profile in ("government", "comments"):
        got = run(lines, profile=profile)
        bad = [(i, f) for i, fs in got.items() for f in serious(fs)]
        info = sum(1 for fs in got.values() for f in fs if f["severity"] == "info")
        rate = len(bad) * 10000 / max(chars, 1)
        res[f"reporting_{profile}"] = {"warn_err": len(bad), "info": info, "chars": chars,
                                       "per_10k": round(rate, 3)}
        print(f"reporting ({profile}): {len(bad)} warning/error, {info} info in {chars} chars "
              f"= {rate:.3f} per 10k (target <= 0.1 under government)")
        for i, f in bad:
            print("  ", f["severity"], f["rule"], f["text"], "|", lines[i - 1][:60], "|", f["message"])

    # 4. clean corpora
    d = data_dir()
    pd = [l.rstrip("\n") for l in open(d / "corpora" / "pd199801.txt", encoding="utf-8") if l.strip()]
    lemon = []
    for p in sorted((d / "csc" / "lemon_v2").glob("*.txt")):
        for l in open(p, encoding="utf-8"):
            cols = l.rstrip("\n").split("\t")
            if len(cols) >= 2:
                lemon.append(cols[1].replace(" ", ""))
    dump = []
    for name, lines in (("pd199801", pd), ("lemon", lemon)):
        got = run(lines)
        chars = sum(len(l) for l in lines)
        fs = [(i, f) for i, v in got.items() for f in v]
        bad = [(i, f) for i, f in fs if f["severity"] in ("warning", "error")]
        by_rule = collections.Counter((f["rule"], f["severity"]) for _, f in fs)
        res[name] = {"chars": chars, "warn_err": len(bad), "all": len(fs),
                     "per_10k_warn_err": round(len(bad) * 10000 / chars, 4),
                     "by_rule": {f"{r} {s}": n for (r, s), n in sorted(by_rule.items())}}
        print(f"{name}: {chars} chars, {len(bad)} warning/error, {len(fs)} findings in all; "
              f"by rule: {dict(by_rule)}")
        for i, f in fs:
            dump.append(f"{name}\t{f['severity']}\t{f['rule']}\t{f['text']}\t{lines[i - 1][:120]}")

    # 5. spam blocks
    cases = [json.loads(l) for l in open(SETS / "spam_blocks.jsonl", encoding="utf-8") if l.strip()]
    ok = 0
    total_p = found_p = 0
    for c in cases:
        got = run([c["text"]], html=c["html"])
        blocks = [f for fs in got.values() for f in fs if f["rule"] == "sensitive.spam_block"]
        page = [f for fs in got.values() for f in fs if f["rule"] == "sensitive.spam_page"]
        listed = " ".join(f["message"] for f in blocks)
        hit = [p for p in c["phrases"] if p.lower() in listed.lower()]
        total_p += len(c["phrases"])
        found_p += len(hit)
        good = bool(blocks) and bool(page) and len(hit) >= 0.8 * len(c["phrases"])
        ok += good
        print(f"  spam {'OK ' if good else 'BAD'} {c['name']}: {len(blocks)} block(s), page signal "
              f"{bool(page)}, phrases {len(hit)}/{len(c['phrases'])}")
        if not good:
            print("     ", [p for p in c["phrases"] if p not in hit], "|", listed[:300])
    res["spam_blocks"] = f"{ok}/{len(cases)} blocks, phrases {found_p}/{total_p}"
    print(f"spam blocks: {res['spam_blocks']}")
    lines = data_lines(SETS / "clean_lists.txt")
    got = run(lines)
    fp = [(i, f) for i, fs in got.items() for f in fs if f["rule"].startswith("sensitive.spam")]
    res["spam_false_alarms_on_lists"] = len(fp)
    print(f"spam false alarms on ordinary lists: {len(fp)}/{len(lines)} lines")
    for i, f in fp:
        print("  ", lines[i - 1])

    if args.dump:
        pathlib.Path(args.dump).write_text("\n".join(dump) + "\n", encoding="utf-8")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
