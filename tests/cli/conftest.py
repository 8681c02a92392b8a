"""CLI fixtures: a temporary store and ``cli(...)``, which runs ``lineage-ext`` in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import CLI, ENTRY, Result, base_env


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def cli(store: Path, tmp_path: Path) -> CLI:
    def run(*args: str, cwd: Path | None = None, timeout: float = 120) -> Result:
        completed = subprocess.run(
            [sys.executable, "-c", ENTRY, *args],
            cwd=cwd or tmp_path,
            env=base_env(store),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return Result(completed)

    return run
