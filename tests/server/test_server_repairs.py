"""A repaired artifact: the list shows the "repaired" status, the detail shows the repaired slice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lineage_ext.ir.capture import Capture
from lineage_ext.store import open_store
from lineage_ext.store.repairs import RepairRecord


def _capture(name: str) -> Capture:
    graph: Any = {
        "format": "lineage_ext.graph/1",
        "session_id": "s",
        "kernel_id": None,
        "notebook_path": "n.ipynb",
        "revision": 1,
        "nodes": [{"id": f"var:{name}:1", "kind": "variable", "label": name, "name": name}],
        "edges": [],
        "cells": [],
    }
    return Capture("s", None, "n.ipynb", f"var:{name}:1", name, graph, f"{name} = 1\n", [], [], {})


async def test_the_detail_shows_the_repaired_slice(jp_fetch: Any, store_dir: Path) -> None:
    store = open_store(str(store_dir))
    store.save_value([1, 1], "data", capture=_capture("data"))
    added = ({"code": "helper.bump()", "kind": "method call", "why": "no link"},)
    record = RepairRecord(
        "data", 1, "repaired", "data = [1]\nhelper.bump()\n", "added 1", added, "method call"
    )
    store.set_repair(record, "repaired: it differed; added 1")
    store.close()
    listed = json.loads((await jp_fetch("lineage", "artifacts")).body)["artifacts"]
    assert listed[0]["verification"] == {"status": "repaired", "reason": "repaired: it differed; added 1"}
    detail = json.loads((await jp_fetch("lineage", "artifacts", "data", "1")).body)
    assert detail["code_error"] is None
    assert detail["code"] == record.annotated_code()
    assert detail["code"].endswith("data = [1]\nhelper.bump()\n")
