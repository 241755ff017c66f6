"""Code-point and byte offsets, astral characters, line endings, lone surrogates."""

from __future__ import annotations

import pytest

import zhproof

TYPOS = zhproof.Checker(categories=["typo"])
ASTRAL = "𠮷😀"


@pytest.mark.parametrize(
    "text",
    [
        "𠮷𠮷再接再励😀",
        "😀\n𠮷按装\r\n𠮷再接再励，截止目前",
        "a" * 3 + "𝕏" * 7 + "按装" + "🀄" * 2 + "按装",
        "按装",
    ],
)
def test_code_point_offsets_slice_the_text(checker, text):
    findings = checker.check(text)
    assert findings
    data = text.encode("utf-8")
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert data[f.byte_start : f.byte_end].decode("utf-8") == f.text
        # line/column agree with the code-point offset
        line_start = text.rfind("\n", 0, f.start) + 1
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.column == f.start - line_start + 1


def test_astral_shifts_code_points_not_bytes(checker):
    f = checker.check(ASTRAL * 5 + "再接再励")[0]
    assert (f.start, f.end) == (10, 14)
    assert (f.byte_start, f.byte_end) == (40, 52)


def test_many_findings_offsets_in_one_pass(checker):
    chunk = "𠮷按装，再接再励。\n"
    text = chunk * 500
    assert all(text[x.start : x.end] == x.text for x in checker.check(text))
    f = TYPOS.check(text)
    assert len(f) == 1000
    assert all(text[x.start : x.end] == x.text for x in f)
    assert f[-1].line == 500


@pytest.mark.parametrize("surrogate", ["\ud800", "\udfff", "\ud83d"])
def test_lone_surrogates_do_not_crash_and_keep_offsets(checker, surrogate):
    text = f"{surrogate}𠮷再接再励{surrogate}按装"
    f = TYPOS.check(text)
    assert [x.text for x in f] == ["再接再励", "按装"]
    assert all(text[x.start : x.end] == x.text for x in f)
    assert TYPOS.check_many([text, "按装"])[0] == f
    # every finding, also one covering the surrogate itself, slices the caller's string
    full = checker.check(text)
    assert all(text[x.start : x.end] == x.text for x in full)
    assert checker.check_many([text], threads=2)[0] == full
    assert checker.check_html(f"<p>{text}</p>") == [] or all(
        f"<p>{text}</p>"[x.start : x.end] == x.text for x in checker.check_html(f"<p>{text}</p>")
    )


def test_surrogate_pair_as_two_code_points_stays_two(checker):
    # "\ud83d\ude00" is two code points in Python (not one emoji): offsets count two.
    text = "\ud83d\ude00按装"
    f = TYPOS.check(text)
    assert [(x.start, x.end) for x in f] == [(2, 4)]
    assert text[2:4] == "按装"
