"""Checker.from_config: the zhproof.toml the CLI reads, from Python."""

from __future__ import annotations

import pytest

import zhproof


def test_from_config_reads_keys_paths_and_overrides(tmp_path):
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "site.tsv").write_text("天气\t天候\texpression\twarning\t测试\n", encoding="utf-8")
    cfg = tmp_path / "zhproof.toml"
    cfg.write_text(
        'dictionaries = ["terms/site.tsv"]\nallow = ["再接再励"]\n'
        '[severity]\n"typo.word" = "info"\n'
        '[[overrides]]\nfiles = ["legacy/**"]\ndisable = ["typo"]\n',
        encoding="utf-8",
    )
    c = zhproof.Checker.from_config(cfg)
    found = [(f.text, f.rule, f.severity) for f in c.check("今天天气不错，要再接再励，按装设备。")]
    assert found == [("天气", "expression.word", "warning"), ("按装", "typo.word", "info")]
    legacy = zhproof.Checker.from_config(cfg, file=tmp_path / "legacy" / "a.md")
    assert [f.text for f in legacy.check("要再接再励，按装设备。")] == []


def test_from_config_pyproject_and_errors(tmp_path):
    py = tmp_path / "pyproject.toml"
    py.write_text('[project]\nname = "x"\n[tool.zhproof]\nskip = ["typo"]\n', encoding="utf-8")
    assert zhproof.Checker.from_config(py).check("按装") == []
    bad = tmp_path / "zhproof.toml"
    bad.write_text('onyl = ["typo"]\n', encoding="utf-8")
    with pytest.raises(zhproof.ConfigError) as e:
        zhproof.Checker.from_config(bad)
    assert "zhproof.toml" in str(e.value) and "`onyl`" in str(e.value) and "`only`" in str(e.value)
    with pytest.raises(OSError):
        zhproof.Checker.from_config(tmp_path / "missing.toml")
