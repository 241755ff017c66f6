"""The Checker/Finding API on real text."""

from __future__ import annotations

import json
import pickle

import pytest

import zhproof

TEXT = "我们要再接再励，按装设备。截止目前，全市已完成任务。"


def test_finds_typos_with_suggestions(checker):
    found = [(f.text, f.suggestions[0], f.category, f.rule) for f in checker.check(TEXT)]
    assert found == [
        ("再接再励", "再接再厉", "typo", "typo.word"),
        ("按装", "安装", "typo", "typo.word"),
        ("截止目前", "截至目前", "typo", "typo.word"),
    ]


def test_finding_fields_and_dict(checker):
    f = checker.check(TEXT)[0]
    assert (f.start, f.end) == (3, 7)
    assert (f.byte_start, f.byte_end) == (9, 21)
    assert (f.line, f.column) == (1, 4)
    assert f.severity in ("info", "warning", "error")
    assert f.message
    d = f.to_dict()
    assert d == {
        "start": 3, "end": 7, "byte_start": 9, "byte_end": 21, "line": 1, "column": 4,
        "text": "再接再励", "category": "typo", "rule": "typo.word", "severity": f.severity,
        "suggestions": ["再接再厉"], "message": f.message, "confidence": None,
    }
    # suggestions is a copy: mutating it does not change the finding
    f.suggestions.append("x")
    assert f.suggestions == ["再接再厉"]


def test_repr_is_readable(checker):
    r = repr(checker.check("要再接再励")[0])
    assert r.startswith("Finding(1..5 '再接再励' typo.word typo")
    assert "'再接再厉'" in r
    assert "zh-Hans" in repr(checker)


def test_findings_compare_hash_and_pickle(checker):
    a = checker.check(TEXT)
    b = zhproof.Checker().check(TEXT)
    assert a == b and a[0] is not b[0]
    assert a[0] != a[1]
    assert len({*a, *b}) == len(a)
    assert pickle.loads(pickle.dumps(a)) == a


def test_confidence_and_min_confidence():
    text = "他油刃有余，一阵见血，我们要再接再励。"
    found = [(f.text, f.rule, f.confidence, f.severity)
             for f in zhproof.Checker(categories=["typo"]).check(text)]
    assert found == [
        ("油刃有余", "typo.idiom", 0.9, "error"),
        ("一阵见血", "typo.idiom", 0.75, "warning"),
        ("再接再励", "typo.word", None, "error"),
    ]
    sure = zhproof.Checker(categories=["typo"], min_confidence=0.8).check(text)
    assert [f.text for f in sure] == ["油刃有余", "再接再励"]
    assert sure[0].to_dict()["confidence"] == 0.9
    assert pickle.loads(pickle.dumps(sure)) == sure
    assert json.loads(zhproof.Checker(min_confidence=0.5).config_json)["min_confidence"] == 0.5
    with pytest.raises(zhproof.ConfigError):
        zhproof.Checker(min_confidence=1.5)
    with pytest.raises(TypeError):
        zhproof.Checker(min_confidence="high")


def test_empty_and_clean_text(checker):
    assert checker.check("") == []
    assert checker.check("今天天气很好，我们去公园散步。") == []


def test_categories_skip_and_rules():
    assert zhproof.Checker(categories=["privacy"]).check(TEXT) == []
    assert zhproof.Checker(categories="typo,privacy").check(TEXT) != []
    assert zhproof.Checker(skip=["typo"]).check(TEXT) == []
    assert zhproof.Checker(disabled_rules=["typo"]).check(TEXT) == []
    # An unknown rule id is an error naming the nearest one, not a silent no-op.
    with pytest.raises(zhproof.ConfigError, match=r"unknown rule `typo.wor`; did you mean `typo.word`\?"):
        zhproof.Checker(disabled_rules=["typo.wor"])
    with pytest.raises(zhproof.ConfigError, match=r"did you mean `format.cjk_space`"):
        zhproof.Checker(enable_rules=["format.cjk_spac"])


def test_allow_phrases():
    c = zhproof.Checker(allow=["再接再励大会"])
    assert [f.text for f in c.check("再接再励大会，按装")] == ["按装"]


def test_user_dictionaries_text_and_file(tmp_path):
    tsv = "内容规范\t内容合规\texpression\twarning\t用语\n"
    # typo.idiom and typo.context (detectors, not dictionaries) would still find 再接再励:
    # leave them out here.
    c = zhproof.Checker(dictionary_texts=[("mine.tsv", tsv)], builtin_dictionaries=False,
                        disabled_rules=["typo.idiom", "typo.context"])
    f = c.check("这是内容规范的要求，再接再励。")
    assert [(x.text, x.category, x.severity, x.suggestions) for x in f] == [
        ("内容规范", "expression", "warning", ["内容合规"])
    ]
    p = tmp_path / "mine.tsv"
    p.write_text("\ufeff# header\n" + tsv, encoding="utf-8")
    c2 = zhproof.Checker(dictionaries=[p])
    found = [x.text for x in c2.check("这是内容规范的要求，再接再励。")]
    assert found == ["内容规范", "再接再励"]
    assert c2.config["dictionaries"][0]["name"] == str(p)
    # a bare str is one dictionary text, a bare path one file
    assert zhproof.Checker(dictionary_texts=tsv).check("内容规范")[0].text == "内容规范"
    assert zhproof.Checker(dictionaries=str(p)).check("内容规范")[0].text == "内容规范"


