"""Fixtures for widget tests: a real traced IPython shell and a temporary artifact store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
from widget_helpers import TracedNotebook

from lineage_ext.kernel import extension


@pytest.fixture
def temp_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "store"
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(store))
    monkeypatch.delenv("LINEAGE_EXT_BLOBS", raising=False)
    return store


@pytest.fixture
def notebook(temp_store: Path) -> Iterator[TracedNotebook]:
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    shell.reset(new_session=False)
    extension.load(shell, persist=False)
    yield TracedNotebook(shell)
    extension.unload(shell)
