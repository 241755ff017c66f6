"""``python -m zhproof``: the command line of the Rust ``zhproof`` binary, for people who
installed only the wheel: ``check`` (same options and output), ``mask`` and ``convert``.

Exit status: 0 = no finding of severity warning or error, 1 = some, 2 = usage or I/O error
(a message on stderr names the file; the other files are still checked).
"""

from __future__ import annotations

import argparse
import codecs
import concurrent.futures
import json
import os
import re
import sys
import time
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


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB, if Python knows it."""
    for m in re.finditer(rb"<meta[^>]*?charset[\s\"'=]*([A-Za-z0-9_.:-]+)", data[:4096], re.I):
        try:
            name = codecs.lookup(m.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            continue
        return "utf-8" if name.startswith("utf-16") else name
    return None


class Decoded:
    """Text decoded from an input, and the way back to byte offsets into the input."""

    def __init__(self, data: bytes, html: bool, forced: str | None) -> None:
        bom = next(((len(b), enc) for b, enc in _BOMS if data.startswith(b)), (0, None))
        self.skip, encoding = bom[0], bom[1] or forced or (_declared_charset(data) if html else None)
        self.had_errors = False
        if encoding is None or (codecs.lookup(encoding).name == "utf-8" and not self.skip):
            try:
                self.text, self.encoding, self.starts = data.decode("utf-8"), "UTF-8", None
                return
            except UnicodeDecodeError as e:
                if encoding is None:
                    hint = " or declare <meta charset> in the page" if html else ""
                    raise ValueError(
                        f"not valid UTF-8 (first bad byte at offset {e.start}); pass --encoding (e.g. gbk){hint}"
                    ) from None
        self.encoding = codecs.lookup(encoding).name
        body = data[self.skip :]
        try:
            self.text = body.decode(self.encoding)
        except UnicodeDecodeError:
            self.text, self.had_errors = body.decode(self.encoding, errors="replace"), True
        self.starts = None if self.had_errors else self._char_starts()

    def _char_starts(self) -> list[int]:
        starts, pos = [], self.skip
        for ch in self.text:
            starts.append(pos)
            pos += len(ch.encode(self.encoding))
        starts.append(pos)
        return starts

    def offset(self, char_offset: int, utf8_offset: int) -> int:
        """Byte offset into the input of a finding boundary."""
        if self.starts is None:
            return utf8_offset if not self.had_errors else char_offset
        return self.starts[min(char_offset, len(self.starts) - 1)]


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
            "enable_rules": args.enable_rule,
            "sensitive_profile": args.sensitive_profile,
            "script": args.script,
            "dictionaries": [{"path": p} for p in args.dict],
            "allow": [],
            "allow_files": args.allow,
            "builtin_dictionaries": not args.no_builtin,
            "max_findings": args.max_findings,
        },
        ensure_ascii=False,
    )


def _check_one(
    name: str, args: argparse.Namespace, checker: zhproof.Checker
) -> str | tuple[Decoded, list[zhproof.Finding]]:
    """Reads, decodes and checks one input: its decoded text and findings, or the message
    for stderr when it cannot be read or decoded."""
    display = "<stdin>" if name == "-" else name
    try:
        data = _read(name)
    except OSError as e:
        return f"zhproof: {display}: {e.strerror or e}"
    is_html = args.html or name.lower().endswith((".html", ".htm"))
    try:
        decoded = Decoded(data, is_html, args.encoding)
    except ValueError as e:
        return f"zhproof: {display}: {e}; skipped"
    text = decoded.text
    findings = checker.check_html(text, args.check_code) if is_html else checker.check(text)
    return decoded, findings


def _checked(
    inputs: list[str], args: argparse.Namespace, checker: zhproof.Checker
) -> Iterator[tuple[str, str | tuple[Decoded, list[zhproof.Finding]]]]:
    """Each input with what checking it gave, in input order; --jobs inputs at a time (the
    checks release the GIL), a window of a few per thread so that memory stays bounded."""
    jobs = args.jobs or os.cpu_count() or 1
    if jobs == 1:
        for name in inputs:
            yield name, _check_one(name, args, checker)
        return
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        window = jobs * 8
        for i in range(0, len(inputs), window):
            names = inputs[i : i + window]
            yield from zip(names, pool.map(lambda n: _check_one(n, args, checker), names))


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def run_check(args: argparse.Namespace) -> int:
    try:
        checker = zhproof.Checker.from_config_json(_config(args))
        if args.encoding:
            codecs.lookup(args.encoding)
    except LookupError:
        print(f"zhproof: unknown encoding `{args.encoding}` (try utf-8, gbk, gb18030, big5)", file=sys.stderr)
        return 2
    except (ValueError, OSError) as e:
        print(f"zhproof: {e}", file=sys.stderr)
        return 2
    inputs, errors = expand(args.paths)
    had_error = bool(errors)
    for err in errors:
        print(f"zhproof: {err}", file=sys.stderr)
    out = sys.stdout
    colour = out.isatty() and "NO_COLOR" not in os.environ
    serious = total = 0
    first = True
    if args.format == "json":
        out.write("[")
    for name, outcome in _checked(inputs, args, checker):
        display = "<stdin>" if name == "-" else name
        if isinstance(outcome, str):
            print(outcome, file=sys.stderr)
            had_error = True
            continue
        decoded, findings = outcome
        if decoded.had_errors:
            print(f"zhproof: {display}: bytes not valid in {decoded.encoding} were replaced with U+FFFD", file=sys.stderr)
        text = decoded.text
        total += len(findings)
        serious += sum(f.severity in ("warning", "error") for f in findings)
        for f in findings:
            if args.format == "text":
                _diagnostic(out, display, text, f, colour)
                continue
            rec = {
                "path": display,
                "start": decoded.offset(f.start, f.byte_start),
                "end": decoded.offset(f.end, f.byte_end),
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


def _read_text(name: str) -> str:
    data = _read(name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not valid UTF-8 (first bad byte at offset {e.start})") from None


def _write_text(path: str | None, text: str) -> None:
    if path is None:
        sys.stdout.buffer.write(text.encode("utf-8", errors="surrogatepass"))
        sys.stdout.flush()
    else:
        with open(path, "wb") as fh:
            fh.write(text.encode("utf-8", errors="surrogatepass"))


def run_mask(args: argparse.Namespace) -> int:
    config = json.loads(_config(args))
    config["categories"], config["max_findings"] = ["privacy"], 0
    try:
        checker = zhproof.Checker.from_config_json(json.dumps(config, ensure_ascii=False))
    except (ValueError, OSError) as e:
        print(f"zhproof: {e}", file=sys.stderr)
        return 2
    try:
        _write_text(args.output, checker.mask(_read_text(args.input)))
    except (OSError, ValueError) as e:
        name = "<stdin>" if args.input == "-" else args.input
        print(f"zhproof: {getattr(e, 'filename', None) or name}: {getattr(e, 'strerror', None) or e}", file=sys.stderr)
        return 2
    return 0


def run_convert(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    try:
        zhproof.convert("", to=args.to)  # validates `to` and loads the conversion data
    except zhproof.ConfigError as e:
        print(f"zhproof: {e}", file=sys.stderr)
        return 2
    load = time.perf_counter() - t0
    parts, code, size, spent = [], 0, 0, 0.0
    for name in args.paths:
        display = "<stdin>" if name == "-" else name
        try:
            data = _read(name)
        except OSError as e:
            print(f"zhproof: {display}: {e.strerror or e}", file=sys.stderr)
            code = 2
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            print(f"zhproof: {display}: not valid UTF-8; skipped", file=sys.stderr)
            code = 2
            continue
        t = time.perf_counter()
        parts.append(zhproof.convert(text, to=args.to))
        spent += time.perf_counter() - t
        size += len(data)
    try:
        _write_text(args.output, "".join(parts))
    except OSError as e:
        print(f"zhproof: {args.output}: {e.strerror or e}", file=sys.stderr)
        return 2
    if args.stats:
        print(
            f"zhproof: load {load * 1000:.1f} ms, converted {size} bytes in {spent * 1000:.1f} ms",
            file=sys.stderr,
        )
    return code


def _checker_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--only", action="append", default=[], metavar="CATS", help="report only these categories (comma-separated)")
    c.add_argument("--skip", action="append", default=[], metavar="CATS", help="never report these categories (comma-separated)")
    c.add_argument("--disable-rule", action="append", default=[], metavar="RULE", help="never report this rule id (repeatable)")
    c.add_argument("--enable-rule", action="append", default=[], metavar="RULE", help="report this default-off rule id (repeatable)")
    c.add_argument("--script", default="zh-Hans", choices=zhproof.SCRIPTS, help="target script of the text")
    c.add_argument("--dict", action="append", default=[], metavar="FILE", help="extra dictionary (TSV), repeatable")
    c.add_argument("--allow", action="append", default=[], metavar="FILE", help="allowlist file (one phrase a line), repeatable")
    c.add_argument("--no-builtin", action="store_true", help="leave out the built-in dictionaries")
    c.add_argument("--max-findings", type=int, default=zhproof.DEFAULT_MAX_FINDINGS, help="most findings per file (0 = no limit)")
    c.add_argument("--sensitive-profile", choices=("government", "comments"), default="government", help="who publishes the text")


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
    c.add_argument("--check-code", action="store_true", help="in HTML, also check <code> and <pre> text")
    c.add_argument("-j", "--jobs", type=_positive, metavar="N", help="check this many files at a time (default: one per CPU); the report is the same for any number")
    c.add_argument("--encoding", metavar="LABEL", help="encoding of the inputs (default: BOM, else the HTML <meta charset>, else UTF-8)")
    _checker_options(c)
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.set_defaults(run=run_check)
    m = sub.add_parser("mask", help="print FILE (or - for stdin) with personal data masked")
    m.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    _checker_options(m)
    m.add_argument("input", metavar="FILE")
    m.set_defaults(run=run_mask)
    v = sub.add_parser("convert", help="convert FILE (or - for stdin) between simplified and traditional")
    v.add_argument("--to", required=True, metavar="s|t|tw|hk|twp|CONFIG", help="target script or OpenCC config (s2t, tw2sp, ...)")
    v.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    v.add_argument("--stats", action="store_true", help="print load and conversion times to standard error")
    v.add_argument("paths", nargs="+", metavar="FILE", help="files to convert (concatenated), or - for stdin")
    v.set_defaults(run=run_convert)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
