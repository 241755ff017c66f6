#!/usr/bin/env python3
"""False alarms of the punctuation / number / page-damage rules on clean edited prose.

Runs the release CLI (`zhproof check --format jsonl`) with every rule of the family turned
on (default-off ones included) over:

* People's Daily, January 1998 (`corpora/pd199801.txt`, one paragraph a line), and
* the 4,636 error-free People's Daily sentences of `csc/macro_correct/acc_rmrb.tet.json`,

and prints, per rule, the number of findings and the rate per 20,000 characters (every
finding on this text is a false alarm). A rule may be on by default only when its rate on
pd199801 is below 1 per 20,000 characters.

It also times (CPU time) the family alone (`--only punctuation,format`), the full check and
the full check without the family on pd199801 in the same run, and prints MB/s.

Usage: python3 tests/eval/punctuation.py [--bin target/release/zhproof] [--samples N]
Data dir: $ZHPROOF_SHARED, else <repo>/../shared, else /work/shared.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Every rule of the family; whether each is on by default comes from the rule registry
# (`zhproof rules --format json`, core/src/rules.rs).
RULES = [
    "punctuation.unbalanced",
    "punctuation.mismatched",
    "punctuation.nested_book_title",
    "punctuation.doubled",
    "punctuation.halfwidth",
    "format.fullwidth_alnum",
    "format.cjk_space",
    "format.date_invalid",
    "format.year_missing",
    "format.year_missing_loose",
    "format.mixed_numerals",
    "format.percent_range",
    "format.pinyin_leak",
    "format.mojibake",
    "format.html_entity",
    "format.repeated_line",
    "format.repeated_sentence",
]


def data_dir() -> Path | None:
    env = os.environ.get("ZHPROOF_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO.parent / "shared", Path("/work/shared")]:
        if (cand / "data").is_dir():
            return cand / "data"
    return None


def default_off(binary: Path) -> set[str]:
    out = subprocess.run(
        [str(binary), "rules", "--format", "json"], capture_output=True, text=True, check=True
    ).stdout
    return {r["id"] for r in json.loads(out)["rules"] if r["id"] in RULES and not r["default_on"]}


def run(binary: Path, path: Path, extra: list[str]) -> tuple[list[dict], float]:
    """Findings, and the CPU time (user + system) the run took."""
    cmd = [str(binary), "check", "--format", "jsonl", "--max-findings", "0", *extra, str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"zhproof failed ({proc.returncode}): {proc.stderr.strip()}")
    found = [json.loads(l) for l in proc.stdout.splitlines() if l.startswith("{")]
    return found, cpu


def chars(path: Path) -> int:
    return sum(1 for c in path.read_text(encoding="utf-8") if c not in "\r\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", type=Path, default=REPO / "target/release/zhproof")
    ap.add_argument("--samples", type=int, default=0, help="print N findings per rule")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    args = ap.parse_args()
    if not args.bin.exists():
        sys.exit(f"{args.bin} not found: run `cargo build --release -p zhproof-cli` first")
    data = data_dir()
    if data is None:
        print("note: evaluation data not found (set ZHPROOF_SHARED); nothing measured")
        return 0
    off = default_off(args.bin)
    family = ["--only", "punctuation,format"] + [a for r in sorted(off) for a in ("--enable-rule", r)]

    pd = data / "corpora/pd199801.txt"
    with tempfile.TemporaryDirectory() as tmp:
        rmrb = Path(tmp) / "acc_rmrb.txt"
        items = json.loads((data / "csc/macro_correct/acc_rmrb.tet.json").read_text(encoding="utf-8"))
        rmrb.write_text("\n".join(x["original_text"] for x in items) + "\n", encoding="utf-8")
        results = {}
        for name, path in (("pd199801", pd), ("acc_rmrb", rmrb)):
            found, _ = run(args.bin, path, family)
            results[name] = (chars(path), collections.Counter(f["rule"] for f in found), found)

        print(f"{'rule':32} {'default':8} " + " ".join(f"{n + ' n':>12} {'/20k':>7}" for n in results))
        for rule in RULES:
            cols = []
            for name, (n, counts, _) in results.items():
                cols.append(f"{counts[rule]:>12} {counts[rule] * 20000 / n:>7.3f}")
            state = "off" if rule in off else "on"
            print(f"{rule:32} {state:8} " + " ".join(cols))
        for name, (n, counts, _) in results.items():
            on_total = sum(c for r, c in counts.items() if r in RULES and r not in off)
            print(f"{name}: {n} chars; default-on rules together {on_total} findings "
                  f"= {on_total * 20000 / n:.3f} per 20k chars")
        if args.samples:
            for name, (_, _, found) in results.items():
                seen = collections.Counter()
                for f in found:
                    if seen[f["rule"]] < args.samples:
                        seen[f["rule"]] += 1
                        print(f"[{name}] {f['rule']} {f['line']}:{f['column']} {f['text']!r} -> {f['suggestions'][:1]}")

    # Throughput (CPU time, so that other jobs on the machine do not count), best of N:
    # the family alone, the full check, and the full check with the family turned off.
    # Every run includes process start-up, checker build and reading the file.
    size_mb = pd.stat().st_size / 1e6
    runs = {
        "family alone": ["--only", "punctuation,format"],
        "full check": [],
        "full minus family": ["--disable-rule", "punctuation", "--disable-rule", "format"],
    }
    best = {k: min(run(args.bin, pd, v)[1] for _ in range(args.repeat)) for k, v in runs.items()}
    print(f"throughput on pd199801 ({size_mb:.1f} MB, CPU time, best of {args.repeat}):")
    for k, t in best.items():
        print(f"  {k:18} {t:6.3f} s  {size_mb / t:7.1f} MB/s")
    marginal = best["full check"] - best["full minus family"]
    if marginal > 0:
        print(f"  family's share of the full check: {marginal:.3f} s "
              f"({marginal / best['full check']:.0%}), i.e. {size_mb / marginal:.0f} MB/s for the family's detectors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
