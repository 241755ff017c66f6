"""examples/cms_hook/prepublish.py: exit 1 only for findings, 2 (with a message, never a
traceback) for unreadable or undecodable files and service failures. Talks to a real
`zhproof serve` (the debug binary the Rust stage builds) on a free loopback port."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from conftest import REPO

HOOK = REPO / "examples" / "cms_hook" / "prepublish.py"
BINARY = REPO / "target" / "debug" / "zhproof"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(HOOK), *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    if not BINARY.exists():
        pytest.skip("target/debug/zhproof not built")
    proc = subprocess.Popen([str(BINARY), "serve", "--addr", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    try:
        yield line.strip().rsplit(" ", 1)[-1]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_missing_file_is_exit_2_with_a_message(tmp_path: Path) -> None:
    r = run("--url", "http://127.0.0.1:9", str(tmp_path / "nope.html"))
    assert r.returncode == 2
    assert "nope.html" in r.stderr and "Traceback" not in r.stderr


def test_undeclared_gbk_is_exit_2_with_a_message(tmp_path: Path) -> None:
    page = tmp_path / "old.html"
    page.write_bytes("<p>请按装设备。</p>".encode("gbk"))
    r = run("--url", "http://127.0.0.1:9", str(page))
    assert r.returncode == 2
    assert "--encoding" in r.stderr and "Traceback" not in r.stderr


def test_gbk_pages_are_checked(tmp_path: Path, url: str) -> None:
    declared = tmp_path / "declared.html"
    declared.write_bytes('<meta charset="gb2312"><p>请按装设备。</p>'.encode("gbk"))
    r = run("--url", url, str(declared))
    assert r.returncode == 1, r.stderr
    assert "'按装'" in r.stdout
    plain = tmp_path / "plain.txt"
    plain.write_bytes("请按装设备。".encode("gbk"))
    r = run("--url", url, "--text", "--encoding", "gbk", str(plain))
    assert r.returncode == 1, r.stderr
    clean = tmp_path / "clean.html"
    clean.write_bytes("<p>今天天气很好。</p>".encode("utf-8"))
    assert run("--url", url, str(clean)).returncode == 0
