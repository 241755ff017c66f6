"""Errors: wrong types, bad dictionaries, bad options, Rust panics."""

from __future__ import annotations

import re

import pytest

import zhproof


@pytest.mark.parametrize("bad", [3, b"\xe6\x8c\x89", None, ["按装"]])
def test_non_str_is_type_error(checker, bad):
    with pytest.raises(TypeError, match="must be str"):
        checker.check(bad)


def test_bad_dictionary_text_names_line():
    with pytest.raises(zhproof.DictionaryError) as e:
        zhproof.Checker(dictionary_texts=[("mine.tsv", "好\t\n坏\t\tbogus\n")])
    assert str(e.value).startswith("mine.tsv:2: unknown category")
    assert e.value.origin == "mine.tsv" and e.value.line == 2
    assert isinstance(e.value, ValueError) and isinstance(e.value, zhproof.ZhproofError)


def test_bad_dictionary_file_names_path_and_line(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("# header\n对\t\n错误\t正确\ttypo\tfatal\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{re.escape(str(p))}:3: .*fatal"):
        zhproof.Checker(dictionaries=[p])


def test_unreadable_dictionary_is_os_error(tmp_path):
    with pytest.raises(zhproof.DictionaryFileError) as e:
        zhproof.Checker(dictionaries=[tmp_path / "missing.tsv"])
    assert isinstance(e.value, OSError) and e.value.filename == str(tmp_path / "missing.tsv")
    p = tmp_path / "gbk.tsv"
    p.write_bytes("按装\t安装\n".encode("gb18030"))
    with pytest.raises(OSError, match="not valid UTF-8"):
        zhproof.Checker(dictionaries=[p])


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"categories": ["typos"]}, zhproof.ConfigError),
        ({"skip": "nope"}, zhproof.ConfigError),
        ({"script": "klingon"}, zhproof.ConfigError),
        ({"max_findings": -1}, zhproof.ConfigError),
        ({"script": 5}, TypeError),
        ({"categories": [1]}, TypeError),
        ({"allow": [b"x"]}, TypeError),
        ({"dictionary_texts": [5]}, TypeError),
        ({"max_findings": "9"}, TypeError),
    ],
)
def test_bad_options(kwargs, exc):
    with pytest.raises(exc):
        zhproof.Checker(**kwargs)


def test_bad_config_json_is_config_error():
    with pytest.raises(zhproof.ConfigError, match="invalid configuration"):
        zhproof.Checker.from_config_json('{"nope": 1}')
    with pytest.raises(ValueError):
        zhproof.Checker.from_config_json("not json")


def test_rust_panic_becomes_exception():
    with pytest.raises(zhproof.InternalError, match="deliberate test panic"):
        zhproof._native._panic_for_test()
    assert issubclass(zhproof.InternalError, Exception)
    # the interpreter and the library still work afterwards
    assert zhproof.Checker().check("按装")[0].text == "按装"
