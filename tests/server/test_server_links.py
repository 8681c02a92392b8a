"""Artifact detail lists the runs in other systems (MLflow) that saved or loaded the version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lineage_ext.store import open_store
from lineage_ext.store.links import ArtifactLink


async def test_detail_lists_run_links_and_deleting_drops_them(jp_fetch: Any, store_dir: Path) -> None:
    store = open_store(str(store_dir))
    store.save_value({"rows": 3}, "clean_data")
    url = "http://127.0.0.1:5000/#/experiments/1/runs/r1"
    store.add_link("clean_data", 1, ArtifactLink("mlflow", "output", "r1", url))
    store.add_link("clean_data", 1, ArtifactLink("mlflow", "output", "r1", url))  # kept once
    store.add_link("clean_data", 1, ArtifactLink("mlflow", "input", "r2"))
    response = await jp_fetch("lineage", "artifacts", "clean_data", "1")
    assert json.loads(response.body)["links"] == [
        {"system": "mlflow", "relation": "input", "ref": "r2", "url": None},
        {"system": "mlflow", "relation": "output", "ref": "r1", "url": url},
    ]
    store.delete("clean_data", 1)
    with store.metadata.read() as tx:
        assert tx.fetchall("SELECT COUNT(*) AS links FROM artifact_links") == [{"links": 0}]
    store.save_value({"rows": 4}, "clean_data")
    response = await jp_fetch("lineage", "artifacts", "clean_data", "2")
    assert json.loads(response.body)["links"] == []
    store.close()
