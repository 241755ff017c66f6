#!/usr/bin/env python3
"""Evaluation of the wrong-word family (typo, variant, expression; typo.de, typo.doubled).

Runs the CLI (`cargo run --release -p zhproof-cli -- check --format jsonl`) on:
  1. the clean People's Daily corpus (pd199801.txt) and the error-free People's Daily
     sentences of acc_rmrb.tet.json: false alarms per 10,000 characters, by severity and
     rule, with the target "at most 1 warning/error per 20,000 characters";
  2. planted cases: (a) the hand-written official sentences in
     tests/eval/planted_wrong_words.jsonl, (b) automatic plants: for each dictionary entry
     whose correct form occurs in the clean corpus, one corpus line with that occurrence
     replaced by the wrong form -> per category found / expected (with the right suggestion);
  3. gen_de3.json: precision / recall of typo.de on 的/地/得 errors;
  4. SIGHAN-15 (simplified): sentence-level detection precision / recall, for information;
  5. LEMON targets (corrected sentences of 7 domains): alarms per 10,000 characters, an
     upper bound on false alarms since the targets keep other slips (information).

Data dir: $ZHPROOF_SHARED/data, else <repo>/../shared/data, else /work/shared/data.
Usage: python3 tests/eval/wrong_words.py [--sample N] [--json out.json]
"""
import argparse
import collections
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORD_CATS = ("typo", "variant", "expression")


def data_dir():
    for cand in (os.environ.get("ZHPROOF_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if cand and (pathlib.Path(cand) / "data").is_dir():
            return pathlib.Path(cand) / "data"
    sys.exit("no shared data dir found (set ZHPROOF_SHARED)")


def build():
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "zhproof-cli"], cwd=ROOT,
                   check=True)


