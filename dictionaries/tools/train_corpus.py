#!/usr/bin/env python3
"""Extracts clean Chinese sentences for training the typo.context decision layer.

Sources (pinned Debian packages, downloaded into the git-ignored dictionaries/tools/.cache/lm
and checked against dictionaries/tools/lm_inputs.sha256 by build_lm.py's fetch):
  * libreoffice-help-zh-cn 4:7.4.7-1+deb12u14 (MPL-2.0): help pages (HTML);
  * manpages-zh 1.6.4.0-1 (GFDL-1.2+): translated manual pages (troff).
Only the trained weights (14 numbers) ship; the text is never committed.

Output: dictionaries/tools/.cache/lm/train_sentences.txt (one sentence a line, shuffled with a
fixed seed). Usage: python3 dictionaries/tools/train_corpus.py
"""
import gzip
import html
import os
import random
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, "dictionaries", "tools", ".cache", "lm")
PKGS = ["libreoffice-help-zh-cn=4:7.4.7-1+deb12u14", "manpages-zh=1.6.4.0-1"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def main():
    t = os.path.join(CACHE, "t")
    if not os.path.isdir(t):
        for spec in PKGS:
            subprocess.run(["apt-get", "download", spec], cwd=CACHE, check=True)
        for f in os.listdir(CACHE):
            if f.startswith(("libreoffice-help-zh-cn_", "manpages-zh_")) and f.endswith(".deb"):
                subprocess.run(["dpkg-deb", "-x", os.path.join(CACHE, f), t], check=True)
    texts = []
    for dirpath, _, files in os.walk(t):
        for f in files:
            p = os.path.join(dirpath, f)
            if f.endswith(".html"):
                s = open(p, encoding="utf-8", errors="replace").read()
                s = re.sub(r"<script.*?</script>|<style.*?</style>", " ", s, flags=re.S)
                s = html.unescape(re.sub(r"<[^>]+>", "\n", s))
                texts.append(s)
            elif f.endswith(".gz") and "/man" in dirpath and "zh_CN" in dirpath:
                try:
                    s = gzip.open(p).read().decode("utf-8", errors="replace")
                except OSError:
                    continue
                lines = [re.sub(r"\\f[BIRP]|\\[-&()e]|\\\(..", "", l) for l in s.splitlines() if not l.startswith((".", "'"))]
                texts.append("\n".join(lines))
    sents = set()
    for s in texts:
        for part in re.split(r"[。！？；\n]", s):
            part = part.strip()
            han = len(HAN.findall(part))
            if 8 <= han <= 80 and han >= 0.6 * len(part):
                sents.add(part)
    sents = sorted(sents)
    random.Random(18).shuffle(sents)
    out = os.path.join(CACHE, "train_sentences.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(sents) + "\n")
    print(f"{len(sents)} sentences, {sum(len(s) for s in sents)} chars -> {out}")


if __name__ == "__main__":
    main()
