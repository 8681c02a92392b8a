"""The server's artifact list and "latest" show the notebook's versions, never a pipeline run's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lineage_ext.store import open_store


async def test_run_versions_and_internal_values_stay_out_of_the_browser(
    jp_fetch: Any, store_dir: Path
) -> None:
    store = open_store(str(store_dir))
    store.save_value({"rows": 3}, "clean_data")
    store.save_value({"rows": 99}, "clean_data", run_id="run-a")  # what an exported pipeline saves
    store.save_value([1, 2], "prepare__scaled", run_id="run-a")  # a value passed between its tasks
    store.close()

    listed = json.loads((await jp_fetch("lineage", "artifacts")).body)
    assert [(a["name"], a["version"]) for a in listed["artifacts"]] == [("clean_data", 1)]
    latest = json.loads((await jp_fetch("lineage", "artifacts", "clean_data", "latest")).body)
    assert latest["artifact"]["version"] == 1
    run_version = json.loads((await jp_fetch("lineage", "artifacts", "clean_data", "2")).body)
    assert run_version["artifact"]["version"] == 2  # still reachable by its number
