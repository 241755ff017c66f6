"""The cross-front-end golden cases (tests/golden/*.jsonl) through Python, with the same
expectations as core/tests/golden.rs (format: tests/golden/README.md)."""

from __future__ import annotations

import json

import pytest

import zhproof

from conftest import REPO

GOLDEN = sorted((REPO / "tests" / "golden").glob("*.jsonl"))


def cases():
    for path in GOLDEN:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                yield pytest.param(case, id=f"{path.name}:{i}:{case.get('name', '?')}")


_CHECKERS: dict = {}


def checker_for(config) -> zhproof.Checker:
    key = json.dumps(config or {}, sort_keys=True, ensure_ascii=False)
    if key not in _CHECKERS:
        _CHECKERS[key] = zhproof.Checker.from_config_json(json.dumps(config or {}, ensure_ascii=False))
    return _CHECKERS[key]


def matches(e: dict, f: zhproof.Finding) -> bool:
    def field(k: str, v: str) -> bool:
        return k not in e or e[k] == v

    return (
        e.get("text") == f.text
        and field("category", f.category)
        and field("rule", f.rule)
        and field("severity", f.severity)
        and field("suggestion", f.suggestions[0] if f.suggestions else "")
    )


def test_golden_files_exist():
    assert GOLDEN, "no golden files found"
    assert sum(1 for _ in cases()) > 0


@pytest.mark.parametrize("case", list(cases()))
def test_golden(case):
    checker = checker_for(case.get("config"))
    text = case["text"]
    if case.get("html"):
        check_html = getattr(checker, "check_html", None)
        assert check_html is not None, "HTML golden case, but Checker.check_html is not available"
        findings = check_html(text)
    else:
        findings = checker.check(text)
    for f in findings:
        assert text[f.start : f.end] == f.text, f"offsets do not slice to {f.text!r}"
    used = [False] * len(findings)
    for e in case.get("expect", []):
        hit = next((j for j, f in enumerate(findings) if not used[j] and matches(e, f)), None)
        assert hit is not None, f"expected {e} not found in {findings}"
        used[hit] = True
    if case.get("exact"):
        extra = [f for j, f in enumerate(findings) if not used[j]]
        assert not extra, f"unexpected findings {extra}"
    for a in case.get("absent", []):
        assert all(f.text != a for f in findings), f"{a!r} must not be reported"
