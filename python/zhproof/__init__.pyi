import os
from typing import Any, Iterable, Iterator, Mapping, TypedDict, Union

from typing_extensions import final

from ._errors import (
    ConfigError as ConfigError,
    DictionaryError as DictionaryError,
    DictionaryFileError as DictionaryFileError,
    InternalError as InternalError,
    ZhproofError as ZhproofError,
)

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

__version__: str
CATEGORIES: tuple[str, ...]
SCRIPTS: tuple[str, ...]
SENSITIVE_PROFILES: tuple[str, ...]
DEFAULT_MAX_FINDINGS: int
DEFAULT_CONTEXT_MIN_CONFIDENCE: float

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
    standard: str | None

def rules() -> list[Rule]: ...
def explain(rule: str) -> str: ...

PathLike = Union[str, os.PathLike[str]]

@final
class Finding:
    """One problem found in a text."""

    @property
    def start(self) -> int:
        """Start in code points: ``text[f.start:f.end] == f.text``."""
    @property
    def end(self) -> int:
        """End in code points."""
    @property
    def byte_start(self) -> int:
        """Start in bytes of the UTF-8 encoding."""
    @property
    def byte_end(self) -> int:
        """End in bytes of the UTF-8 encoding."""
    @property
    def line(self) -> int:
        """1-based line of ``start``."""
    @property
    def column(self) -> int:
        """1-based column of ``start`` in code points."""
    @property
    def text(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def suggestions(self) -> list[str]: ...
    @property
    def message(self) -> str: ...
    @property
    def confidence(self) -> float | None:
        """How likely the finding is right (0–1), for rules that estimate it (``typo.idiom``);
        ``None`` for rule-exact findings."""
    def __new__(
        cls,
        start: int,
        end: int,
        byte_start: int,
        byte_end: int,
        line: int,
        column: int,
        text: str,
        category: str,
        rule: str,
        severity: str,
        suggestions: list[str],
        message: str,
        confidence: float | None = None,
    ) -> Finding: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

class Checker:
    def __init__(
        self,
        categories: Iterable[str] | str | None = None,
        skip: Iterable[str] | str = (),
        script: str = "zh-Hans",
        dictionaries: Iterable[PathLike] | PathLike = (),
        dictionary_texts: Iterable[str | tuple[str, str]] | str = (),
        allow: Iterable[str] = (),
        disabled_rules: Iterable[str] = (),
        builtin_dictionaries: bool = True,
        max_findings: int = 10000,
        enable_rules: Iterable[str] = (),
        sensitive_profile: str = "government",
        min_confidence: float = 0.0,
        context_min_confidence: float | None = None,
        group_threshold: int = 0,
        severity_overrides: Mapping[str, str] | None = None,
    ) -> None: ...
    @classmethod
    def from_config_json(cls, config_json: str) -> Checker: ...
    @classmethod
    def from_config(cls, path: str | os.PathLike[str], file: str | os.PathLike[str] | None = None) -> Checker: ...
    @property
    def config_json(self) -> str: ...
    @property
    def config(self) -> dict[str, Any]: ...
    def check(self, text: str) -> list[Finding]: ...
    def check_html(self, html: str, check_code: bool = False) -> list[Finding]: ...
    def mask(self, text: str) -> str: ...
    def check_iter(
        self,
        texts: Iterable[str],
        threads: int | None = None,
        batch_size: int | None = None,
        html: bool = False,
    ) -> Iterator[list[Finding]]: ...
    def check_many(
        self,
        texts: Iterable[str],
        threads: int | None = None,
        batch_size: int | None = None,
        html: bool = False,
    ) -> list[list[Finding]]: ...

def convert(text: str, to: str) -> str: ...
def mask(text: str) -> str: ...
