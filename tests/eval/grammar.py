#!/usr/bin/env python3
"""Recall and false alarms of the `grammar` category (redundancy, collocation, negation …).

Runs the release CLI (`zhproof check --only grammar --format jsonl`) over:

* FCGEC's validation split (`grammar/FCGEC_valid.json`, 2,000 native-speaker exam sentences,
  898 correct): recall per error type (IWO word order, IWC collocation, SC mixed structure,
  ILL illogical, CM missing part, CR redundancy, AM ambiguity) counted by sentence (a
  sentence is caught when any grammar finding falls in it), sentence-level precision
  (flagged sentences that are wrong), and the false alarms on its correct sentences;
* People's Daily, January 1998 (`corpora/pd199801.txt`), and the corrected sentences of
  LEMON (`csc/lemon_v2/*.txt`, second column, spaces removed): findings per rule and per
  10,000 characters (clean edited text: every finding there is either a real slip of the
  original writer or a false alarm — read them with --samples).

Each figure is given for the default rules and for every rule (default-off ones enabled).
With --timing it also times the full check with and without the category on pd199801
(CPU time, runs interleaved, best of N).

Usage: python3 tests/eval/grammar.py [--bin target/release/zhproof] [--samples N] [--timing N]
Data dir: $ZHPROOF_SHARED, else <repo>/../shared, else /work/shared.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RULES = [
    "grammar.redundancy",
    "grammar.collocation",
    "grammar.conjunction",
    "grammar.negation",
    "grammar.missing_subject",
    "grammar.mixed_construction",
    "grammar.measure_word",
]
TYPES = ["CR", "IWC", "SC", "CM", "ILL", "IWO", "AM"]


def data_dir() -> Path | None:
    env = os.environ.get("ZHPROOF_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO.parent / "shared", Path("/work/shared")]:
        if (cand / "data").is_dir():
            return cand / "data"
    return None


def default_off() -> set[str]:
    src = (REPO / "core/src/checker.rs").read_text(encoding="utf-8")
    start = src.find("DEFAULT_OFF_RULES")
    body = src[start : src.find("];", start)]
    return {r for r in RULES if f'"{r}"' in body}


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


def fcgec(binary: Path, path: Path, tmp: Path, extra: list[str], samples: int) -> None:
    items = list(json.loads(path.read_text(encoding="utf-8")).values())
    lines = tmp / "fcgec.txt"
    # one sentence a line (the sentences hold no newline)
    lines.write_text("\n".join(x["sentence"].replace("\n", " ") for x in items) + "\n", encoding="utf-8")
    found, _ = run(binary, lines, extra)
    by_line: dict[int, list[dict]] = collections.defaultdict(list)
    for f in found:
        by_line[f["line"]].append(f)
    total = collections.Counter()
    caught = collections.Counter()
    rule_tp = collections.Counter()
    rule_fp = collections.Counter()
    flagged_ok = flagged_bad = 0
    false_alarms = []
    for i, x in enumerate(items, start=1):
        types = set(x["error_type"].split(";")) if x["error_flag"] else set()
        for t in types:
            total[t] += 1
        hits = by_line.get(i, [])
        if not hits:
            continue
        if types:
            flagged_bad += 1
            for t in types:
                caught[t] += 1
            for r in {h["rule"] for h in hits}:
                rule_tp[r] += 1
        else:
            flagged_ok += 1
            for r in {h["rule"] for h in hits}:
                rule_fp[r] += 1
            false_alarms.append((x["sentence"], [(h["rule"], h["text"]) for h in hits]))
    wrong = sum(1 for x in items if x["error_flag"])
    print(f"  FCGEC_valid: {len(items)} sentences ({wrong} wrong, {len(items) - wrong} correct)")
    print("  " + " ".join(f"{t:>12}" for t in TYPES))
    print("  " + " ".join(f"{caught[t]:>4}/{total[t]:<3} {caught[t] / max(1, total[t]):>4.0%}" for t in TYPES))
    flagged = flagged_bad + flagged_ok
    print(f"  flagged sentences: {flagged} ({flagged_bad} wrong, {flagged_ok} correct): "
          f"sentence-level precision {flagged_bad / max(1, flagged):.3f}; "
          f"recall over all wrong sentences {flagged_bad / max(1, wrong):.3f}; "
          f"false alarms on correct sentences {flagged_ok}/{len(items) - wrong}")
    print("  per rule (sentences): " + ", ".join(
        f"{r.split('.')[1]} {rule_tp[r]}+{rule_fp[r]}fp" for r in RULES if rule_tp[r] or rule_fp[r]))
    if samples:
        for s, h in false_alarms:
            print(f"    false alarm: {h} in {s}")


def clean_corpora(data: Path, tmp: Path) -> list[tuple[str, Path]]:
    lemon = tmp / "lemon.txt"
    with lemon.open("w", encoding="utf-8") as out:
        for f in sorted((data / "csc/lemon_v2").glob("*.txt")):
            for line in f.read_text(encoding="utf-8").splitlines():
                cols = line.split("\t")
                if len(cols) >= 2:
                    out.write(cols[1].replace(" ", "") + "\n")
    return [("pd199801", data / "corpora/pd199801.txt"), ("lemon", lemon)]


def chars(path: Path) -> int:
    return sum(1 for c in path.read_text(encoding="utf-8") if c not in "\r\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", type=Path, default=REPO / "target/release/zhproof")
    ap.add_argument("--samples", type=int, default=0, help="print N random findings per rule")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timing", type=int, default=0, help="interleaved timing rounds")
    args = ap.parse_args()
    if not args.bin.exists():
        sys.exit(f"{args.bin} not found: run `cargo build --release -p zhproof-cli` first")
    data = data_dir()
    if data is None:
        print("note: evaluation data not found (set ZHPROOF_SHARED); nothing measured")
        return 0
    off = default_off()
    configs = {
        "default rules": ["--only", "grammar"],
        "all rules": ["--only", "grammar"] + [a for r in sorted(off) for a in ("--enable-rule", r)],
    }
    print(f"default-off grammar rules: {', '.join(sorted(off)) or 'none'}")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for name, extra in configs.items():
            print(f"== {name}")
            fcgec(args.bin, data / "grammar/FCGEC_valid.json", tmp, extra, args.samples)
        corpora = clean_corpora(data, tmp)
        found_all = {}
        for cname, path in corpora:
            found, _ = run(args.bin, path, configs["all rules"])
            found_all[cname] = (chars(path), found)
        print(f"\n{'rule':28} {'default':8} " + " ".join(f"{c + ' n':>12} {'/10k':>6}" for c, _ in corpora))
        for rule in RULES:
            cols = []
            for cname, _ in corpora:
                n, found = found_all[cname]
                k = sum(1 for f in found if f["rule"] == rule)
                cols.append(f"{k:>12} {k * 1e4 / n:>6.3f}")
            print(f"{rule:28} {'off' if rule in off else 'on':8} " + " ".join(cols))
        for cname, _ in corpora:
            n, found = found_all[cname]
            on = sum(1 for f in found if f["rule"] not in off)
            print(f"{cname}: {n} chars; default rules {on} findings = {on * 1e4 / n:.3f} per 10k chars; "
                  f"all rules {len(found)} = {len(found) * 1e4 / n:.3f}")
        if args.samples:
            rng = random.Random(args.seed)
            for cname, _ in corpora:
                _, found = found_all[cname]
                for rule in RULES:
                    mine = [f for f in found if f["rule"] == rule]
                    for f in rng.sample(mine, min(args.samples, len(mine))):
                        print(f"[{cname}] {rule} {f['line']}:{f['column']} {f['text']!r} -> {f['suggestions'][:1]}")
    if args.timing:
        pd = data / "corpora/pd199801.txt"
        size_mb = pd.stat().st_size / 1e6
        with_g, without = [], []
        for _ in range(args.timing):  # interleaved: drift of the machine hits both alike
            with_g.append(run(args.bin, pd, [])[1])
            without.append(run(args.bin, pd, ["--skip", "grammar"])[1])
        a, b = min(with_g), min(without)
        print(f"\nfull check on pd199801 ({size_mb:.1f} MB, CPU s, best of {args.timing}, interleaved): "
              f"with grammar {a:.3f}, without {b:.3f}: grammar adds {(a - b) / b:+.1%}")
        print(f"  medians: with {sorted(with_g)[len(with_g) // 2]:.3f}, without {sorted(without)[len(without) // 2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
