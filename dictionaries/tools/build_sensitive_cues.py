#!/usr/bin/env python3
"""Measures the weights of the role cues of sensitive terms and writes
dictionaries/sensitive/cues.tsv.

Input (all written by the zhproof authors, MIT OR Apache-2.0):
  dictionaries/tools/sensitive_role/cue_candidates.tsv  candidate cues with the role expected
  dictionaries/tools/sensitive_role/solicitation.txt    training adverts / solicitations
  dictionaries/tools/sensitive_role/reporting.txt       training reporting / governance sentences
  dictionaries/sensitive/*.tsv                          the lexicons (terms are blanked out of
                                                        a sentence first: a cue inside the
                                                        matched term does not count, as at run time)
Weight of a cue = ln((n_s + 0.5) / (N_s + 1)) - ln((n_r + 0.5) / (N_r + 1)), where n_s / n_r
are the training sentences of each side containing it (naive-Bayes log-odds, add-½
smoothing), clipped to [-3, 3]. Positive = solicitation, negative = reporting. A cue seen in
fewer than 2 training sentences keeps a prior of ±1.0 (one listed cue decides alone) in its expected direction (marked
`prior`); a measured weight of the wrong sign is kept (the data decides) and printed.
The script also prints the training accuracy of the decision rule used at run time
(score >= +T solicitation, <= -T reporting, else content; T = THRESHOLD) so the threshold
in core/src/detectors/sensitive_role.rs can be checked against it. The held-out
evaluation is tests/eval/sensitive.py.

Usage: python3 dictionaries/tools/build_sensitive_cues.py
"""
import math
import pathlib
import re
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = ROOT / "dictionaries" / "tools" / "sensitive_role"
OUT = ROOT / "dictionaries" / "sensitive" / "cues.tsv"
THRESHOLD = 1.0
PRIOR = 1.0
CLIP = 3.0


def fold(s):
    s = unicodedata.normalize("NFKC", s).lower()
    return s


def keep(s):
    return "".join(c for c in s if c.isalnum())


def lines(p, features=False):
    """Data lines; with `features`, `#name` rows (a letter right after #) are data too."""
    out = []
    for l in open(p, encoding="utf-8"):
        l = l.strip()
        if not l:
            continue
        if l.startswith("#") and not (features and l[1:2].isalpha()):
            continue
        out.append(l)
    return out


def lexicon_terms():
    terms = set()
    for p in (ROOT / "dictionaries" / "sensitive").glob("*.tsv"):
        if p.name in ("cues.tsv",):
            continue
        for l in open(p, encoding="utf-8"):
            if l.startswith("#") or not l.strip():
                continue
            t = keep(fold(l.split("\t")[0]))
            if t:
                terms.add(t)
    return sorted(terms, key=len, reverse=True)


COUNT_WORDS = ("公斤", "千克", "名", "起", "人", "支", "克", "吨", "个", "部", "条", "件", "粒",
               "发", "枚", "次", "处", "家", "万", "亿")
RE_CONTACT = re.compile(r"[a-z0-9_]+")
RE_NUM = re.compile(r"[0-9][0-9.]*")
# a price in Chinese numerals (三百元, 一千五百块); amounts in 万/亿 are statistics, not prices
RE_CN_PRICE = re.compile(r"[零一二两三四五六七八九十百千]*[十百千][零一二两三四五六七八九十百千]*[元块]")


def features(raw):
    """Structural features of a (folded, not noise-stripped) text; mirrors
    sensitive_role.rs::structural."""
    t = fold(raw)
    f = set()
    if "http" in t or "www." in t or any(s in t for s in (".com", ".net", ".cc", ".vip", ".top", ".xyz")):
        f.add("#url")
    for m in RE_CONTACT.finditer(t):
        w = m.group()
        digits = sum(c.isdigit() for c in w)
        letters = sum(c.isalpha() for c in w)
        if digits >= 5 or (len(w) >= 6 and digits and letters):
            f.add("#contact")
    for m in RE_NUM.finditer(t):
        rest = t[m.end():]
        if rest.startswith("元") or rest.startswith("块"):
            f.add("#price")
        r2 = rest[1:] if rest[:1] in ("余", "多") else rest
        if r2.startswith(COUNT_WORDS):
            f.add("#count")
    if re.search(r"[¥￥][0-9]", t) or RE_CN_PRICE.search(t):
        f.add("#price")
    return f


def cues_in(raw, cues, terms):
    folded = keep(fold(raw))
    for term in terms:
        folded = folded.replace(term, "□")
    found = {c for c in cues if not c.startswith("#") and keep(fold(c)) in folded}
    return found | features(raw)


def main():
    cands = []
    for l in lines(HERE / "cue_candidates.tsv", features=True):
        cue, role = l.split("\t")[:2]
        cands.append((cue, role))
    cues = [c for c, _ in cands]
    terms = lexicon_terms()
    sol = [cues_in(l, cues, terms) for l in lines(HERE / "solicitation.txt")]
    rep = [cues_in(l, cues, terms) for l in lines(HERE / "reporting.txt")]
    ns, nr = len(sol), len(rep)
    rows = []
    weights = {}
    for cue, role in cands:
        a = sum(cue in s for s in sol)
        b = sum(cue in s for s in rep)
        if a + b < 2:
            w, how = (PRIOR if role == "s" else -PRIOR), "prior"
        else:
            w = math.log((a + 0.5) / (ns + 1)) - math.log((b + 0.5) / (nr + 1))
            w = max(-CLIP, min(CLIP, w))
            how = "measured"
            if (w > 0) != (role == "s"):
                print(f"note: {cue} expected {role}, measured {w:+.2f} ({a} s / {b} r)")
        weights[cue] = w
        rows.append((cue, "solicitation" if w > 0 else "reporting", f"{w:+.2f}", a, b, how))

    def decide(found):
        score = sum(weights.get(c, 0.0) for c in found)
        return "s" if score >= THRESHOLD else "r" if score <= -THRESHOLD else "c"

    acc_s = sum(decide(s) == "s" for s in sol)
    acc_r = sum(decide(r) == "r" for r in rep)
    print(f"training: solicitation {acc_s}/{ns}, reporting {acc_r}/{nr} (threshold {THRESHOLD})")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# zhproof role cues of sensitive terms: what a matched term is doing in its sentence.\n")
        f.write("# Source: cue list and training sentences written by the zhproof authors\n")
        f.write("#         (dictionaries/tools/sensitive_role/); weights measured by\n")
        f.write("#         dictionaries/tools/build_sensitive_cues.py (naive-Bayes log-odds over\n")
        f.write(f"#         {ns} solicitation and {nr} reporting sentences, add-1/2 smoothing, clipped to\n")
        f.write(f"#         [-{CLIP}, {CLIP}]; cues seen fewer than twice keep a prior of +/-{PRIOR}).\n")
        f.write("# Licence: MIT OR Apache-2.0 (same as zhproof). Generated: do not edit by hand.\n")
        f.write("# Columns (TAB): cue, role (the sign of the weight), weight, training sentences\n")
        f.write("#   containing it (solicitation, reporting), measured|prior. `#name` rows are\n")
        f.write("#   structural features computed by code (see cue_candidates.tsv).\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"wrote {OUT} ({len(rows)} cues)")


if __name__ == "__main__":
    main()
