"""Fixtures shared by every test area."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Saves from traced sessions start a background re-run of their slice; tests of other areas do not want
# those subprocesses. The slicing tests call verification directly, and set this themselves where needed.
os.environ.setdefault("LINEAGE_EXT_VERIFY", "0")

pytest_plugins = ["pytest_jupyter.jupyter_server"]


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store folder that this process (and any process it starts) saves to."""
    folder = tmp_path / "store"
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(folder))
    monkeypatch.delenv("LINEAGE_EXT_BLOBS", raising=False)
    return folder
