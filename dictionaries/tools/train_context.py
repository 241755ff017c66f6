#!/usr/bin/env python3
"""Trains the decision layer of rule typo.context (logistic regression, pure Python, CPU).

1. Synthesises errors in clean licence-clean sentences (train_corpus.py's output): in half of
   the sentences one character is swapped for a confusable one (dictionaries/statistical/
   confusion.tsv: same pinyin 60%, other tone 25%, similar shape 15%) or a listed word for its
   confusable (dictionaries/lm/word_confusions.tsv) when the sentence has one. Fixed seed.
   (Also swapping words for their known misspellings, suspect_words.tsv read backwards, was
   tried: it doubled false alarms on clean news at the same recall.)
   No evaluation set (SIGHAN, LEMON, macro-correct, pd199801) is used.
2. Runs the candidate generator (`cargo run --release -p zhproof --example context_features`)
   over them: every candidate with its features.
3. Labels a candidate positive when it undoes the synthesised error exactly, fits L2-regularised
   logistic regression by Newton's method on 75% of the sentences and reports calibration
   (precision per predicted-probability bin) on the other 25%.
4. Writes the weights to core/src/detectors/context_weights.in.

Usage: python3 dictionaries/tools/train_context.py [--features-bin PATH] [--limit N]
"""
import argparse
import math
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, "dictionaries", "tools", ".cache", "lm")


def data_lines(path):
    for l in open(path, encoding="utf-8"):
        if l.strip() and not l.startswith("#"):
            yield l.rstrip("\n")


def load_confusion():
    conf = {}
    for l in data_lines(os.path.join(ROOT, "dictionaries", "statistical", "confusion.tsv")):
        cols = l.split("\t") + ["", "", ""]
        conf[cols[0]] = [list(cols[1]), list(cols[2]), list(cols[3])]
    words = {}
    for l in data_lines(os.path.join(ROOT, "dictionaries", "lm", "word_confusions.tsv")):
        cols = l.split("\t")
        a, bs = cols[:2]
        oneway = len(cols) > 2 and cols[2].strip() == "oneway"
        for b in bs.split("|"):
            if len(a) == len(b):
                if not oneway:
                    words.setdefault(a, []).append(b)
                words.setdefault(b, []).append(a)
    return conf, words


def synthesise(sents, conf, words, rng):
    out = []
    for s in sents:
        if rng.random() < 0.5:
            out.append((s, None))
            continue
        done = None
        listed = [(i, w) for w in words for i in range(len(s)) if s.startswith(w, i)]
        if listed and rng.random() < 0.5:
            i, w = rng.choice(listed)
            alt = rng.choice(words[w])
            t = s[:i] + alt + s[i + len(w):]
            diff = [k for k in range(len(w)) if w[k] != alt[k]]
            done = (t, [(i + k, w[k]) for k in diff])
        else:
            pos = [i for i, c in enumerate(s) if c in conf]
            rng.shuffle(pos)
            for i in pos[:5]:
                r = rng.random()
                kinds = [0] if r < 0.6 else [1] if r < 0.85 else [2]
                pool = [c for k in kinds for c in conf[s[i]][k] if c != s[i]]
                if pool:
                    c = rng.choice(pool)
                    done = (s[:i] + c + s[i + 1:], [(i, s[i])])
                    break
        out.append((done[0], done[1]) if done else (s, None))
    return out


def sigmoid(z):
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(xs, ys, l2=1.0, iters=12):
    d = len(xs[0])
    w = [0.0] * d
    for _ in range(iters):
        g = [-l2 * wi for wi in w]
        g[0] += l2 * w[0]
        h = [[0.0] * d for _ in range(d)]
        for i in range(d):
            h[i][i] = l2 if i else 1e-6
        for x, y in zip(xs, ys):
            p = sigmoid(sum(a * b for a, b in zip(w, x)))
            r = y - p
            s = p * (1 - p)
            for i in range(d):
                xi = x[i]
                if xi == 0:
                    continue
                g[i] += r * xi
                si = s * xi
                hi = h[i]
                for j in range(d):
                    hi[j] += si * x[j]
        step = solve(h, g)
        w = [wi + si for wi, si in zip(w, step)]
    return w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features-bin", default=None, help="prebuilt context_features example")
    ap.add_argument("--limit", type=int, default=24000)
    a = ap.parse_args()
    rng = random.Random(18)
    conf, words = load_confusion()
    sents = list(data_lines(os.path.join(CACHE, "train_sentences.txt")))[: a.limit]
    data = synthesise(sents, conf, words, rng)
    inp = "\n".join(t for t, _ in data) + "\n"
    cmd = [a.features_bin] if a.features_bin else [
        "cargo", "run", "-q", "--release", "-p", "zhproof", "--example", "context_features"]
    res = subprocess.run(cmd, input=inp.encode(), capture_output=True, cwd=ROOT, check=True)
    rows = res.stdout.decode().splitlines()
    header = rows[0].split("\t")
    nf = len(header) - 7
    xs, ys, lines = [], [], []
    for r in rows[1:]:
        p = r.split("\t")
        k, st, en, orig, sug = int(p[0]), int(p[1]), int(p[2]), p[3], p[4]
        if p[5] == "Function":
            # function-character swaps (的/地/得, 在/再 …) are decided by per-pair margins,
            # not by this layer (see function_alternatives in context.rs)
            continue
        gold = data[k][1]
        y = 0
        if gold:
            changed = {st + j: orig[j] for j in range(len(orig)) if orig[j] != sug[j]}
            want = {i: c for i, c in gold}
            if changed and all(i in want and want[i] == sug[i - st] for i in changed) and set(changed) == set(want):
                y = 1
        xs.append([float(v) for v in p[7:7 + nf]])
        ys.append(y)
        lines.append(k)
    cut = int(len(data) * 0.75)
    tr = [i for i in range(len(xs)) if lines[i] < cut]
    dv = [i for i in range(len(xs)) if lines[i] >= cut]
    print(f"{len(xs)} candidates, {sum(ys)} positive; train {len(tr)}, dev {len(dv)}", file=sys.stderr)
    w = fit([xs[i] for i in tr], [ys[i] for i in tr])
    for name, wi in zip(header[7:], w):
        print(f"  {name:16s} {wi:+.3f}", file=sys.stderr)
    # calibration on dev
    bins = {}
    for i in dv:
        p = sigmoid(sum(a * b for a, b in zip(w, xs[i])))
        b = min(9, int(p * 10))
        n, k = bins.get(b, (0, 0))
        bins[b] = (n + 1, k + ys[i])
    print("dev calibration (p bin: candidates, share right):", file=sys.stderr)
    for b in sorted(bins):
        n, k = bins[b]
        print(f"  {b / 10:.1f}-{(b + 1) / 10:.1f}: {n:6d} {k / n:.2f}", file=sys.stderr)
    gold_dev = sum(1 for k in range(cut, len(data)) if data[k][1])
    for th in (0.5, 0.7, 0.8, 0.9):
        sel = [i for i in dv if sigmoid(sum(a * b for a, b in zip(w, xs[i]))) >= th]
        tp = sum(ys[i] for i in sel)
        print(f"  p>={th}: {len(sel)} flagged, precision {tp / max(1, len(sel)):.2f}, recall {tp / max(1, gold_dev):.2f}", file=sys.stderr)
    out = os.path.join(ROOT, "core", "src", "detectors", "context_weights.in")
    with open(out, "w") as f:
        f.write("[" + ", ".join(f"{x:.4f}" for x in w) + "]\n")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
