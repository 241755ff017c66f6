"""The example GitHub Actions workflow and .pre-commit-hooks.yaml: both parse, and the
zhproof commands they name do what they promise on a small site (run with the Rust CLI
built by the test stage)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess

import pytest
import yaml

from conftest import REPO

EXE = REPO / "target" / "debug" / "zhproof"


def env():
    assert EXE.exists(), f"{EXE} missing (cargo build -p zhproof-cli)"
    return {**os.environ, "NO_COLOR": "1", "PATH": f"{EXE.parent}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture()
def site(tmp_path):
    (tmp_path / "site" / "news").mkdir(parents=True)
    (tmp_path / "site" / "news" / "a.md").write_text("# 通知\n\n我们要再接再励。\n", encoding="utf-8")
    (tmp_path / "site" / "index.html").write_text("<p>欢迎，按装说明见下。</p>\n", encoding="utf-8")
    (tmp_path / "site" / "notes.txt").write_text("今天天气很好。\n", encoding="utf-8")
    return tmp_path


def test_github_workflow_commands(site):
    wf = yaml.safe_load((REPO / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["proofread"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and s["run"].startswith("zhproof ")]
    assert len(runs) == 2, runs
    uploads = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert uploads and uploads[0]["with"]["sarif_file"] == "zhproof.sarif"
    check, sarif = runs
    # No baseline yet: the step must fail with annotations for each finding.
    baseline_arg = re.search(r"--baseline (\S+)", check)
    assert baseline_arg
    baseline = site / baseline_arg.group(1)
    (site / baseline.name).write_text('{"version": 1, "findings": []}', encoding="utf-8")
    r = subprocess.run(["bash", "-c", check], cwd=site, env=env(), capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    assert "::error file=site/news/a.md,line=3," in r.stdout
    # Accept today's findings: the same step passes, and fails again on a new one only.
    w = subprocess.run(
        ["zhproof", "check", "--write-baseline", baseline.name, "site"],
        cwd=site, env=env(), capture_output=True, text=True,
    )
    assert w.returncode == 0, w.stderr
    r = subprocess.run(["bash", "-c", check], cwd=site, env=env(), capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr
    with (site / "site" / "news" / "a.md").open("a", encoding="utf-8") as f:
        f.write("\n又布署了一次。\n")
    r = subprocess.run(["bash", "-c", check], cwd=site, env=env(), capture_output=True, text=True)
    assert r.returncode == 1
    # Only the new finding: the appended line (5), 布署 → 部署 (annotations name the
    # place and the suggestion, not the flagged text).
    assert len(r.stdout.splitlines()) == 1, r.stdout
    assert "file=site/news/a.md,line=5," in r.stdout and "typo.word" in r.stdout and "部署" in r.stdout
    # The SARIF step succeeds with findings present (exit 1 accepted) and writes the file.
    r = subprocess.run(["bash", "-c", sarif], cwd=site, env=env(), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    log = json.loads((site / "zhproof.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 3


def test_pre_commit_hooks(site):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"zhproof", "zhproof-fix"}
    files = sorted(str(p.relative_to(site)) for p in (site / "site").rglob("*") if p.is_file())
    for h in hooks:
        assert {"id", "name", "entry", "language", "files"} <= set(h)
        assert h["language"] == "system"
        selected = [f for f in files if re.search(h["files"], f)]
        assert selected == files  # .md, .html and .txt are all selected
        assert not re.search(h["files"], "site/logo.png")
    # pre-commit runs `entry` + args + the staged file names.
    check = shlex.split(by_id["zhproof"]["entry"])
    r = subprocess.run([*check, *files], cwd=site, env=env(), capture_output=True, text=True)
    assert r.returncode == 1 and "再接再励" in r.stdout
    fix = shlex.split(by_id["zhproof-fix"]["entry"])
    before = (site / "site" / "notes.txt").read_bytes()
    r = subprocess.run([*fix, *files], cwd=site, env=env(), capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "再接再厉" in (site / "site" / "news" / "a.md").read_text(encoding="utf-8")
    assert "安装" in (site / "site" / "index.html").read_text(encoding="utf-8")
    assert (site / "site" / "notes.txt").read_bytes() == before
    r = subprocess.run([*check, *files], cwd=site, env=env(), capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