def test_max_findings_cap():
    c = zhproof.Checker(max_findings=5)
    f = c.check("按装" * 20)
    assert len(f) == 6 and f[5].rule == "format.truncated" and "15" in f[5].message
    assert f[5].text == "" and f[5].start == f[5].end == 10
    assert len(zhproof.Checker(max_findings=0).check("按装" * 20)) == 20


def test_script_aliases_and_config_json():
    assert zhproof.Checker(script="tw").config["script"] == "zh-TW"
    assert zhproof.Checker(script="zh_hk").config["script"] == "zh-HK"
    c = zhproof.Checker(skip="privacy", allow=["x"])
    again = zhproof.Checker.from_config_json(c.config_json)
    assert again.config == c.config and again.check(TEXT) == c.check(TEXT)


def test_checker_is_picklable_and_rebuilt_once(tmp_path):
    p = tmp_path / "d.tsv"
    p.write_text("内容规范\t内容合规\texpression\twarning\t用语\n", encoding="utf-8")
    c = zhproof.Checker(dictionaries=[p], skip=["privacy"])
    blob = pickle.dumps(c)
    p.unlink()  # the dictionary travels inside the pickle, not as a path
    a, b = pickle.loads(blob), pickle.loads(blob)
    assert a is b  # one build per configuration per process
    assert a.config == c.config
    assert [f.text for f in a.check("内容规范")] == ["内容规范"]
    assert len(blob) < 2000  # configuration only, no automata


def test_rules_are_the_engine_registry():
    rules = zhproof.rules()
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and len(ids) > 40
    word = next(r for r in rules if r["id"] == "typo.word")
    assert (word["category"], word["severity"], word["default_on"]) == ("typo", "error", True)
    assert set(word) == {"id", "category", "severity", "default_on", "safe_fix", "source", "summary", "why", "bad", "good", "standard"}
    off = {r["id"] for r in rules if not r["default_on"]}
    assert {"format.cjk_space", "format.year_missing_loose"} <= off
    # typo.statistical is a former id (now typo.context): accepted, not listed
    assert "typo.statistical" not in ids and "typo.context" in ids
    assert zhproof.Checker(disabled_rules=["typo.statistical"]).check("我们要再接再励。")
    assert {r["category"] for r in rules} <= set(zhproof.CATEGORIES)
    # Every rule's bad example is reported when the rule is on (HTML for link rules).
    for r in rules:
        if r["source"] in ("checker", "cli") or r["id"].startswith("script.") or r["id"] == "typo.statistical":
            continue
        c = zhproof.Checker(enable_rules=[r["id"]])
        found = c.check_html(r["bad"]) if r["category"] == "link" else c.check(r["bad"])
        assert r["id"] in {f.rule for f in found}, r["id"]


def test_constants_come_from_the_engine():
    assert zhproof.CATEGORIES[0] == "typo" and "link" in zhproof.CATEGORIES
    assert zhproof.SCRIPTS == ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
    assert zhproof.SENSITIVE_PROFILES == ("government", "comments")
    assert zhproof.DEFAULT_MAX_FINDINGS == 10_000
    assert zhproof.Checker(script="tw").config["script"] == "zh-TW"


def test_explain_is_the_cli_entry():
    text = zhproof.explain("typo.word")
    assert text.startswith("typo.word\n") and "Bad:" in text and "Good:" in text
    word = next(r for r in zhproof.rules() if r["id"] == "typo.word")
    assert word["why"] in text and word["bad"] in text
    # A category names every rule below it, one entry each.
    typo = [r["id"] for r in zhproof.rules() if r["category"] == "typo"]
    assert [line for line in zhproof.explain("typo").splitlines() if line in typo] == typo
    with pytest.raises(zhproof.ConfigError, match=r"unknown rule `typo.wor`; did you mean `typo.word`\?"):
        zhproof.explain("typo.wor")
    with pytest.raises(TypeError):
        zhproof.explain(1)  # type: ignore[arg-type]


def test_every_engine_option_is_a_checker_argument():
    """The keyword arguments of Checker cover the engine's Config keys (paths excepted)."""
    import inspect

    params = set(inspect.signature(zhproof.Checker.__init__).parameters) - {"self"}
    engine = set(zhproof.Checker().config)
    # allow_files / language_model are paths (use from_config); statistical_threshold is a
    # setting of the former typo.statistical, ignored by typo.context.
    missing = engine - params - {"allow_files", "language_model", "statistical_threshold"}
    assert not missing, missing
    c = zhproof.Checker(context_min_confidence=0.5, group_threshold=3, severity_overrides={"typo": "info"})
    assert c.config["context_min_confidence"] == 0.5 and c.config["group_threshold"] == 3
    assert [f.severity for f in c.check("要再接再励")] == ["info"]
    with pytest.raises(zhproof.ConfigError):
        zhproof.Checker(severity_overrides={"typo.wor": "info"})
    with pytest.raises(zhproof.ConfigError):
        zhproof.Checker(context_min_confidence=1.5)
