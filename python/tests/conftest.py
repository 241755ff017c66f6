"""Shared fixtures: the repository root, the shared data dir, a default checker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import zhproof

REPO = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path | None:
    """ZHPROOF_SHARED, else <repo>/../shared, else /work/shared (its data/ subfolder)."""
    candidates = []
    if os.environ.get("ZHPROOF_SHARED"):
        candidates.append(Path(os.environ["ZHPROOF_SHARED"]))
    candidates += [REPO.parent / "shared", Path("/work/shared")]
    for c in candidates:
        if (c / "data").is_dir():
            return c / "data"
    return None


@pytest.fixture(scope="session")
def checker() -> zhproof.Checker:
    return zhproof.Checker()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
