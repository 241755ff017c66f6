#!/usr/bin/env python3
"""Wrong-word accuracy of the default configuration on the public spelling sets (issue #18).

Runs ../shared/eval/csc_eval.py (the sentence-level metric: a sentence counts only when its
flagged positions equal the gold positions; warning and error findings) with a zhproof
binary on SIGHAN-15 (simplified), every LEMON domain and the macro-correct sets, then counts
false alarms (warning/error findings of the wrong-word families typo, variant, expression)
per 10,000 characters on two clean texts: People's Daily, January 1998 (pd199801) and the
corrected sentences of LEMON (all domains).

    python3 tests/eval/csc.py target/release/zhproof [--flags "..."] [--quick] [--markdown]

--quick skips the slow sets (LEMON nov/enc/cot/mec/gam/car, macro except mcsc) for a fast
look. --markdown prints the table the README shows. Data: $ZHPROOF_SHARED, else
<repo>/../shared, else /work/shared. Exit status 2 when the data or binary is missing.
"""
import argparse
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORD_CATS = ("typo", "variant", "expression")
LEMON = ("new", "gam", "car", "nov", "enc", "cot", "mec")
MACRO = ("mcsc_tet_5k", "acc_rmrb.tet", "gen_de3", "textproof.tet")


def shared_dir():
    for cand in (os.environ.get("ZHPROOF_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if cand and (pathlib.Path(cand) / "eval" / "csc_eval.py").is_file():
            return pathlib.Path(cand)
    print("no shared dir with eval/csc_eval.py found (set ZHPROOF_SHARED)", file=sys.stderr)
    sys.exit(2)


def metric(binary, flags, args, shared):
    cmd = [sys.executable, str(shared / "eval" / "csc_eval.py"), binary]
    if flags:
        cmd += ["--flags", flags]
    out = subprocess.run(cmd + args, capture_output=True, text=True, check=False)
    last = (out.stdout.strip().splitlines() or [""])[-1]
    got = dict(re.findall(r"(\w+)=([0-9.]+)", last))
    if not got:
        print(f"csc_eval failed on {args}: {out.stderr.strip()[-400:]}", file=sys.stderr)
    return {k: float(v) for k, v in got.items()}


def false_alarms(binary, flags, text):
    """Warning/error findings of the wrong-word families in `text`, per 10,000 chars."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        cmd = [binary, "check", "--format", "jsonl", "--max-findings", "0"]
        cmd += shlex.split(flags) + [path]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    finally:
        os.unlink(path)
    per_rule = {}
    for line in out.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        # flood summaries (`<rule>.page`) repeat findings already counted
        if r.get("rule", "").endswith(".page"):
            continue
        if r.get("category") in WORD_CATS and r.get("severity") in ("warning", "error"):
            per_rule[r["rule"]] = per_rule.get(r["rule"], 0) + 1
    chars = sum(1 for c in text if not c.isspace())
    return sum(per_rule.values()) * 10000 / max(chars, 1), per_rule, chars


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("--flags", default="", help="extra arguments for `zhproof check`")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    if not os.access(a.binary, os.X_OK):
        print(f"{a.binary}: not an executable", file=sys.stderr)
        sys.exit(2)
    shared = shared_dir()
    csc = shared / "data" / "csc"
    rows = []
    s = csc / "sighan15"
    rows.append(("SIGHAN-15", metric(a.binary, a.flags, [str(s / "test15_error_simplified.txt"),
                                                           str(s / "test15_correct_simplified.txt")], shared)))
    for d in LEMON[:1] if a.quick else LEMON:
        rows.append((f"LEMON {d}", metric(a.binary, a.flags, ["--lemon", str(csc / "lemon_v2" / f"{d}.txt")], shared)))
    for m in MACRO[:1] if a.quick else MACRO:
        path = csc / "macro_correct" / f"{m}.json"
        rows_in = json.load(open(path, encoding="utf-8"))
        if rows_in and "source" in rows_in[0]:
            # textproof: {source, target} objects -> the metric's --jsonl form
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
                for r in rows_in:
                    f.write(json.dumps({"source": r["source"], "target": r["target"]}, ensure_ascii=False) + "\n")
            try:
                rows.append((f"macro {m}", metric(a.binary, a.flags, ["--jsonl", f.name], shared)))
            finally:
                os.unlink(f.name)
        else:
            rows.append((f"macro {m}", metric(a.binary, a.flags, ["--macro", str(path)], shared)))
    clean = []
    pd = shared / "data" / "corpora" / "pd199801.txt"
    if pd.is_file():
        clean.append(("pd199801", pd.read_text(encoding="utf-8")))
    targets = []
    for d in LEMON:
        for line in open(csc / "lemon_v2" / f"{d}.txt", encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if len(p) >= 2:
                targets.append(p[1].replace(" ", ""))
    clean.append(("LEMON corrected", "\n".join(targets) + "\n"))
    fa = [(name,) + false_alarms(a.binary, a.flags, text) for name, text in clean]
    if a.markdown:
        print("| set | P | R | F1 | fpr |")
        print("|---|---|---|---|---|")
        for name, m in rows:
            print(f"| {name} | {m.get('P', 0):.3f} | {m.get('R', 0):.3f} | {m.get('F1', 0):.3f} | {m.get('fpr', 0):.3f} |")
        print()
        print("| clean text | characters | wrong-word warnings+errors per 10k | by rule |")
        print("|---|---|---|---|")
        for name, rate, per_rule, chars in fa:
            rules = ", ".join(f"{r} {n}" for r, n in sorted(per_rule.items(), key=lambda x: -x[1]))
            print(f"| {name} | {chars:,} | {rate:.2f} | {rules} |")
    else:
        for name, m in rows:
            print(f"{name:28} " + " ".join(f"{k}={v:.3f}" for k, v in m.items()))
        for name, rate, per_rule, chars in fa:
            print(f"{name:28} {rate:.2f} per 10k chars ({chars} chars) {per_rule}")


if __name__ == "__main__":
    main()
