"""``python -m zhproof``: the command line of the Rust ``zhproof`` binary, for people who
installed only the wheel.

Exit status: 0 = no finding of severity warning or error, 1 = some, 2 = usage or I/O error
(a message on stderr names the file; the other files are still checked).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from typing import IO, Iterator, Sequence

import zhproof

EXTENSIONS = (".txt", ".md", ".html", ".htm")


def _walk(path: str, errors: list[str]) -> Iterator[str]:
    try:
        names = sorted(os.listdir(path))
    except OSError as e:
        errors.append(f"{path}: {e.strerror or e}")
        return
    for name in names:
        p = os.path.join(path, name)
        if os.path.islink(p) and os.path.isdir(p):
            continue  # like the CLI: do not follow directory symlinks
        if os.path.isdir(p):
            yield from _walk(p, errors)
        elif name.lower().endswith(EXTENSIONS) and os.path.isfile(p):
            yield p


def expand(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Files to check (``-`` is stdin; directories walked, sorted) and error messages."""
    inputs: list[str] = []
    errors: list[str] = []
    for p in paths:
        if p == "-":
            inputs.append(p)
        elif os.path.isdir(p):
            inputs.extend(_walk(p, errors))
        elif os.path.exists(p):
            inputs.append(p)
        else:
            errors.append(f"{p}: No such file or directory")
    return inputs, errors


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    with open(name, "rb") as fh:
        return fh.read()


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _diagnostic(out: IO[str], path: str, source: str, f: zhproof.Finding, colour: bool) -> None:
    def paint(code: str, s: str) -> str:
        return f"\x1b[{code}m{s}\x1b[0m" if colour else s

    sev = {"error": "1;31", "warning": "1;33"}.get(f.severity, "1;36")
    out.write(f"{paint('1', f'{path}:{f.line}:{f.column}')}: {paint(sev, f.severity)}[{f.rule}]: {f.message}\n")
    line_start = source.rfind("\n", 0, f.start) + 1
    line_end = source.find("\n", line_start)
    if line_end < 0:
        line_end = len(source)
    line_text = source[line_start:line_end].rstrip("\r")
    gutter = " " * len(str(f.line))
    prefix = source[line_start : max(line_start, min(f.start, line_end))]
    marked = source[f.start : min(f.end, line_start + len(line_text))]
    out.write(f"{gutter} |\n{f.line} | {line_text.replace(chr(9), ' ')}\n")
    out.write(f"{gutter} | {' ' * _width(prefix)}{paint('1;31', '^' * max(1, _width(marked)))}\n")
    if f.suggestions:
        out.write(f"{gutter} = 建议: {paint('32', ' / '.join(f.suggestions))}\n")
    out.write("\n")


def _config(args: argparse.Namespace) -> str:
    def cats(values: list[str]) -> list[str]:
        out = []
        for v in values:
            out += [c.strip() for c in v.split(",") if c.strip()]
        for c in out:
            if c not in zhproof.CATEGORIES:
                raise zhproof.ConfigError(
                    f"unknown category `{c}` (expected one of: {', '.join(zhproof.CATEGORIES)})"
                )
        return out

    only = cats(args.only)
    return json.dumps(
        {
            "categories": only or None,
            "skip": cats(args.skip),
            "disabled_rules": args.disable_rule,
            "script": args.script,
            "dictionaries": [{"path": p} for p in args.dict],
            "allow": [],
            "allow_files": args.allow,
            "builtin_dictionaries": not args.no_builtin,
            "max_findings": args.max_findings,
        },
        ensure_ascii=False,
    )


def run_check(args: argparse.Namespace) -> int:
    try:
        checker = zhproof.Checker.from_config_json(_config(args))
    except (ValueError, OSError) as e:
        print(f"zhproof: {e}", file=sys.stderr)
        return 2
    inputs, errors = expand(args.paths)
    had_error = bool(errors)
    for e in errors:
        print(f"zhproof: {e}", file=sys.stderr)
    out = sys.stdout
    colour = out.isatty() and "NO_COLOR" not in os.environ
    serious = total = 0
    first = True
    if args.format == "json":
        out.write("[")
    for name in inputs:
        display = "<stdin>" if name == "-" else name
        try:
            data = _read(name)
        except OSError as e:
            print(f"zhproof: {display}: {e.strerror or e}", file=sys.stderr)
            had_error = True
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            print(
                f"zhproof: {display}: not valid UTF-8 (first bad byte at offset {e.start}); skipped",
                file=sys.stderr,
            )
            had_error = True
            continue
        is_html = args.html or name.lower().endswith((".html", ".htm"))
        if is_html:
            print(
                f"zhproof: {display}: HTML input is not supported yet; checked as plain text",
                file=sys.stderr,
            )
        findings = checker.check(text)
        total += len(findings)
        serious += sum(f.severity in ("warning", "error") for f in findings)
        for f in findings:
            if args.format == "text":
                _diagnostic(out, display, text, f, colour)
                continue
            rec = {
                "path": display,
                "start": f.byte_start,
                "end": f.byte_end,
                "line": f.line,
                "column": f.column,
                "text": f.text,
                "category": f.category,
                "rule": f.rule,
                "severity": f.severity,
                "suggestions": f.suggestions,
                "message": f.message,
            }
            line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
            if args.format == "jsonl":
                out.write(line + "\n")
            else:
                out.write(("" if first else ",") + "\n  " + line)
                first = False
    if args.format == "json":
        out.write("\n]\n")
    elif args.format == "text":
        out.write(f"{len(inputs)} 个文件，{total} 处问题（{serious} 处警告或错误）\n")
    out.flush()
    return 2 if had_error else 1 if serious else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m zhproof",
        description="Proof-read Chinese content: wrong words, sensitive terms, privacy leaks, script misuse.",
    )
    p.add_argument("--version", action="version", version=f"zhproof {zhproof.__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="check files, directories (walked for .txt .md .html .htm) or - (stdin)")
    c.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    c.add_argument("--html", action="store_true", help="treat every input as HTML (automatic for .html/.htm)")
    c.add_argument("--only", action="append", default=[], metavar="CATS", help="report only these categories (comma-separated)")
    c.add_argument("--skip", action="append", default=[], metavar="CATS", help="never report these categories (comma-separated)")
    c.add_argument("--disable-rule", action="append", default=[], metavar="RULE", help="never report this rule id (repeatable)")
    c.add_argument("--script", default="zh-Hans", choices=zhproof.SCRIPTS, help="target script of the text")
    c.add_argument("--dict", action="append", default=[], metavar="FILE", help="extra dictionary (TSV), repeatable")
    c.add_argument("--allow", action="append", default=[], metavar="FILE", help="allowlist file (one phrase a line), repeatable")
    c.add_argument("--no-builtin", action="store_true", help="leave out the built-in dictionaries")
    c.add_argument("--max-findings", type=int, default=zhproof.DEFAULT_MAX_FINDINGS, help="most findings per file (0 = no limit)")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.set_defaults(run=run_check)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
