"""zhproof.convert (OpenCC configs, checked against the opencc PyPI package) and mask."""

from __future__ import annotations

import pytest

import zhproof

from conftest import shared_data_dir


def test_convert_examples():
    assert zhproof.convert("干燥的头发", to="t") == "乾燥的頭髮"
    assert zhproof.convert("乾燥的頭髮", to="s") == "干燥的头发"
    assert zhproof.convert("", to="tw") == ""
    assert zhproof.convert("𠮷头发😀", to="hk").startswith("𠮷")


@pytest.mark.parametrize("to, config", [("t", "s2t"), ("tw", "s2tw"), ("hk", "s2hk"), ("s", "t2s")])
def test_convert_agrees_with_opencc(to, config):
    opencc = pytest.importorskip("opencc", reason="opencc (PyPI) is installed by scripts/setup.sh")
    data = shared_data_dir()
    if data is None:
        pytest.skip("shared data dir not found (set ZHPROOF_SHARED)")
    lines = [ln for ln in (data / "corpora" / "pd199801.txt").read_text(encoding="utf-8").splitlines() if ln.strip()][:400]
    if config == "t2s":
        to_traditional = opencc.OpenCC("s2t")
        lines = [to_traditional.convert(ln) for ln in lines]
    ref = opencc.OpenCC(config)
    mismatches = [ln for ln in lines if zhproof.convert(ln, to=to) != ref.convert(ln)]
    assert len(mismatches) <= len(lines) // 100, mismatches[:3]


def test_convert_errors():
    with pytest.raises(TypeError):
        zhproof.convert(b"x", to="t")
    with pytest.raises(ValueError, match="unknown conversion"):
        zhproof.convert("x", to="klingon")


def test_mask_keeps_everything_but_the_leak():
    text = "身份证号110101199003074258，手机 138 1234 5678。"
    out = zhproof.mask(text)
    assert out == "身份证号110101********4258，手机 138 **** 5678。"
    assert zhproof.mask("今天天气很好。") == "今天天气很好。"
    with pytest.raises(TypeError):
        zhproof.mask(5)


def test_checker_mask_follows_its_configuration():
    text = "手机 13812345678"
    assert zhproof.Checker().mask(text) != text
    assert zhproof.Checker(skip=["privacy"]).mask(text) == text
