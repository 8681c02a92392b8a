"""The artifact and graph endpoints against a real server and a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from lineage_ext.ir import CellRun, GraphEditor, Node, SessionInfo
from lineage_ext.ir.staleness import stale_node_ids
from lineage_ext.store import open_store
from lineage_ext.store.sessions import SessionRecord


@pytest.fixture
def saved(store_dir: Path) -> None:
    store = open_store(str(store_dir))
    store.save_value({"rows": 3}, "clean_data")
    store.save_value({"rows": 4}, "clean_data")
    store.save_value([1, 2, 3], "model_scores")
    store.close()


async def get_json(jp_fetch: Any, *parts: str, **params: str) -> Any:
    response = await jp_fetch("lineage", *parts, params=params)
    assert response.code == 200
    return json.loads(response.body)


@pytest.mark.usefixtures("saved")
async def test_list_is_newest_first_and_filterable(jp_fetch: Any) -> None:
    listed = await get_json(jp_fetch, "artifacts")
    assert [(a["name"], a["version"]) for a in listed["artifacts"]] == [
        ("model_scores", 1),
        ("clean_data", 2),
        ("clean_data", 1),
    ]
    latest = await get_json(jp_fetch, "artifacts", q="clean", latest="1")
    assert [(a["name"], a["version"]) for a in latest["artifacts"]] == [("clean_data", 2)]


@pytest.mark.usefixtures("saved")
async def test_versions_and_detail(jp_fetch: Any) -> None:
    versions = await get_json(jp_fetch, "artifacts", "clean_data")
    assert [v["version"] for v in versions["versions"]] == [2, 1]
    detail = await get_json(jp_fetch, "artifacts", "clean_data", "1")
    assert detail["artifact"]["name"] == "clean_data"
    assert detail["artifact"]["version"] == 1
    assert detail["artifact"]["serializer"] == "json"
    assert detail["code"] is None
    assert "outside a traced session" in detail["code_error"]
    latest = await get_json(jp_fetch, "artifacts", "clean_data", "latest")
    assert latest["artifact"]["version"] == 2


@pytest.mark.usefixtures("saved")
async def test_delete_one_version_then_all(jp_fetch: Any) -> None:
    response = await jp_fetch("lineage", "artifacts", "clean_data", "1", method="DELETE")
    assert json.loads(response.body) == {"name": "clean_data", "deleted_versions": [1]}
    response = await jp_fetch("lineage", "artifacts", "clean_data", "all", method="DELETE")
    assert json.loads(response.body) == {"name": "clean_data", "deleted_versions": [2]}
    listed = await get_json(jp_fetch, "artifacts")
    assert [a["name"] for a in listed["artifacts"]] == ["model_scores"]


@pytest.mark.usefixtures("saved")
@pytest.mark.parametrize(
    ("parts", "code", "message"),
    [
        (("artifacts", "missing", "1"), 404, "missing"),
        (("artifacts", "clean_data", "9"), 404, "9"),
        (("artifacts", "clean_data", "zero"), 400, "positive integer"),
        (("artifacts", "..", "1"), 400, "must not contain"),
        (("graph",), 400, "since"),
    ],
)
async def test_bad_requests_get_clear_4xx(
    jp_fetch: Any, parts: tuple[str, ...], code: int, message: str
) -> None:
    params = {"since": "x"} if parts == ("graph",) else {}
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("lineage", *parts, params=params)
    assert info.value.code == code
    assert message in info.value.response.reason or message in info.value.response.body.decode()


async def test_graph_follows_revisions(jp_fetch: Any, store_dir: Path) -> None:
    empty = await get_json(jp_fetch, "graph", path="nb.ipynb")
    assert empty == {"changed": False, "revision": 0, "session_id": None, "graph": None, "stale": []}
    store = open_store(str(store_dir))
    graph = {"format": "lineage_ext.graph/1", "revision": 3, "nodes": [], "edges": [], "cells": []}
    store.put_session(SessionRecord("s1", "k1", "nb.ipynb", 3, graph))
    store.close()
    first = await get_json(jp_fetch, "graph", path="nb.ipynb")
    assert first["changed"] is True
    assert first["graph"] == graph
    assert first["session_id"] == "s1"
    again = await get_json(jp_fetch, "graph", path="nb.ipynb", since="3")
    assert again == {"changed": False, "revision": 3, "session_id": "s1", "graph": None, "stale": []}
    by_kernel = await get_json(jp_fetch, "graph", kernel_id="k1")
    assert by_kernel["revision"] == 3


def rerun_session() -> dict[str, Any]:
    """Cells A (a = 1) and B (b = a + 1), then A re-run: B's statement and b are stale."""
    builder = GraphEditor(SessionInfo("s3", "k3", "rerun.ipynb"))
    for run, cell_id, reads, name in [(1, "A", [], "a:1"), (2, "B", ["var:a:1"], "b:1"), (3, "A", [], "a:2")]:
        for cell in builder.cells():
            if cell.cell_id == cell_id:
                builder.replace_node(f"stmt:{cell.run}:0", superseded=True)
        builder.add_node(Node(f"stmt:{run}:0", "statement", name, cell_id=cell_id, run=run))
        builder.add_node(Node(f"var:{name}", "variable", name))
        builder.add_edge(f"stmt:{run}:0", f"var:{name}", "defines")
        for read in reads:
            builder.add_edge(read, f"stmt:{run}:0", "reads")
        builder.add_cell(CellRun(run, cell_id, run, name, run - 1, statement_ids=(f"stmt:{run}:0",)))
    return dict(builder.freeze().to_json())


async def test_graph_replies_carry_the_stale_nodes(jp_fetch: Any, store_dir: Path) -> None:
    store = open_store(str(store_dir))
    graph = rerun_session()
    store.put_session(SessionRecord("s3", "k3", "rerun.ipynb", graph["revision"], graph))
    store.close()
    whole = await get_json(jp_fetch, "graph", kernel_id="k3")
    assert whole["stale"] == ["stmt:2:0", "var:b:1"]
    assert whole["stale"] == sorted(stale_node_ids(whole["graph"]))  # the ir rule, on what was sent
    page = await get_json(jp_fetch, "graph", kernel_id="k3", page="0")
    assert page["stale"] == whole["stale"]


async def test_graph_by_api_path_finds_the_kernels_absolute_path(
    jp_fetch: Any, store_dir: Path, jp_root_dir: Path
) -> None:
    store = open_store(str(store_dir))
    graph = {"format": "lineage_ext.graph/1", "revision": 1, "nodes": [], "edges": [], "cells": []}
    store.put_session(SessionRecord("s2", "k2", str(jp_root_dir / "sub" / "nb.ipynb"), 1, graph))
    store.close()
    found = await get_json(jp_fetch, "graph", path="sub/nb.ipynb")
    assert found["session_id"] == "s2"
