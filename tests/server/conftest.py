"""A real Jupyter server with lineage_ext loaded and its store in a temp folder."""

from __future__ import annotations

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
