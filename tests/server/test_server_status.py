"""GET /lineage/status against a real server, and the extension's registration."""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

import lineage_ext


async def test_status_reports_version_and_store(jp_fetch: Any, store_dir: Path) -> None:
    response = await jp_fetch("lineage", "status")
    assert response.code == 200
    body = json.loads(response.body)
    assert body == {
        "version": lineage_ext.__version__,
        "store_uri": str(store_dir),
        "blob_uri": str(store_dir / "blobs"),
        "python": platform.python_version(),
        "kernels_running": 0,
        "kernels_traced": 0,
        "sessions_recorded": 0,
    }


def test_entry_points_name_the_built_extension() -> None:
    assert lineage_ext._jupyter_server_extension_points() == [{"module": "lineage_ext"}]
    (path,) = lineage_ext._jupyter_labextension_paths()
    assert path["dest"] == "lineage-ext"
    built = Path(lineage_ext.__file__).parent / path["src"] / "package.json"
    assert json.loads(built.read_text())["name"] == "lineage-ext"
