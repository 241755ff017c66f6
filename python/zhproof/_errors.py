"""Exceptions raised by zhproof (the extension raises these classes by name)."""

from __future__ import annotations

__all__ = [
    "ZhproofError",
    "ConfigError",
    "DictionaryError",
    "DictionaryFileError",
    "InternalError",
]


class ZhproofError(Exception):
    """Base class of every zhproof error."""


class ConfigError(ZhproofError, ValueError):
    """An invalid option (unknown category, script, negative limit…)."""


class DictionaryError(ZhproofError, ValueError):
    """A malformed dictionary line. ``str(e)`` is ``file:line: reason``; ``e.origin`` is the
    file path (or the name given to a dictionary passed as text) and ``e.line`` is 1-based."""

    origin: str | None = None
    line: int | None = None


class DictionaryFileError(ZhproofError, OSError):
    """A dictionary file that cannot be read or is not UTF-8 (``e.filename`` names it)."""


class InternalError(ZhproofError, RuntimeError):
    """A bug in zhproof (a Rust panic caught at the boundary). Please report it."""
