"""python -m zhproof: output formats, exit codes, and agreement with the Rust CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import zhproof
from conftest import REPO

DIRTY = "我们要再接再励，按装设备。\n𠮷截止目前\n"


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "zhproof", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "d" / "clean.md").write_text("今天天气很好。\n", encoding="utf-8")
    (tmp_path / "d" / "skip.bin").write_text("按装", encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes("按装".encode("gb18030"))
    return tmp_path


def test_jsonl_records_and_exit_1(files):
    r = run("check", "--format", "jsonl", str(files / "d"))
    assert r.returncode == 1, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["text"] for x in recs] == ["再接再励", "按装", "截止目前"]
    assert list(recs[0]) == ["path", "start", "end", "line", "column", "text", "category", "rule", "severity", "suggestions", "message"]
    data = DIRTY.encode("utf-8")
    for x in recs:
        assert x["path"].endswith("dirty.txt")
        assert data[x["start"] : x["end"]].decode("utf-8") == x["text"]
    assert (recs[2]["line"], recs[2]["column"]) == (2, 2)


def test_clean_is_exit_0_and_stdin(files):
    r = run("check", str(files / "d" / "clean.md"))
    assert r.returncode == 0 and "0 处问题" in r.stdout
    r = run("check", "--format", "json", "-", stdin="要再接再励")
    assert r.returncode == 1
    assert json.loads(r.stdout)[0]["path"] == "<stdin>"


def test_options_mirror_the_cli(files):
    assert run("check", "--skip", "typo", str(files / "d")).returncode == 0
    assert run("check", "--only", "privacy", str(files / "d")).returncode == 0
    # typo.idiom and typo.context also know 再接再厉.
    assert run("check", "--disable-rule", "typo.word", str(files / "d")).returncode == 1
    assert run("check", "--disable-rule", "typo.word", "--disable-rule", "typo.idiom",
               "--disable-rule", "typo.context", str(files / "d")).returncode == 0
    d = files / "mine.tsv"
    d.write_text("天气\t天候\texpression\twarning\t测试\n", encoding="utf-8")
    r = run("check", "--format", "jsonl", "--no-builtin", "--disable-rule", "typo.idiom",
            "--disable-rule", "typo.context",
            "--dict", str(d), str(files / "d"))
    assert [json.loads(x)["text"] for x in r.stdout.splitlines()] == ["天气"]


def test_mask_and_convert(files):
    (files / "id.txt").write_text("身份证号110101199003074258，手机13812345678。\n", encoding="utf-8")
    r = run("mask", str(files / "id.txt"))
    assert r.returncode == 0 and r.stdout == "身份证号110101********4258，手机138****5678。\n"
    r = run("convert", "--to", "t", "-", stdin="干燥的头发")
    assert r.returncode == 0 and r.stdout == "乾燥的頭髮"
    out = files / "out.txt"
    assert run("convert", "--to", "s", "-o", str(out), "-", stdin="乾燥的頭髮").returncode == 0
    assert out.read_text(encoding="utf-8") == "干燥的头发"
    assert run("convert", "--to", "klingon", "-", stdin="x").returncode == 2
    assert run("convert", "--to", "t", str(files / "missing.txt")).returncode == 2
    assert run("mask", str(files / "missing.txt")).returncode == 2


def test_errors_are_exit_2(files):
    r = run("check", str(files / "missing.txt"), str(files / "d" / "dirty.txt"))
    assert r.returncode == 2 and "missing.txt" in r.stderr and "再接再励" in r.stdout
    r = run("check", str(files / "gbk.txt"))
    assert r.returncode == 2 and "not valid UTF-8" in r.stderr
    bad = files / "bad.tsv"
    bad.write_text("x\t\tnope\n", encoding="utf-8")
    r = run("check", "--dict", str(bad), str(files / "d"))
    assert r.returncode == 2 and f"{bad}:1:" in r.stderr
    assert run("check").returncode == 2  # usage error
    assert run("check", "--only", "typos", str(files / "d")).returncode == 2
    assert run("check", "--jobs", "0", str(files / "d")).returncode == 2


def test_same_output_as_rust_cli(files):
    exe = REPO / "target" / "debug" / "zhproof"
    if not exe.exists():
        exe = REPO / "target" / "release" / "zhproof"
    if not exe.exists():
        pytest.skip(f"Rust CLI not built ({exe}); run `cargo build -p zhproof-cli` to compare")
    (files / "p.html").write_text(
        '<html><head><title>按装</title></head><body><p>我们要再接&#x518D;励</p><img alt="布署">'
        '<a href="http://x.cn" style="display:none">link</a><code>按装</code></body></html>',
        encoding="utf-8",
    )
    (files / "g.html").write_bytes('<meta charset="gbk"><p>𠮷不在GBK，再接再励</p>'.replace("𠮷", "").encode("gbk"))
    (files / "g.txt").write_bytes("我们要再接再励，按装设备。".encode("gbk"))
    (files / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "再接再励\r\n按装\n".encode("utf-8"))
    (files / "id.txt").write_text("身份证号110101199003074258，手机13812345678。按装\n", encoding="utf-8")
    runs = [["check", "--format", fmt, str(files / "d")] for fmt in ("jsonl", "text", "json")]
    runs += [
        ["check", "--format", "jsonl", str(files / "p.html"), str(files / "g.html"), str(files / "bom.txt")],
        ["check", "--format", "jsonl", "--check-code", str(files / "p.html")],
        ["check", "--format", "jsonl", "--encoding", "gbk", str(files / "g.txt")],
        ["check", "--format", "jsonl", "--only", "privacy", str(files / "id.txt")],
        ["check", str(files / "g.txt")],
        ["mask", str(files / "id.txt")],
        ["check", "--format", "jsonl", "--max-findings", "1", "--skip", "privacy", "--script", "zh-TW", str(files / "d")],
        ["check", "--format", "jsonl", "--enable-rule", "format.cjk_space", "--sensitive-profile", "comments", "-j", "1", str(files / "id.txt")],
        ["rules"],
        ["rules", "--format", "json"],
        ["rules", "--format", "markdown"],
        ["explain", "link"],
    ]
    # files checked in parallel are still reported in input order
    many = [str(files / "d"), str(files / "p.html"), str(files / "id.txt"), str(files / "bom.txt")]
    runs += [["check", "--format", "jsonl", "--jobs", jobs, *many] for jobs in ("1", "3")]
    runs += [["check", "-j", "2", *many]]
    for args in runs:
        rust = subprocess.run([str(exe), *args], capture_output=True, env={**os.environ, "NO_COLOR": "1"})
        py = subprocess.run([sys.executable, "-m", "zhproof", *args], capture_output=True, env={**os.environ, "NO_COLOR": "1"})
        assert py.stdout == rust.stdout, args
        assert py.returncode == rust.returncode, args
        assert rust.stdout, args


def test_rules_explain_and_unknown_rule_ids(files):
    r = run("rules", "--format", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["rules"] == zhproof.rules()
    r = run("explain", "typo.word")
    assert r.returncode == 0 and r.stdout.startswith("typo.word\n") and "Bad:" in r.stdout
    r = run("explain", "typo.wor")
    assert r.returncode == 2 and "did you mean `typo.word`?" in r.stderr
    r = run("check", "--disable-rule", "typo.wor", str(files / "d"))
    assert r.returncode == 2 and "unknown rule `typo.wor`; did you mean `typo.word`?" in r.stderr
    assert r.stdout == ""
    r = run("check", "--enable-rule", "typo", str(files / "d"))
    assert r.returncode == 1


def test_workflow_options_are_the_rust_clis(files):
    """python -m zhproof is the Rust CLI, so the workflow options (zhproof.toml, fix, tool
    formats) come with it: a config file above the checked folder applies, and `fix`
    writes the safe fixes."""
    (files / "zhproof.toml").write_text('skip = ["typo"]\n', encoding="utf-8")
    assert run("check", str(files / "d")).returncode == 0
    assert run("check", "--isolated", str(files / "d")).returncode == 1
    r = run("check", "--isolated", "--format", "github", str(files / "d" / "dirty.txt"))
    assert r.returncode == 1 and r.stdout.startswith("::error file="), r.stdout
    assert run("fix", "--isolated", str(files / "d" / "dirty.txt")).returncode in (0, 1)
    fixed = (files / "d" / "dirty.txt").read_text(encoding="utf-8")
    assert "再接再厉" in fixed and "安装" in fixed and "再接再励" not in fixed
