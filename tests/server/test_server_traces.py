"""``/lineage/traces/<id>`` and incremental session graphs, served by a real Jupyter server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from lineage_ext.ir import GraphEditor, Node, SessionInfo
from lineage_ext.store import open_store
from lineage_ext.store.sessions import SessionRecord

TRACE = {
    "version": 1,
    "trace_id": "abc123",
    "started_at": 1.0,
    "duration_ns": 5,
    "limit": None,
    "finished": True,
    "total_calls": 0,
    "dropped_calls": 0,
    "stages": [],
}


async def test_a_stored_trace_is_served_by_id(jp_fetch: Any, store_dir: Path) -> None:
    store = open_store(str(store_dir))
    store.put_trace("s1", TRACE)
    store.close()
    response = await jp_fetch("lineage", "traces", "abc123")
    assert json.loads(response.body) == {"session_id": "s1", "trace": TRACE}


@pytest.mark.parametrize(
    ("trace_id", "code", "message"), [("nope", 404, "no call trace"), ("a%20b", 400, "not a trace id")]
)
async def test_unknown_or_malformed_trace_ids_get_clear_errors(
    jp_fetch: Any, trace_id: str, code: int, message: str
) -> None:
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch("lineage", "traces", trace_id)
    assert info.value.code == code
    assert message in (info.value.response.reason or "") + info.value.response.body.decode()


async def test_the_graph_endpoint_serves_snapshot_plus_change_sets(jp_fetch: Any, store_dir: Path) -> None:
    builder = GraphEditor(SessionInfo("s1", "k1", "nb.ipynb"), track_changes=True)
    builder.add_node(Node("a", "variable", "a"))
    builder.take_changes()
    store = open_store(str(store_dir))
    graph = builder.freeze()
    store.put_session(SessionRecord("s1", "k1", "nb.ipynb", graph.revision, dict(graph.to_json())))
    builder.add_node(Node("stmt", "statement", "print(a)", run=1))
    builder.add_edge("a", "stmt", "reads")
    store.append_session_changes("s1", [dict(builder.take_changes().to_json())])
    store.close()
    response = json.loads((await jp_fetch("lineage", "graph", params={"path": "nb.ipynb"})).body)
    assert response["revision"] == builder.revision
    assert response["graph"] == builder.freeze().to_json()
    unchanged = await jp_fetch(
        "lineage", "graph", params={"path": "nb.ipynb", "since": str(builder.revision)}
    )
    assert json.loads(unchanged.body)["changed"] is False
