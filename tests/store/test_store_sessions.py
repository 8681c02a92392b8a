"""Session graphs stored incrementally (snapshot + change sets) and call traces, on every backend."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lineage_ext.errors import TraceNotFound
from lineage_ext.ir import GraphEditor, Node, SessionInfo
from lineage_ext.store import ArtifactStore, SessionRecord, open_store
from lineage_ext.store.sessions import SessionNotFound


def _record(builder: GraphEditor) -> SessionRecord:
    graph = builder.freeze()
    return SessionRecord("s1", "k1", "a.ipynb", graph.revision, dict(graph.to_json()))


def test_change_sets_are_applied_on_read_and_dropped_by_a_newer_snapshot(store: ArtifactStore) -> None:
    builder = GraphEditor(SessionInfo("s1", "k1", "a.ipynb"), track_changes=True)
    builder.add_node(Node("a", "variable", "a"))
    builder.take_changes()
    store.put_session(_record(builder))
    for step in range(5):
        builder.add_node(Node(f"s{step}", "statement", f"step {step}", run=step))
        builder.add_edge("a", f"s{step}", "reads")
        builder.replace_node("a", label=f"a after {step}")
        store.append_session_changes("s1", [dict(builder.take_changes().to_json())])
    assert store.pending_session_changes("s1") == 5
    head = store.latest_session(notebook_path="a.ipynb", graph=False)
    assert head is not None
    assert head.revision == builder.revision
    assert head.graph_json == {}
    record = store.get_session("s1")
    assert record is not None
    assert record.graph_json == builder.freeze().to_json()
    assert store.latest_session(kernel_id="k1").graph_json == builder.freeze().to_json()  # type: ignore[union-attr]

    store.put_session(_record(builder))  # compaction: the snapshot now holds every change
    assert store.pending_session_changes("s1") == 0
    assert store.get_session("s1").graph_json == builder.freeze().to_json()  # type: ignore[union-attr]


def test_changes_without_a_snapshot_are_refused(store: ArtifactStore) -> None:
    builder = GraphEditor(SessionInfo("nobody"), track_changes=True)
    builder.add_node(Node("a", "variable", "a"))
    with pytest.raises(SessionNotFound, match="no snapshot"):
        store.append_session_changes("nobody", [dict(builder.take_changes().to_json())])
    assert store.get_session("nobody") is None


def test_traces_round_trip_and_unknown_or_bad_ids_fail_clearly(store: ArtifactStore) -> None:
    trace = {"version": 1, "trace_id": "t-1", "stages": [], "total_calls": 0}
    store.put_trace("s1", trace)
    store.put_trace("s1", {**trace, "total_calls": 2})  # the same trace again replaces it
    record = store.get_trace("t-1")
    assert (record.session_id, record.trace_json["total_calls"]) == ("s1", 2)
    with pytest.raises(TraceNotFound, match="no call trace 'missing'"):
        store.get_trace("missing")
    with pytest.raises(ValueError, match="not a trace id"):
        store.get_trace("../etc/passwd")


def test_a_store_from_schema_1_gains_the_new_tables(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    database = folder / "metadata.sqlite"
    old = sqlite3.connect(database)
    old.execute("CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    old.execute("INSERT INTO store_meta VALUES ('schema_version', '1')")
    old.execute(
        "CREATE TABLE sessions (session_id TEXT PRIMARY KEY, kernel_id TEXT, notebook_path TEXT, "
        "revision INTEGER NOT NULL, graph_json TEXT NOT NULL, updated REAL NOT NULL)"
    )
    old.execute("INSERT INTO sessions VALUES ('s0', NULL, 'old.ipynb', 4, '{\"nodes\": []}', 1.0)")
    old.commit()
    old.close()
    store = open_store(str(folder))
    try:
        assert store.metadata.describe() == str(database)
        assert store.get_session("s0").graph_json == {"nodes": []}  # type: ignore[union-attr]
        store.put_trace("s0", {"trace_id": "t", "stages": []})
        assert store.get_trace("t").session_id == "s0"
        with store.metadata.read() as tx:
            assert tx.fetchone("SELECT value FROM store_meta WHERE key = 'schema_version'") == {"value": "3"}
            assert tx.fetchone("SELECT COUNT(*) AS outputs FROM run_outputs") == {
                "outputs": 0
            }  # schema 3's pipeline runs
    finally:
        store.close()
