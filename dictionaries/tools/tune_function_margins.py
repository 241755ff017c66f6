#!/usr/bin/env python3
"""Tunes the margins of typo.context's function-character swaps (的/地/得, 在/再 …; table
`function_alternatives` in core/src/detectors/context.rs) on licence-clean text only.

1. Clean text: the sentences of train_corpus.py (dictionaries/tools/.cache/lm/
   train_sentences.txt: LibreOffice help and manpages-zh, licence-clean, no evaluation set).
   Every function-character swap the model proposes there is a false alarm.
   (The evaluation sets, pd199801 included, are not used: margins set on pd199801 gave fewer
   false alarms there, which is why they were not kept.)
2. Synthesised errors: in each sentence one function character of the table is replaced by
   a character it is confused with (fixed seed); a swap back is a hit.
3. Candidates with their margins (`d_bigram`, nats) come from the `context_features` example
   with `--function-offset` lowering every margin, so that swaps below today's margins are
   seen too.
4. Per pair, the smallest margin (grid of 0.5 nats from MIN_MARGIN) at which the clean text
   shows at most MAX_FALSE_PER_10K false alarms per 10,000 characters (0: none), with the recall of the
   synthesised errors there; pairs that find under MIN_RECALL at that margin are marked
   "leave out".

It prints the table (compare with function_alternatives). The evaluation sets (SIGHAN,
LEMON, macro-correct, pd199801) are used only afterwards, to report.

Usage: python3 dictionaries/tools/tune_function_margins.py [--features-bin PATH] [--limit N]
"""
import argparse
import os
import random
import subprocess
import collections

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SENTENCES = os.path.join(ROOT, "dictionaries", "tools", ".cache", "lm", "train_sentences.txt")

# written character -> characters it is confused with (the candidates' suggestions): the
# pairs of function_alternatives as tuned, with the five this script leaves out (以 → 已,
# 地 → 的, 得 → 的, 的 → 地, 象 → 像), which must be put back there (margin 0) to measure them
# again
PAIRS = {
    "的": "地得", "地": "的得", "得": "的地", "在": "再", "再": "在", "哪": "那",
    "象": "像", "以": "已", "已": "以", "到": "倒道", "道": "到", "倒": "到",
}
# lowers the highest margin of the table (9.5) below the grid's first value
OFFSET = -7.0
MAX_FALSE_PER_10K = 0.0
# no swap below this margin: the model must find it e^5 ≈ 150 times likelier (the clean text
# here is software help, not news; the floor keeps margins from its genre's quirks)
MIN_MARGIN = 5.0
MIN_RECALL = 0.02


def features(binary, lines):
    cmd = [binary] if binary else [
        "cargo", "run", "-q", "--release", "-p", "zhproof", "--example", "context_features", "--"]
    res = subprocess.run(cmd + ["--function-offset", str(OFFSET)], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, cwd=ROOT, check=True)
    rows = res.stdout.splitlines()
    header = rows[0].split("\t")
    out = []
    for r in rows[1:]:
        d = dict(zip(header, r.split("\t")))
        if d["kind"] == "Function":
            out.append(d)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features-bin", default=None, help="prebuilt context_features example")
    ap.add_argument("--limit", type=int, default=60000)
    a = ap.parse_args()
    sents = [l.strip() for l in open(SENTENCES, encoding="utf-8") if l.strip()][: a.limit]
    chars = sum(len(s) for s in sents)
    clean = collections.defaultdict(list)
    for d in features(a.features_bin, sents):
        clean[(d["orig"], d["sugg"])].append(float(d["d_bigram"]))
    rng = random.Random(18)
    synth, planted = [], collections.Counter()
    for s in sents:
        spots = [i for i, c in enumerate(s) if any(c in alts for alts in PAIRS.values())]
        if not spots:
            continue
        i = rng.choice(spots)
        # the written character must be one whose table names the right one
        options = [w for w, alts in PAIRS.items() if s[i] in alts]
        if not options:
            continue
        written = rng.choice(options)
        synth.append((s[:i] + written + s[i + 1:], i, s[i]))
        planted[(written, s[i])] += 1
    hits = collections.defaultdict(list)
    for d in features(a.features_bin, [t for t, _, _ in synth]):
        text, i, right = synth[int(d["line"])]
        if int(d["start"]) == i and d["sugg"] == right:
            hits[(d["orig"], d["sugg"])].append(float(d["d_bigram"]))
    print(f"clean: {len(sents)} sentences, {chars} characters; synthesised: {len(synth)}")
    print("pair\tmargin\tfalse/10k\trecall\tplanted")
    for pair in sorted(set(planted) | set(clean)):
        chosen = None
        for k in range(0, 21):
            m = MIN_MARGIN + 0.5 * k
            false = sum(x >= m for x in clean.get(pair, []))
            if false * 10_000 / chars <= MAX_FALSE_PER_10K:
                chosen = m
                break
        if chosen is None:
            print(f"{pair[0]}→{pair[1]}\t-\t-\t-\t{planted[pair]}\tleave out (no margin clean enough)")
            continue
        false = sum(x >= chosen for x in clean.get(pair, []))
        found = sum(x >= chosen for x in hits.get(pair, []))
        recall = found / planted[pair] if planted[pair] else 0.0
        note = "" if recall >= MIN_RECALL else "leave out (finds too little)"
        print(f"{pair[0]}→{pair[1]}\t{chosen}\t{false * 10_000 / chars:.3f}\t{recall:.3f}\t"
              f"{planted[pair]}\t{note}")


if __name__ == "__main__":
    main()
