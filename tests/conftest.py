"""Shared fixtures: a fresh migrated store per test, the fixture folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The folder of real test files (see tests/fixtures/README.md for provenance)."""
    return FIXTURES


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """URL of a new SQLite store file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def store(store_url: str):
    """A freshly opened and migrated store, disposed after the test."""
    from models.store import open_store

    s = open_store(store_url)
    yield s
    s.dispose()


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):
    """Create the QApplication first: commands run in-process reuse it instead of making a QCoreApplication."""
    return qapp
