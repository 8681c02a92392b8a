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
def notebook(store_dir: Path) -> Iterator[TracedNotebook]:
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    shell.reset(new_session=False)
    extension.load(shell, persist=False)
    yield TracedNotebook(shell)
    extension.unload(shell)
