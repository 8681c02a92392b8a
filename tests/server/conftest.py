"""A real Jupyter server with lineage_ext loaded and its store in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
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