def check_lines(lines, only=WORD_CATS):
    """Checks `lines` as one file; returns a list (one per line) of lists of findings."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as t:
        # One input per line: line breaks inside an input become spaces (same length).
        t.write("\n".join(l.replace("\r", " ").replace("\n", " ") for l in lines) + "\n")
        path = t.name
    try:
        exe = ROOT / "target" / "release" / "zhproof"
        res = subprocess.run(
            [str(exe), "check", "--format", "jsonl", "--max-findings", "0",
             "--only", ",".join(only), path],
            capture_output=True, text=True, check=False)
    finally:
        os.unlink(path)
    out = [[] for _ in lines]
    for row in res.stdout.splitlines():
        try:
            f = json.loads(row)
        except json.JSONDecodeError:
            continue
        line = f.get("line", 0) - 1
        # `column` is the 1-based code-point column of the finding's start in its line.
        f["cs"] = f.get("column", 1) - 1
        f["ce"] = f["cs"] + len(f.get("text", ""))
        if 0 <= line < len(out):
            out[line].append(f)
    return out


def false_alarms(name, lines, report):
    found = check_lines(lines)
    chars = sum(len(l) for l in lines)
    by_sev = collections.Counter()
    by_rule = collections.Counter()
    terms = collections.Counter()
    for fs in found:
        for f in fs:
            by_sev[f["severity"]] += 1
            by_rule[f["rule"]] += 1
            if f["severity"] != "info":
                terms[(f["rule"], f["text"])] += 1
    serious = by_sev["warning"] + by_sev["error"]
    per10k = serious * 10000 / max(chars, 1)
    report[name] = {
        "chars": chars,
        "findings_by_severity": dict(by_sev),
        "findings_by_rule": dict(by_rule),
        "warning_error_per_10k_chars": round(per10k, 4),
        "chars_per_warning_error": round(chars / serious) if serious else None,
        "target_met(<=0.5/10k)": per10k <= 0.5,
        "top_terms": [f"{r} {t} x{n}" for (r, t), n in terms.most_common(15)],
    }


def load_entries():
    entries = []
    for name in ("typos.tsv", "variants.tsv", "expressions.tsv"):
        for line in (ROOT / "dictionaries" / name).read_text("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            sugg = cols[1].split("|")[0] if len(cols) > 1 and cols[1] else ""
            cat = (cols[2] if len(cols) > 2 and cols[2] else "typo").split("/")[0]
            if sugg:
                entries.append((cols[0], sugg, cat))
    return entries


def auto_plants(corpus_lines, sample, seed, report):
    """Plants each sampled entry once into a corpus line containing its correct form."""
    rng = random.Random(seed)
    entries = load_entries()
    rng.shuffle(entries)
    per_cat = collections.Counter()
    # An index from the 2-char prefixes of the corpus to lines, to find occurrences fast.
    text_lines = [l for l in corpus_lines if 10 <= len(l) <= 300]
    cases = []
    used_terms = set()
    joined = "\n".join(text_lines)
    for wrong, right, cat in entries:
        if per_cat[cat] >= sample or wrong in used_terms:
            continue
        pos = joined.find(right)
        if pos < 0:
            continue
        start = joined.rfind("\n", 0, pos) + 1
        end = joined.find("\n", pos)
        end = len(joined) if end < 0 else end
        line = joined[start:end]
        k = pos - start
        planted = line[:k] + wrong + line[k + len(right):]
        cases.append((planted, k, wrong, right, cat))
        per_cat[cat] += 1
        used_terms.add(wrong)
    found = check_lines([c[0] for c in cases])
    stats = collections.defaultdict(lambda: collections.Counter())
    misses = collections.defaultdict(list)
    for (planted, k, wrong, right, cat), fs in zip(cases, found):
        stats[cat]["expected"] += 1
        hit = [f for f in fs if f["cs"] <= k and f["ce"] >= k + len(wrong)
               and f["category"] == cat]
        if hit:
            stats[cat]["found"] += 1
            if any(right in (f.get("suggestions") or [""])[0] or
                   (f.get("suggestions") or [""])[0] == right for f in hit):
                stats[cat]["right_suggestion"] += 1
        elif len(misses[cat]) < 10:
            misses[cat].append(f"{wrong}->{right}: {planted[max(0, k - 8):k + len(wrong) + 8]}")
    report["planted_auto"] = {
        cat: {**dict(s), "recall": round(s["found"] / s["expected"], 4),
              "misses_sample": misses[cat]}
        for cat, s in stats.items()
    }


def hand_plants(report):
    path = ROOT / "tests" / "eval" / "planted_wrong_words.jsonl"
    cases = [json.loads(l) for l in path.read_text("utf-8").splitlines() if l.strip()]
    found = check_lines([c["text"] for c in cases])
    stats = collections.defaultdict(collections.Counter)
    problems = []
    clean_sentences = clean_alarms = 0
    for c, fs in zip(cases, found):
        if not c["expect"]:
            clean_sentences += 1
            if fs:
                clean_alarms += 1
                problems.append(f"clean: {c['text']} -> {[f['text'] for f in fs]}")
        for e in c["expect"]:
            cat = e.get("category", "typo")
            stats[cat]["expected"] += 1
            hit = [f for f in fs if f["text"] == e["text"]]
            if hit:
                stats[cat]["found"] += 1
                if (hit[0].get("suggestions") or [""])[0] == e["suggestion"]:
                    stats[cat]["right_suggestion"] += 1
                else:
                    problems.append(f"suggestion {e} -> {hit[0].get('suggestions')}")
            else:
                problems.append(f"missed {e['text']} in {c['text']}")
        extra = [f["text"] for f in fs if f["text"] not in {e["text"] for e in c["expect"]}]
        if extra and c["expect"]:
            problems.append(f"extra {extra} in {c['text']}")
    report["planted_hand"] = {
        "by_category": {k: dict(v) for k, v in stats.items()},
        "clean_sentences": clean_sentences,
        "clean_sentences_with_alarm": clean_alarms,
        "problems": problems,
    }


def doubled_plants(corpus_lines, sample, seed, report):
    """Doubles one 的 or 了 in random clean lines; typo.doubled should report each."""
    rng = random.Random(seed)
    lines = [l for l in corpus_lines if 10 <= len(l) <= 200]
    rng.shuffle(lines)
    cases = []
    for ch in "的了":
        n = 0
        for line in lines:
            if n >= sample:
                break
            k = line.find(ch, 1)
            if k < 0 or line[k - 1] == ch or (k + 1 < len(line) and line[k + 1] == ch):
                continue
            cases.append((line[:k + 1] + ch + line[k + 1:], k, ch))
            n += 1
    found = check_lines([c[0] for c in cases], only=("typo",))
    stats = collections.defaultdict(collections.Counter)
    misses = collections.defaultdict(list)
    for (text, k, ch), fs in zip(cases, found):
        stats[ch]["planted"] += 1
        if any(f["rule"] == "typo.doubled" and f["cs"] == k for f in fs):
            stats[ch]["found"] += 1
        elif len(misses[ch]) < 8:
            misses[ch].append(text[max(0, k - 6):k + 8])
    report["planted_doubled"] = {
        ch: {**dict(v), "recall": round(v["found"] / v["planted"], 4), "misses": misses[ch]}
        for ch, v in stats.items()
    }


def de_eval(data, report):
    rows = json.loads((data / "csc" / "macro_correct" / "gen_de3.json").read_text("utf-8"))
    rows = [r for r in rows if len(r["original_text"]) == len(r["correct_text"])]
    found = check_lines([r["original_text"] for r in rows], only=("typo",))
    tp = fp = 0
    errors = covered = 0
    by_pattern = collections.defaultdict(collections.Counter)
    for r, fs in zip(rows, found):
        o, c = r["original_text"], r["correct_text"]
        err_pos = {i for i, (a, b) in enumerate(zip(o, c)) if a != b and a in "的地得"}
        errors += len(err_pos)
        hit_pos = set()
        for f in fs:
            if f["rule"] != "typo.de":
                continue
            s, e = f["cs"], f["ce"]
            inside = {i for i in err_pos if s <= i < e}
            key = f["text"]
            if inside:
                tp += 1
                hit_pos |= inside
                by_pattern[key]["tp"] += 1
            else:
                fp += 1
                by_pattern[key]["fp"] += 1
        covered += len(hit_pos)
    report["gen_de3_typo.de"] = {
        "findings": tp + fp,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(covered / errors, 4) if errors else None,
        "errors": errors,
        "false_positives_by_text": {k: dict(v) for k, v in by_pattern.items() if v["fp"]},
    }


def sighan(data, report):
    d = data / "csc" / "sighan15"
    err = (d / "test15_error_simplified.txt").read_text("utf-8").splitlines()
    cor = (d / "test15_correct_simplified.txt").read_text("utf-8").splitlines()
    found = check_lines(err, only=("typo",))
    tp = fp = fn = tn = 0
    for e, c, fs in zip(err, cor, found):
        pred = bool(fs)
        truth = e != c
        tp += pred and truth
        fp += pred and not truth
        fn += (not pred) and truth
        tn += (not pred) and not truth
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    report["sighan15_sentence_detection"] = {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": round(p, 4), "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def lemon(data, report):
    """LEMON targets per domain: corrected text, but it keeps the writers' other slips
    (做为, 签定 …), so alarms here are an upper bound on false alarms (information)."""
    out = {}
    for path in sorted((data / "csc" / "lemon_v2").glob("*.txt")):
        rows = [l.split("\t") for l in path.read_text("utf-8").splitlines() if "\t" in l]
        if not rows:
            continue
        tgt = [r[1].replace(" ", "") for r in rows]
        found = check_lines(tgt)
        chars = sum(map(len, tgt))
        n = sum(1 for fs in found for f in fs if f["severity"] != "info")
        out[path.stem] = {"chars": chars, "warning_error": n,
                          "per_10k_chars": round(n * 10000 / max(chars, 1), 3)}
    report["lemon_targets_upper_bound"] = out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=300, help="auto plants per category")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=pathlib.Path)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        build()
    data = data_dir()
    report = {}
    pd_lines = (data / "corpora" / "pd199801.txt").read_text("utf-8").splitlines()
    false_alarms("clean_pd199801", pd_lines, report)
    rmrb = json.loads((data / "csc" / "macro_correct" / "acc_rmrb.tet.json").read_text("utf-8"))
    false_alarms("clean_acc_rmrb", [r["correct_text"] for r in rmrb], report)
    hand_plants(report)
    auto_plants(pd_lines, args.sample, args.seed, report)
    doubled_plants(pd_lines, args.sample, args.seed, report)
    de_eval(data, report)
    sighan(data, report)
    if (data / "csc" / "lemon_v2").is_dir():
        lemon(data, report)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
