"""Checker.check_html and check_many(html=True): offsets into the HTML source."""

from __future__ import annotations

import pytest

import zhproof

PAGE = (
    "<!doctype html><html><head><title>𠮷按装</title><style>.再接再励{}</style></head>"
    "<body><p>😀我们要再接&#x518D;励，<b>按</b>装设备。</p><script>var s='布署';</script>"
    "<img alt='布署'><code>按装</code></body></html>"
)


def test_check_html_offsets_index_the_source(checker):
    findings = checker.check_html(PAGE)
    assert findings
    for f in findings:
        assert PAGE[f.start : f.end] == f.text
        assert PAGE.encode("utf-8")[f.byte_start : f.byte_end].decode("utf-8") == f.text
    texts = [f.text for f in findings]
    assert "按装" in texts  # the <title>
    assert "再接&#x518D;励" in texts  # a character reference maps to the whole reference
    assert "布署" in texts  # the alt attribute; not the <script> one
    assert sum(t == "布署" for t in texts) == 1
    assert all(f.start > PAGE.index("<body>") or f.text == "按装" for f in findings)


def test_code_is_skipped_unless_asked(checker):
    page = "<p>好</p><code>按装</code>"
    assert checker.check_html(page) == []
    assert [f.text for f in checker.check_html(page, check_code=True)] == ["按装"]


def test_check_many_html_equals_check_html(checker):
    pages = [PAGE, "<p>今天天气很好</p>", "<p>再接再励</p>" * 3, ""] * 50
    expected = [checker.check_html(p) for p in pages]
    assert checker.check_many(pages, html=True, threads=2) == expected
    assert checker.check_many(iter(pages), html=True, threads=1, batch_size=9) == expected
    # as plain text the markup itself is checked: different results
    assert checker.check_many(pages[:1]) != expected[:1]


def test_check_html_type_error(checker):
    with pytest.raises(TypeError):
        checker.check_html(b"<p></p>")
