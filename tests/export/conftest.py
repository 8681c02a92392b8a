"""Fixtures for the export tests: the engine venvs (from tests/engines) and a private store per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engines.fixtures import engine_python

__all__ = ["engine_python"]


@pytest.fixture
def artifact_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, real artifact store (SQLite + local blobs) for this test and its engine processes."""
    store = tmp_path / "store"
    store.mkdir()
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(store))
    monkeypatch.delenv("LINEAGE_EXT_BLOBS", raising=False)
    monkeypatch.setenv("LINEAGE_EXT_TASK_IO", "store")
    return store


@pytest.fixture
def folder_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder store for this test, used by task_io in this process and in engine processes."""
    store = tmp_path / "store"
    store.mkdir()
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(store))
    monkeypatch.setenv("LINEAGE_EXT_TASK_IO", "folder")
    return store
