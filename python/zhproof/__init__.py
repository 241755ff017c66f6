"""zhproof: proof-read Chinese content (wrong words, sensitive terms, privacy leaks, script
misuse) with a Rust engine.

>>> import zhproof
>>> checker = zhproof.Checker()
>>> text = "我们要再接再励。"
>>> [(f.text, f.suggestions[0]) for f in checker.check(text)]
[('再接再励', '再接再厉')]
>>> f = checker.check(text)[0]
>>> text[f.start:f.end] == f.text
True

Offsets: ``Finding.start``/``end`` are code-point offsets into the ``str`` you passed
(Python indices, correct also for characters outside the BMP such as 𠮷);
``byte_start``/``byte_end`` index its UTF-8 encoding. A ``str`` holding lone surrogates is
accepted: each one is checked as U+FFFD (one code point for one, so ``start``/``end`` still
index your string; ``Finding.text`` shows U+FFFD where your string has the surrogate).
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, TypedDict, Union

from . import _native
from ._errors import (
    ConfigError,
    DictionaryError,
    DictionaryFileError,
    InternalError,
    ZhproofError,
)
from ._native import Finding

__version__: str = _native.__version__

__all__ = [
    "Checker",
    "convert",
    "mask",
    "Finding",
    "rules",
    "explain",
    "Rule",
    "CATEGORIES",
    "SCRIPTS",
    "SENSITIVE_PROFILES",
    "DEFAULT_MAX_FINDINGS",
    "DEFAULT_CONTEXT_MIN_CONFIDENCE",
    "ZhproofError",
    "ConfigError",
    "DictionaryError",
    "DictionaryFileError",
    "InternalError",
    "__version__",
]

# Names and defaults come from the engine (``zhproof::config::front_end_constants``), so
# that this layer keeps no copies that could drift.
_CONSTANTS: dict[str, Any] = json.loads(_native.constants_json())

#: Every category name, in the engine's order.
CATEGORIES: tuple[str, ...] = tuple(_CONSTANTS["categories"])

#: Accepted ``script=`` values (aliases map to these).
SCRIPTS: tuple[str, ...] = tuple(_CONSTANTS["scripts"])
_SCRIPT_ALIASES: dict[str, str] = dict(_CONSTANTS["script_aliases"])

#: Accepted ``sensitive_profile=`` values.
SENSITIVE_PROFILES: tuple[str, ...] = tuple(_CONSTANTS["sensitive_profiles"])

#: Default cap on findings per text (the engine's ``DEFAULT_MAX_FINDINGS``).
DEFAULT_MAX_FINDINGS: int = _CONSTANTS["default_max_findings"]

#: Default ``context_min_confidence`` (the engine's ``CONTEXT_MIN_CONFIDENCE``).
DEFAULT_CONTEXT_MIN_CONFIDENCE: float = _CONSTANTS["default_context_min_confidence"]


class Rule(TypedDict):
    """One entry of the rule registry (see :func:`rules`)."""

    id: str
    category: str
    severity: str
    default_on: bool
    safe_fix: bool
    source: str
    summary: str
    why: str
    bad: str
    good: str
    standard: Optional[str]


def rules() -> list[Rule]:
    """Every rule zhproof can report (the engine's rule registry): dicts with ``id``,
    ``category``, ``severity``, ``default_on``, ``safe_fix``, ``source``, ``summary``, ``why``, ``bad``,
    ``good`` and ``standard`` (``None`` when the rule follows no standard). The same data
    as ``zhproof rules --format json`` and the JavaScript ``rules()``."""
    entries: list[Rule] = json.loads(_native.rules_json())["rules"]
    return entries


def explain(rule: str) -> str:
    """The full entry of ``rule`` as text (summary, why, a bad and a good example, the
    standard), the same as ``zhproof explain RULE``. A category or prefix (``"typo"``)
    gives every rule below it, separated by blank lines.

    Raises ``TypeError`` if ``rule`` is not a ``str``, ``ConfigError`` (a ``ValueError``)
    naming the nearest id when ``rule`` names no rule."""
    if not isinstance(rule, str):
        raise TypeError(f"rule must be str, not {type(rule).__name__}")
    return _native.explain(rule)


PathLike = Union[str, "os.PathLike[str]"]


def _names(value: Any, what: str) -> list[str]:
    """A list of category names from a str or an iterable of str, validated."""
    if isinstance(value, str):
        items = [v for v in value.split(",") if v.strip()]
    else:
        try:
            items = list(value)
        except TypeError:
            raise TypeError(f"{what} must be a str or an iterable of str") from None
    out = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{what} must contain str, not {type(item).__name__}")
        name = item.strip().lower()
        if name not in CATEGORIES:
            raise ConfigError(
                f"unknown category {item!r} in {what} (expected one of: {', '.join(CATEGORIES)})"
            )
        out.append(name)
    return out


def _strs(value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    out = []
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"{what} must contain str, not {type(item).__name__}")
        out.append(item)
    return out


def _read_dictionary(path: PathLike) -> dict[str, str]:
    """Reads a TSV dictionary file into a ``{name, text}`` source, so that the checker's
    configuration carries the dictionary itself (picklable to other machines)."""
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"dictionary path must be str or os.PathLike[str], not {type(path).__name__}")
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise DictionaryFileError(e.errno, f"cannot read dictionary: {e.strerror}", name) from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DictionaryFileError(
            None, f"dictionary is not valid UTF-8 (at byte {e.start})", name
        ) from None
    return {"name": name, "text": text}


def _dictionary_text(item: Any, index: int) -> dict[str, str]:
    if isinstance(item, str):
        return {"name": f"<dictionary_texts[{index}]>", "text": item}
    if isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
        return {"name": item[0], "text": item[1]}
    raise TypeError("dictionary_texts items must be str or (name, text) tuples of str")


# Checkers rebuilt from pickles, by configuration JSON: one build per process (the oldest
# is dropped past _REBUILT_MAX configurations).
_REBUILT: dict[str, "Checker"] = {}
_REBUILT_MAX = 16
_REBUILT_LOCK = threading.Lock()


def _rebuild(config_json: str) -> "Checker":
    """Unpickling hook: the checker for ``config_json``, built once per process."""
    with _REBUILT_LOCK:
        checker = _REBUILT.get(config_json)
        if checker is None:
            checker = Checker.from_config_json(config_json)
            if len(_REBUILT) >= _REBUILT_MAX:
                _REBUILT.pop(next(iter(_REBUILT)))
            _REBUILT[config_json] = checker
        return checker


class Checker:
    """The proof-reader. Build it once (parsing dictionaries and compiling automata takes a
    few milliseconds), then share it: it is immutable and thread-safe, and every check
    releases the GIL.

    Parameters
    ----------
    categories:
        Report only these categories (``None``: all). See :data:`CATEGORIES`.
    skip:
        Never report these categories.
    script:
        Target script of the text: ``"zh-Hans"`` (default), ``"zh-Hant"``, ``"zh-TW"`` or
        ``"zh-HK"`` (also ``"s"``, ``"t"``, ``"tw"``, ``"hk"``).
    dictionaries:
        Paths of extra TSV dictionaries (read now; their content travels with the checker
        when it is pickled).
    dictionary_texts:
        Extra dictionaries given as text: ``str`` or ``(name, text)`` tuples (``name``
        appears in error messages).
    allow:
        Phrases never reported (a finding inside one is dropped).
    disabled_rules:
        Rule ids never reported (``"typo"`` also disables ``"typo.word"``).
    builtin_dictionaries:
        Use the built-in dictionaries (default) or only yours.
    max_findings:
        Most findings per text (0: no limit); a ``format.truncated`` finding says how many
        more there were.
    enable_rules:
        Default-off rule ids to report anyway (e.g. ``"typo.statistical"``);
        ``disabled_rules`` still wins.
    sensitive_profile:
        Who publishes the text: ``"government"`` (default: every sensitive entry at its
        lexicon severity) or ``"comments"`` (evasive spellings raised, insults lowered).
    min_confidence:
        Drop findings whose ``confidence`` (0–1, set by the rules that estimate it, e.g.
        ``typo.idiom``) is below this; findings without a confidence are always kept.

    Raises
    ------
    TypeError
        An argument of the wrong type.
    ConfigError
        (a ``ValueError``) an unknown category, script or rule id (the message names the
        nearest id), a negative limit.
    DictionaryError
        (a ``ValueError``) a malformed dictionary line; the message is ``file:line: reason``.
    DictionaryFileError
        (an ``OSError``) a dictionary file that cannot be read or is not UTF-8.
    """

    __slots__ = ("_native",)

    def __init__(
        self,
        categories: Iterable[str] | str | None = None,
        skip: Iterable[str] | str = (),
        script: str = "zh-Hans",
        dictionaries: Iterable[PathLike] = (),
        dictionary_texts: Iterable[str | tuple[str, str]] = (),
        allow: Iterable[str] = (),
        disabled_rules: Iterable[str] = (),
        builtin_dictionaries: bool = True,
        max_findings: int = DEFAULT_MAX_FINDINGS,
        enable_rules: Iterable[str] = (),
        sensitive_profile: str = "government",
        min_confidence: float = 0.0,
        context_min_confidence: float | None = None,
        group_threshold: int = 0,
        severity_overrides: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(script, str):
            raise TypeError(f"script must be str, not {type(script).__name__}")
        canonical = _SCRIPT_ALIASES.get(script.strip().lower().replace("_", "-"))
        if canonical is None:
            raise ConfigError(f"unknown script {script!r} (expected one of: {', '.join(SCRIPTS)})")
        if isinstance(dictionaries, (str, os.PathLike)):
            dictionaries = [dictionaries]
        if isinstance(dictionary_texts, str):
            dictionary_texts = [dictionary_texts]
        if isinstance(max_findings, bool) or not isinstance(max_findings, int):
            raise TypeError(f"max_findings must be int, not {type(max_findings).__name__}")
        if max_findings < 0:
            raise ConfigError("max_findings must be >= 0")
        if sensitive_profile not in SENSITIVE_PROFILES:
            raise ConfigError(
                f"unknown sensitive_profile {sensitive_profile!r} (expected 'government' or 'comments')"
            )
        if isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float)):
            raise TypeError(f"min_confidence must be float, not {type(min_confidence).__name__}")
        if not 0.0 <= min_confidence <= 1.0:
            raise ConfigError("min_confidence must be in 0-1")
        if context_min_confidence is None:
            context_min_confidence = DEFAULT_CONTEXT_MIN_CONFIDENCE
        if isinstance(context_min_confidence, bool) or not isinstance(context_min_confidence, (int, float)):
            raise TypeError(
                f"context_min_confidence must be float, not {type(context_min_confidence).__name__}"
            )
        if not 0.0 <= context_min_confidence <= 1.0:
            raise ConfigError("context_min_confidence must be in 0-1")
        if isinstance(group_threshold, bool) or not isinstance(group_threshold, int):
            raise TypeError(f"group_threshold must be int, not {type(group_threshold).__name__}")
        if group_threshold < 0:
            raise ConfigError("group_threshold must be >= 0")
        overrides = dict(severity_overrides or {})
        for k, v in overrides.items():
            if not isinstance(k, str) or v not in ("info", "warning", "error"):
                raise ConfigError(
                    f"severity_overrides: {k!r}: {v!r} (expected a rule id and 'info', 'warning' or 'error')"
                )
        sources = [_read_dictionary(p) for p in dictionaries]
        sources += [_dictionary_text(t, i) for i, t in enumerate(dictionary_texts)]
        config = {
            "categories": None if categories is None else _names(categories, "categories"),
            "skip": _names(skip, "skip"),
            "disabled_rules": _strs(disabled_rules, "disabled_rules"),
            "enable_rules": _strs(enable_rules, "enable_rules"),
            "sensitive_profile": sensitive_profile,
            "script": canonical,
            "dictionaries": sources,
            "allow": _strs(allow, "allow"),
            "allow_files": [],
            "builtin_dictionaries": bool(builtin_dictionaries),
            "max_findings": max_findings,
            "min_confidence": float(min_confidence),
            "context_min_confidence": float(context_min_confidence),
            "group_threshold": group_threshold,
            "severity_overrides": overrides,
        }
        self._native = _native.NativeChecker(json.dumps(config, ensure_ascii=False))

    @classmethod
    def from_config_json(cls, config_json: str) -> "Checker":
        """A checker from a ``zhproof::Config`` as JSON (what :attr:`config_json` gives,
        the Rust ``Config::to_json``, or the CLI's configuration)."""
        self = cls.__new__(cls)
        self._native = _native.NativeChecker(config_json)
        return self

    @classmethod
    def from_config(cls, path: PathLike, file: PathLike | None = None) -> "Checker":
        """A checker from a configuration file: ``zhproof.toml`` (the same file the CLI
        reads), or a ``pyproject.toml`` with a ``[tool.zhproof]`` table. Paths in it are
        relative to its folder. When ``file`` is given, the ``[[overrides]]`` whose globs
        match it apply too. ``min_confidence`` and ``exclude`` are not applied here.

        Raises ``ConfigError`` naming the file and the key (and the nearest valid key) when
        the file is not valid, ``DictionaryFileError`` (an ``OSError``) when a file cannot
        be read."""
        return cls.from_config_json(
            _native.config_file_json(os.fspath(path), None if file is None else os.fspath(file))
        )

    @property
    def config_json(self) -> str:
        """The full configuration as JSON, user dictionaries included."""
        return self._native.config_json

    @property
    def config(self) -> dict[str, Any]:
        """The full configuration as a ``dict`` (a copy)."""
        return json.loads(self._native.config_json)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Pickles the configuration (with user dictionaries), not the automata; the
        # receiving process builds the checker once per configuration (see _rebuild).
        return (_rebuild, (self._native.config_json,))

    def __repr__(self) -> str:
        c = self.config
        cats = "all" if c["categories"] is None else ",".join(c["categories"])
        return (
            f"<zhproof.Checker script={c['script']} categories={cats}"
            f" dictionaries={len(c['dictionaries'])} builtin={c['builtin_dictionaries']}>"
        )

    def check(self, text: str) -> list[Finding]:
        """Checks plain text; findings sorted by position.

        Raises ``TypeError`` if ``text`` is not a ``str``."""
        return self._native.check(text)

    def check_html(self, html: str, check_code: bool = False) -> list[Finding]:
        """Checks an HTML page: the visible text (scripts, styles and, unless
        ``check_code``, ``<code>``/``<pre>`` left out), ``alt`` and ``title`` attributes, the
        meta description, and the links (category ``link``). Offsets index ``html`` itself:
        ``html[f.start:f.end] == f.text``.

        Raises ``TypeError`` if ``html`` is not a ``str``."""
        return self._native.check_html(html, check_code)

    def mask(self, text: str) -> str:
        """``text`` with every personal-data leak this checker reports (privacy findings of
        severity warning or error) replaced by its masked form (``138****5678``); every
        other character unchanged. A checker that skips ``privacy`` masks nothing.

        Raises ``TypeError`` if ``text`` is not a ``str``."""
        return self._native.mask(text)

    def check_iter(
        self,
        texts: Iterable[str],
        threads: int | None = None,
        batch_size: int | None = None,
        html: bool = False,
    ) -> Iterator[list[Finding]]:
        """Like :meth:`check_many`, but yields each text's findings as soon as its batch is
        done: memory stays bounded by two batches, whatever the input size."""
        _check_count("threads", threads)
        _check_count("batch_size", batch_size)
        n = threads or _native.default_threads()
        size = batch_size or max(256, 128 * n)
        it = iter(texts)
        native = self._native
        index = 0  # input index of the next text pulled (error messages name it)
        if n == 1:
            # One thread: check on the calling thread (GIL released), batch after batch.
            while True:
                results = native.check_batch(it, 1, html, size, index)
                if not results:
                    return
                index += len(results)
                yield from results
        # Several threads: while the pool checks one batch, this thread pulls and copies the
        # next one (at most two batches in memory).
        pending = native.submit(it, threads, html, size, index)
        while len(pending):
            index += len(pending)
            following = native.submit(it, threads, html, size, index)
            yield from pending.wait()
            pending = following

    def check_many(
        self,
        texts: Iterable[str],
        threads: int | None = None,
        batch_size: int | None = None,
        html: bool = False,
    ) -> list[list[Finding]]:
        """Checks many texts in parallel on ``threads`` Rust threads (``None``: every core),
        with the GIL released. Returns one list of findings per text, in input order.

        ``texts`` may be any iterable, a generator included: it is consumed in batches of
        ``batch_size`` texts (default: 128 per thread, at least 256; a batch is cut short
        once it holds 4 M characters), never all at once.
        ``html=True``: the texts are HTML pages, checked as :meth:`check_html` does
        (extraction included, in parallel).

        Raises ``TypeError`` if an item is not a ``str`` (the message gives its index in
        ``texts``), ``ValueError`` if ``threads`` or ``batch_size`` is below 1."""
        return list(self.check_iter(texts, threads=threads, batch_size=batch_size, html=html))


def _check_count(name: str, value: object) -> None:
    """``value`` must be ``None`` or an ``int`` of at least 1."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int or None, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1")


def convert(text: str, to: str) -> str:
    """Converts between simplified and traditional Chinese with OpenCC's data: ``to`` is
    ``"s"`` (simplified), ``"t"`` (traditional), ``"tw"`` (Taiwan), ``"hk"`` (Hong Kong),
    ``"twp"`` (Taiwan with Taiwan phrases) or an OpenCC config name (``"s2t"``,
    ``"tw2sp"``, ...).

    >>> convert("干燥的头发", to="t")
    '乾燥的頭髮'

    Raises ``TypeError`` if ``text`` is not a ``str``, :class:`ConfigError` (a
    ``ValueError``) for an unknown ``to``."""
    return _native.convert(text, to)


def mask(text: str) -> str:
    """``text`` with every personal-data leak (validated ID numbers, phones, bank cards,
    e-mail addresses, ...) masked, with the default configuration; every other character
    unchanged.

    >>> mask("手机 13812345678")
    '手机 138****5678'

    Raises ``TypeError`` if ``text`` is not a ``str``."""
    return _native.mask(text)
