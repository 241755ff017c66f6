#!/usr/bin/env python3
"""Time (and peak RSS) of the decoder paths against plain UTF-8, per MB of input.

The same text (People's Daily, January 1998, repeated to size) is written as UTF-8,
UTF-8 with a byte-order mark, GBK with --encoding, and GBK HTML declaring its charset,
then checked by the release CLI (`zhproof check`), the Python CLI (`python -m zhproof
check`, when the wheel is installed in .venv) and `zhproof serve` (a raw text/plain body
with charset=, sizes up to --max-body). Each figure is the best of --runs runs.

    cargo build --release -p zhproof-cli
    python3 benches/compare/decode_paths.py --sizes 1,10 [--python] [--serve]

Prints one line per (front end, size, path): CPU seconds (wall seconds for serve), MB/s,
ratio to UTF-8, peak RSS.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("ZHPROOF_SHARED", REPO.parent / "shared")) / "data/corpora/pd199801.txt"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/data/corpora/pd199801.txt")
BIN = REPO / "target/release/zhproof"


def text_of(mb: int) -> str:
    base = CORPUS.read_text(encoding="utf-8")
    # GBK has no code for a few characters of the corpus: keep the text the same in both.
    base = base.encode("gbk", errors="ignore").decode("gbk")
    want = mb * 1_000_000
    reps = want // len(base.encode("utf-8")) + 1
    out = (base * reps).encode("utf-8")[:want].decode("utf-8", errors="ignore")
    return out[: out.rfind("\n") + 1]


def files(tmp: Path, mb: int) -> dict[str, tuple[Path, list[str]]]:
    text = text_of(mb)
    html = "<html><head><meta charset=\"gbk\"></head><body><pre>" + text + "</pre></body></html>"
    paths = {
        "utf-8": (tmp / f"u{mb}.txt", text.encode("utf-8"), []),
        "utf-8+bom": (tmp / f"b{mb}.txt", b"\xef\xbb\xbf" + text.encode("utf-8"), []),
        "gbk --encoding": (tmp / f"g{mb}.txt", text.encode("gbk"), ["--encoding", "gbk"]),
        "utf-8 html": (tmp / f"u{mb}.html", html.replace("gbk", "utf-8").encode("utf-8"), ["--check-code"]),
        "gbk <meta>": (tmp / f"g{mb}.html", html.encode("gbk"), ["--check-code"]),
    }
    out = {}
    for name, (p, data, args) in paths.items():
        p.write_bytes(data)
        out[name] = (p, args)
    return out


def timed(cmd: list[str]) -> tuple[float, int]:
    """CPU seconds (user + system: steadier than wall time on a shared machine; the CLI
    runs with --jobs 1) and peak RSS (KiB) of one run. The RSS comes from /usr/bin/time when
    present: a child forked from this process (which holds the texts) would report this
    process's peak, kept across exec, in its own rusage."""
    with tempfile.NamedTemporaryFile("r") as rss_file:
        wrap = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file.name] if Path("/usr/bin/time").exists() else []
        proc = subprocess.Popen(wrap + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{cmd}: exit {code}")
        last = (rss_file.read().strip().splitlines() or [""])[-1].split()
        if wrap and len(last) == 3:
            return float(last[1]) + float(last[2]), int(last[0])
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def best(cmd: list[str], runs: int) -> tuple[float, int]:
    results = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def serve_times(sizes: list[int], runs: int, tmp: Path) -> None:
    proc = subprocess.Popen([str(BIN), "serve", "--addr", "127.0.0.1:0", "--max-body", str(max(sizes) * 1_100_000)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    host, port = proc.stdout.readline().strip().rsplit("//", 1)[1].split(":")
    try:
        for mb in sizes:
            base = None
            for name, (p, _) in files(tmp, mb).items():
                if p.suffix == ".html":
                    continue
                data = p.read_bytes()
                ctype = "text/plain; charset=gbk" if "gbk" in name else "text/plain"
                secs = []
                for _ in range(runs):
                    c = http.client.HTTPConnection(host, int(port), timeout=600)
                    t = time.perf_counter()
                    c.request("POST", "/check", body=data, headers={"Content-Type": ctype})
                    r = c.getresponse()
                    r.read()
                    secs.append(time.perf_counter() - t)
                    assert r.status == 200, r.status
                s = min(secs)
                base = base or s
                print(f"serve   {mb:>4} MB  {name:<15} {s:7.2f} s  {mb / s:6.2f} MB/s  x{s / base:4.2f}")
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,10")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--python", action="store_true", help="also the Python CLI (.venv)")
    ap.add_argument("--serve", action="store_true", help="also zhproof serve")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        fronts = [("cli", [str(BIN), "check", "--format", "jsonl", "--jobs", "1"])]
        py = REPO / ".venv/bin/python"
        if args.python and py.exists():
            fronts.append(("python", [str(py), "-m", "zhproof", "check", "--format", "jsonl", "--jobs", "1"]))
        for mb in sizes:
            fs = files(tmp, mb)
            for front, cmd in fronts:
                base: dict[bool, float] = {}
                for name, (p, extra) in fs.items():
                    html = p.suffix == ".html"
                    secs, rss = best(cmd + extra + [str(p)], args.runs)
                    ref = base.setdefault(html, secs)
                    print(f"{front:<7} {mb:>4} MB  {name:<15} {secs:7.2f} s  {mb / secs:6.2f} MB/s  "
                          f"x{secs / ref:4.2f}  RSS {rss / 1024:7.1f} MB", flush=True)
        small = [s for s in sizes if s <= 10]
        if args.serve and small:
            serve_times(small, args.runs, tmp)


if __name__ == "__main__":
    sys.exit(main())
