"""A real Jupyter server with lineage_ext loaded and its store in a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "lineage-store"


@pytest.fixture
def jp_server_config(store_dir: Path) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"lineage_ext": True}},
        "LineageExt": {"store_uri": str(store_dir), "export_kernel_env": False},
    }


@pytest.fixture(autouse=True)
def _stop_lineage_workers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test's server gets its own snapshot worker processes: stop them with it (before it stops)."""
    app = request.getfixturevalue("jp_serverapp") if "jp_serverapp" in request.fixturenames else None
    yield
    offload = None if app is None else app.web_app.settings.get("lineage_ext.offload")
    if offload is not None:
        offload.close()


TOTAL_SCRIPT = """
import lineage_ext
rows = 5
data = [i * i for i in range(rows)]
total = sum(data)
lineage_ext.save(total, "total")
"""


@pytest.fixture
def traced_total(store_dir: Path, tmp_path: Path) -> None:
    """An artifact ``total`` saved by a really traced script (so it can be exported)."""
    run_traced_script(TOTAL_SCRIPT, store_dir, tmp_path)


@pytest.fixture
def traced_script(store_dir: Path, tmp_path: Path) -> Callable[[str], None]:
    """``traced_script(source)`` runs ``source`` traced, saving into the server's store."""
    return lambda source: run_traced_script(source, store_dir, tmp_path)


def run_traced_script(source: str, store_dir: Path, tmp_path: Path) -> None:
    """Run ``source`` as a traced script (``lineage-ext python``) saving into ``store_dir``."""
    script = tmp_path / "make_total.py"
    script.write_text(source)
    env = {**os.environ, "LINEAGE_EXT_STORE": str(store_dir), "LINEAGE_EXT_VERIFY": "0"}
    subprocess.run(
        [sys.executable, "-m", "lineage_ext.cli", "python", str(script)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
