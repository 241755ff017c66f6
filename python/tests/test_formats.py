"""The Rust CLI's formats for other tools: SARIF 2.1.0 (validated against the official JSON
schema, fetched by scripts/setup.sh from a pinned npm package), reviewdog rdjson, and
GitHub Actions annotations."""

from __future__ import annotations

import json
import os
import subprocess

import jsonschema
import pytest

from conftest import REPO

SCHEMA = REPO / "target" / "schemas" / "sarif-schema-2.1.0.json"
TEXT = "我们要再接再励，按装设备。\n身份证号110101199003074258。\n"


def rust_cli():
    exe = REPO / "target" / "debug" / "zhproof"
    assert exe.exists(), f"{exe} missing: the Python stage builds it (cargo build -p zhproof-cli)"
    return exe


def run(*args, cwd=None):
    return subprocess.run(
        [str(rust_cli()), *args], capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1"}, cwd=cwd,
    )


@pytest.fixture()
def page(tmp_path):
    d = tmp_path / "新闻 稿"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "b.html").write_text("<p>截止目前，<b>布署</b>&amp;按装</p>", encoding="utf-8")
    return tmp_path


def test_sarif_is_valid_against_the_2_1_0_schema(page):
    assert SCHEMA.exists(), f"{SCHEMA} missing: run scripts/setup.sh"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    r = run("check", "--format", "sarif", "新闻 稿", cwd=page)
    assert r.returncode == 1, r.stderr
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    texts = [x["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for x in results]
    assert "再接再励" in texts and "布署" in texts and "110101199003074258" in texts
    rules = [x["id"] for x in log["runs"][0]["tool"]["driver"]["rules"]]
    for x in results:
        assert rules[x["ruleIndex"]] == x["ruleId"]
        loc = x["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].startswith("%E6%96%B0%E9%97%BB%20%E7%A8%BF/")
    first = results[0]
    region = first["locations"][0]["physicalLocation"]["region"]
    # columns count code points (columnKind unicodeCodePoints)
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 4, 8)
    assert first["level"] == "error"
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "再接再厉"


def test_sarif_of_clean_input_is_valid_and_empty(page):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    (page / "clean.txt").write_text("今天天气很好。\n", encoding="utf-8")
    r = run("check", "--format", "sarif", "clean.txt", cwd=page)
    assert r.returncode == 0, r.stderr
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["results"] == []


def test_rdjson_uses_byte_columns_and_one_suggestion(page):
    r = run("check", "--format", "rdjson", "新闻 稿/a.txt", cwd=page)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    assert doc["source"]["name"] == "zhproof"
    d = doc["diagnostics"][0]
    assert d["location"]["path"] == "新闻 稿/a.txt"
    # 我们要 = 9 UTF-8 bytes before 再接再励
    assert d["location"]["range"]["start"] == {"line": 1, "column": 10}
    assert d["location"]["range"]["end"] == {"line": 1, "column": 22}
    assert d["severity"] == "ERROR" and d["code"]["value"] == "typo.word"
    assert d["suggestions"] == [{"range": d["location"]["range"], "text": "再接再厉"}]


def test_github_annotations(page):
    r = run("check", "--format", "github", "新闻 稿/a.txt", cwd=page)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0].startswith("::error file=新闻 稿/a.txt,line=1,col=4,endLine=1,endColumn=8,title=zhproof typo.word::")
    assert all(line.startswith("::") for line in lines)
