#!/usr/bin/env python3
"""Builds dictionaries/lm/zh_lm.bin, the word bigram language model of rule typo.context.

Inputs (pinned, checked by sha256, downloaded into the git-ignored dictionaries/tools/.cache/lm):
  * Debian sunpinyin-data 0.1.22+20170109-2 (open-gram word trigram, CC-BY-SA 3.0):
    lm_sc.t3g dumped to ARPA by `tslminfo -v` of Debian sunpinyin-utils 3.0.0~rc2+ds1-4+b1,
    word ids resolved with pydict_sc.bin's string table. Unigrams, back-off weights, bigrams.
  * PyPI jionlp 1.5.31 (Apache-2.0): jionlp/dictionary/word_distribution.zip, word counts:
    modern words missing from open-gram (微博, 抗疫, 科创板 ...) get a unigram estimated from
    their count, on the open-gram scale.
  * dictionaries/segment_words.txt (jieba 0.42.1, MIT): more words with counts, same way.

The result is a share-alike data file (CC-BY-SA 3.0, from open-gram), separately licensed from
the code: see dictionaries/lm/README.md and NOTICE.

Format (little endian, every section 4-byte aligned, read zero-copy by core/src/lm.rs):
  0   magic b"ZHLM\\x01\\0\\0\\0"
  8   u32 n_words, u32 n_bigrams, u32 hash_slots (power of two), u32 licence_len
  24  u32 offsets of: word_off, strings, unigram, backoff, hash, bg_off, bg_w2, bg_lp, licence
  60  (padding to 64)
  word_off  u32[n_words+1]  byte offsets of each word in strings (UTF-8)
  unigram   u8[n_words]     -ln P(w) in tenths (0..255, saturating)
  backoff   i8[n_words]     -ln bow(w) in twentieths
  hash      u32[hash_slots] word id + 1 (0 = empty); FNV-1a 32 of the UTF-8, linear probing
  bg_off    u32[n_words+1]  start of the bigrams whose first word is w
  bg_w2     u32[n_bigrams]  second word ids, ascending within each first word
  bg_lp     u8[n_bigrams]   -ln P(w2|w1) in tenths
  licence   UTF-8 text

Usage: python3 dictionaries/tools/build_lm.py [--bigrams N] [--out PATH]
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, "dictionaries", "tools", ".cache", "lm")
PINS = {
    "sunpinyin-data_0.1.22+20170109-2_amd64.deb": (
        "apt", "sunpinyin-data=0.1.22+20170109-2",
        None),
    "sunpinyin-utils_3.0.0~rc2+ds1-4+b1_amd64.deb": (
        "apt", "sunpinyin-utils=3.0.0~rc2+ds1-4+b1", None),
    "jionlp-1.5.31-py2.py3-none-any.whl": ("pip", "jionlp==1.5.31", None),
}
SUMS = os.path.join(ROOT, "dictionaries", "tools", "lm_inputs.sha256")

LICENCE = (
    "zhproof word bigram model. Built by dictionaries/tools/build_lm.py from open-gram "
    "(Debian sunpinyin-data 0.1.22+20170109-2; (c) 1997-2010 MDBG, 2010 Kov Chai, virus huo, "
    "Tinyfool) licensed CC-BY-SA 3.0 Unported, with word counts from jionlp 1.5.31 "
    "(Apache-2.0, (c) dongrixinyu) and jieba 0.42.1 dict.txt (MIT, (c) 2013 Sun Junyi). "
    "This data file is licensed CC-BY-SA 3.0 Unported, separately from the zhproof code."
)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def fetch():
    os.makedirs(CACHE, exist_ok=True)
    pinned = {}
    if os.path.exists(SUMS):
        for line in open(SUMS):
            s, name = line.split()
            pinned[name] = s
    for name, (kind, spec, _) in PINS.items():
        path = os.path.join(CACHE, name)
        if not os.path.exists(path):
            if kind == "apt":
                subprocess.run(["apt-get", "download", spec], cwd=CACHE, check=True)
            else:
                subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", CACHE, spec], check=True)
        got = sha256(path)
        if name in pinned and pinned[name] != got:
            sys.exit(f"checksum mismatch for {name}: {got} != {pinned[name]}")
        pinned[name] = got
    with open(SUMS, "w") as f:
        for name in sorted(pinned):
            f.write(f"{pinned[name]}  {name}\n")
    x = os.path.join(CACHE, "x")
    for name in PINS:
        if name.endswith(".deb"):
            subprocess.run(["dpkg-deb", "-x", os.path.join(CACHE, name), x], check=True)
    return x


def sunpinyin_words(x):
    b = open(os.path.join(x, "usr/lib/x86_64-linux-gnu/sunpinyin/data/pydict_sc.bin"), "rb").read()
    off = struct.unpack("<I", b[8:12])[0]
    return b[off:].decode("utf-32-le", errors="replace").split("\0")


def dump_arpa(x):
    arpa = os.path.join(CACHE, "lm.arpa")
    if not os.path.exists(arpa):
        with open(arpa, "w") as f:
            subprocess.run([os.path.join(x, "usr/bin/tslminfo"), "-v",
                            os.path.join(x, "usr/lib/x86_64-linux-gnu/sunpinyin/data/lm_sc.t3g")],
                           stdout=f, check=True)
    return arpa


def is_word(w):
    return bool(w) and all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in w) and len(w) <= 8


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bigrams", type=int, default=700_000)
    ap.add_argument("--out", default=os.path.join(ROOT, "dictionaries", "lm", "zh_lm.bin"))
    args = ap.parse_args()
    x = fetch()
    spw = sunpinyin_words(x)
    arpa = dump_arpa(x)
    uni, bow, bigrams = {}, {}, []
    level = 0
    with open(arpa) as f:
        for line in f:
            if line.startswith("\\"):
                level = int(line[1])
                if level == 3:
                    break
                continue
            p = line.split()
            if level == 1:
                w = spw[int(p[0])]
                if is_word(w):
                    uni[w] = float(p[1])
                    bow[w] = float(p[2])
            elif level == 2:
                w1, w2 = spw[int(p[0])], spw[int(p[1])]
                if w1 in uni and w2 in uni:
                    gain = bow[w1] + uni[w2] - float(p[2])
                    bigrams.append((gain, w1, w2, float(p[2])))
    print(f"open-gram: {len(uni)} words, {len(bigrams)} bigrams between them", file=sys.stderr)
    # counts of modern words
    counts = {}
    with zipfile.ZipFile(os.path.join(CACHE, "jionlp-1.5.31-py2.py3-none-any.whl")) as z:
        inner = z.read("jionlp/dictionary/word_distribution.zip")
    import io
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        for line in z.read("word_distribution.json").decode("utf-8").splitlines():
            try:
                w, c = json.loads(line)
            except ValueError:
                continue
            if is_word(w) and c >= 50:
                counts[w] = c
    jieba = {}
    for line in open(os.path.join(ROOT, "dictionaries", "segment_words.txt"), encoding="utf-8"):
        if line.startswith("#"):
            continue
        p = line.split()
        if len(p) >= 2 and is_word(p[0]):
            jieba[p[0]] = int(p[1])
    for src in (counts, jieba):
        tot = sum(src.values())
        diffs = sorted(uni[w] - (-math.log(c / tot)) for w, c in src.items() if w in uni and len(w) > 1)
        shift = diffs[len(diffs) // 2]
        added = 0
        for w, c in src.items():
            if w not in uni and len(w) > 1:
                uni[w] = -math.log(c / tot) + shift + 0.5
                bow[w] = 0.0
                added += 1
        print(f"added {added} words (shift {shift:.2f})", file=sys.stderr)
    words = sorted(uni, key=lambda w: (uni[w], w))
    wid = {w: i for i, w in enumerate(words)}
    bigrams.sort(key=lambda t: -t[0])
    kept = [(wid[a], wid[b], lp) for g, a, b, lp in bigrams[: args.bigrams] if g > 0.3]
    kept.sort()
    print(f"kept {len(kept)} bigrams (min gain {bigrams[min(len(bigrams), args.bigrams) - 1][0]:.2f})", file=sys.stderr)
    n = len(words)
    q8 = lambda v: max(0, min(255, round(v * 10)))
    qi8 = lambda v: max(-128, min(127, round(v * 20)))
    strings = bytearray()
    word_off = []
    for w in words:
        word_off.append(len(strings))
        strings += w.encode("utf-8")
    word_off.append(len(strings))
    slots = 1
    while slots < n * 2:
        slots <<= 1
    table = [0] * slots
    for i, w in enumerate(words):
        h = fnv32(w.encode("utf-8")) & (slots - 1)
        while table[h]:
            h = (h + 1) & (slots - 1)
        table[h] = i + 1
    bg_off = [0] * (n + 1)
    for a, _, _ in kept:
        bg_off[a + 1] += 1
    for i in range(n):
        bg_off[i + 1] += bg_off[i]
    lic = LICENCE.encode("utf-8")
    sections = [
        struct.pack(f"<{n + 1}I", *word_off),
        bytes(strings),
        bytes(q8(uni[w]) for w in words),
        struct.pack(f"<{n}b", *(qi8(bow[w]) for w in words)),
        struct.pack(f"<{slots}I", *table),
        struct.pack(f"<{n + 1}I", *bg_off),
        struct.pack(f"<{len(kept)}I", *(b for _, b, _ in kept)),
        bytes(q8(lp) for _, _, lp in kept),
        lic,
    ]
    out = bytearray(64)
    offs = []
    for s in sections:
        while len(out) % 4:
            out.append(0)
        offs.append(len(out))
        out += s
    out[0:8] = b"ZHLM\x01\0\0\0"
    out[8:24] = struct.pack("<4I", n, len(kept), slots, len(lic))
    out[24:60] = struct.pack("<9I", *offs)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(out)
    print(f"wrote {args.out}: {len(out)} bytes, {n} words, {len(kept)} bigrams", file=sys.stderr)


def fnv32(b):
    h = 0x811C9DC5
    for c in b:
        h ^= c
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


if __name__ == "__main__":
    main()
