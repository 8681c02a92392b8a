"""The server never unpickles: a pickled artifact whose loading would leave a trace is served as metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lineage_ext.store import open_store


def _leave_trace(path: str) -> str:
    Path(path).write_text("unpickled")
    return "trap"


class Trap:
    """Unpickling it writes a marker file (what a malicious pickle could do, harmlessly)."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return _leave_trace, (self.marker,)


async def test_artifact_routes_never_unpickle(jp_fetch: Any, store_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "unpickled.txt"
    store = open_store(str(store_dir))
    info = store.save_value(Trap(marker), "trap")
    assert info.serializer == "cloudpickle"
    assert store.load_value("trap") == "trap"  # the trap works when a value is loaded...
    marker.unlink()
    store.close()
    listed = json.loads((await jp_fetch("lineage", "artifacts")).body)
    assert [(a["name"], a["serializer"]) for a in listed["artifacts"]] == [("trap", "cloudpickle")]
    for parts in (("artifacts", "trap"), ("artifacts", "trap", "1"), ("artifacts", "trap", "latest")):
        response = await jp_fetch("lineage", *parts)
        assert response.code == 200
    assert not marker.exists()  # ...and the server never loaded it
