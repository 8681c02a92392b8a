"""The contract every backend combination must meet (SQLite/PostgreSQL x local/S3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from store_helpers import corrupt_blob, make_capture

from lineage_ext.errors import (
    ArtifactNotFound,
    CorruptBlob,
    InvalidArtifactName,
    SerializationError,
    VersionNotFound,
)
from lineage_ext.store import ArtifactStore, LineageRef, SessionRecord, open_store


def test_save_and_load_round_trip_with_increasing_versions(store: ArtifactStore) -> None:
    first = store.save_value({"rows": [1, 2, 3]}, "config")
    second = store.save_value({"rows": [4]}, "config")
    assert (first.version, second.version) == (1, 2)
    assert store.load_value("config") == {"rows": [4]}
    assert store.load_value("config", 1) == {"rows": [1, 2, 3]}
    assert [info.version for info in store.versions("config")] == [1, 2]


def test_info_describes_a_value_saved_outside_a_session(store: ArtifactStore) -> None:
    before = datetime.now(UTC)
    saved = store.save_value([1, 2, 3], "numbers")
    info = store.info("numbers")
    assert info == saved._replace(lineage=info.lineage)
    assert info.name == "numbers"
    assert info.version == 1
    assert before - timedelta(seconds=1) <= info.date_created <= datetime.now(UTC) + timedelta(seconds=1)
    assert (info.type_name, info.serializer, info.size_bytes) == ("list", "json", len(b"[1,2,3]"))
    assert info.preview == {"type": "list", "kind": "collection", "length": 3, "repr": "[1, 2, 3]"}
    assert not info.code_captured
    assert not info.has_graph_snapshot
    assert info.verification_status == "not_applicable"
    assert info.lineage is not None
    assert info.lineage.inputs == ()
    assert info.lineage.outputs == ()
    assert store.get_graph_snapshot("numbers") is None
    assert store.get_session_code("numbers") is None


def test_missing_names_and_versions_raise_clear_errors(store: ArtifactStore) -> None:
    with pytest.raises(ArtifactNotFound, match="no artifact named 'ghost'"):
        store.info("ghost")
    store.save_value(1, "one")
    with pytest.raises(VersionNotFound, match="has no version 5; existing versions: 1"):
        store.load_value("one", 5)
    with pytest.raises(InvalidArtifactName):
        store.save_value(1, "../escape")


def test_listing_is_newest_first_and_filters(store: ArtifactStore) -> None:
    store.save_value(1, "train_data")
    store.save_value(2, "model")
    store.save_value(3, "train_data")
    store.save_value(4, "scores", capture=make_capture("scores", notebook="eval.ipynb"))
    listed = [(info.name, info.version) for info in store.list_artifacts()]
    assert listed == [("scores", 1), ("train_data", 2), ("model", 1), ("train_data", 1)]
    assert [(i.name, i.version) for i in store.list_artifacts(name_contains="TRAIN")] == [
        ("train_data", 2),
        ("train_data", 1),
    ]
    assert [i.name for i in store.list_artifacts(name_contains="_")] == ["train_data", "train_data"]
    assert [i.name for i in store.list_artifacts(notebook_path="eval.ipynb")] == ["scores"]
    assert [(i.name, i.version) for i in store.list_artifacts(latest_only=True)] == [
        ("scores", 1),
        ("train_data", 2),
        ("model", 1),
    ]
    assert all(info.lineage is None for info in store.list_artifacts())


def test_delete_one_latest_and_all_never_reuses_versions(store: ArtifactStore) -> None:
    for value in range(4):
        store.save_value(value, "counter")
    assert store.delete("counter", 2) == [2]
    assert store.delete("counter", "latest") == [4]
    assert [i.version for i in store.versions("counter")] == [1, 3]
    assert store.save_value(99, "counter").version == 5
    assert store.delete("counter", "all") == [1, 3, 5]
    with pytest.raises(ArtifactNotFound):
        store.versions("counter")
    with pytest.raises(ArtifactNotFound):
        store.delete("counter", "all")
    with pytest.raises(ValueError, match="latest"):
        store.delete("counter", "newest")


def test_capture_records_code_graph_and_lineage(store: ArtifactStore) -> None:
    store.save_value([1, 2], "raw")
    store.save_value(
        {"mean": 1.5},
        "summary",
        capture=make_capture("summary", inputs=[("raw", 1)], files=[("data/in.csv", "ab" * 32)]),
    )
    info = store.info("summary")
    assert info.code_captured
    assert info.has_graph_snapshot
    assert (info.session_id, info.kernel_id, info.notebook_path) == (
        "session-1",
        "kernel-1",
        "analysis.ipynb",
    )
    assert (info.node_id, info.variable_name, info.verification_status) == ("v:summary", "summary", "pending")
    assert info.lineage is not None
    assert info.lineage.inputs == (
        LineageRef("artifact", "raw", 1),
        LineageRef("file", "data/in.csv", None, "ab" * 32),
    )
    assert info.lineage.packages == {"pandas": "3.1.1"}
    raw_info = store.info("raw")
    assert raw_info.lineage is not None
    assert raw_info.lineage.outputs == (LineageRef("artifact", "summary", 1),)
    assert store.get_session_code("summary") == "summary = compute()\n"
    snapshot = store.get_graph_snapshot("summary")
    assert snapshot is not None
    assert snapshot["nodes"] == [{"id": "v:summary", "kind": "variable"}]


def test_query_by_input_and_output_artifacts(store: ArtifactStore) -> None:
    store.save_value(1, "raw")
    store.save_value(2, "raw")
    store.save_value(10, "clean", capture=make_capture("clean", inputs=[("raw", 1)]))
    store.save_value(20, "clean", capture=make_capture("clean", inputs=[("raw", 2)]))
    store.save_value(30, "model", capture=make_capture("model", inputs=[("clean", 2), ("raw", 2)]))
    store.save_value(40, "report", capture=make_capture("report", files=[("out.csv", "cd" * 32)]))

    def names(found: list[Any]) -> list[tuple[str, int]]:
        return [(info.name, info.version) for info in found]

    assert names(store.query(input_artifacts=[("raw", None)])) == [("model", 1), ("clean", 2), ("clean", 1)]
    assert names(store.query(input_artifacts=[("raw", 1)])) == [("clean", 1)]
    assert names(store.query(input_artifacts=[("raw", 2), ("clean", None)])) == [("model", 1)]
    assert names(store.query(output_artifacts=[("model", 1)])) == [("clean", 2), ("raw", 2)]
    assert names(store.query(output_artifacts=[("clean", None)])) == [("raw", 2), ("raw", 1)]
    assert names(store.query(input_files=["out.csv"])) == [("report", 1)]
    assert store.query(input_artifacts=[("nothing", None)]) == []


def test_gc_removes_only_unreferenced_blobs_after_the_grace_period(store: ArtifactStore) -> None:
    shared = store.save_value({"same": True}, "a")
    store.save_value({"same": True}, "b")  # identical content: one blob, two references
    only = store.save_value({"only": "c"}, "c")
    store.save_value(5, "d", capture=make_capture("d"))
    store.delete("a", "all")
    store.delete("c", "all")
    kept = store.gc(grace_seconds=3600)
    assert (kept.removed_blobs, kept.kept_in_grace) == (0, 1)
    progress: list[tuple[int, int]] = []
    report = store.gc(grace_seconds=0, progress=lambda done, total: progress.append((done, total)))
    assert report.removed_blobs == 1
    assert report.freed_bytes == only.size_bytes
    assert progress[-1] == (report.scanned, report.scanned)
    assert store.load_value("b") == {"same": True}
    assert store.blobs.exists(shared.blob_hash)
    assert not store.blobs.exists(only.blob_hash)
    assert store.get_graph_snapshot("d") is not None


def test_corrupt_blob_is_detected_on_read(store: ArtifactStore) -> None:
    info = store.save_value({"precious": [1, 2, 3]}, "precious")
    corrupt_blob(store, info.blob_hash)
    with pytest.raises(CorruptBlob, match="corrupt"):
        store.load_value("precious")


def test_unserializable_value_writes_nothing(store: ArtifactStore) -> None:
    store.save_value(1, "existing")
    blobs_before = sorted(entry.digest or "" for entry in store.blobs.entries())
    with pytest.raises(SerializationError, match=r"generator cannot be saved.*save list\(value\)"):
        store.save_value((n for n in range(3)), "broken")
    with pytest.raises(SerializationError, match="cannot be saved"):
        store.save_value(lambda: 1, "broken", storage_backend="pickle")
    assert sorted(entry.digest or "" for entry in store.blobs.entries()) == blobs_before
    with pytest.raises(ArtifactNotFound):
        store.info("broken")
    assert store.save_value(2, "broken").version == 1


def test_verification_status_is_recorded(store: ArtifactStore) -> None:
    store.save_value(1, "x", capture=make_capture("x"))
    store.set_verification("x", 1, "failed", "KeyError: 'c' in line 3")
    info = store.info("x")
    assert (info.verification_status, info.verification_reason) == ("failed", "KeyError: 'c' in line 3")
    with pytest.raises(ValueError, match="verification status"):
        store.set_verification("x", 1, "great")
    with pytest.raises(VersionNotFound):
        store.set_verification("x", 2, "verified")


def test_session_graphs_upsert_by_revision(store: ArtifactStore) -> None:
    store.put_session(SessionRecord("s1", "k1", "a.ipynb", 2, {"nodes": [2]}))
    store.put_session(SessionRecord("s1", "k1", "a.ipynb", 1, {"nodes": [1]}))  # stale: ignored
    store.put_session(SessionRecord("s2", "k2", "b.ipynb", 1, {"nodes": ["b"]}))
    record = store.get_session("s1")
    assert record is not None
    assert (record.revision, record.graph_json) == (2, {"nodes": [2]})
    assert record.updated_at is not None
    store.put_session(SessionRecord("s1", "k1", "a.ipynb", 3, {"nodes": [3]}))
    latest_a = store.latest_session(notebook_path="a.ipynb")
    assert latest_a is not None
    assert latest_a.graph_json == {"nodes": [3]}
    latest_k2 = store.latest_session(kernel_id="k2")
    assert latest_k2 is not None
    assert latest_k2.session_id == "s2"
    assert store.latest_session(notebook_path="missing.ipynb") is None
    assert store.get_session("missing") is None
    assert sorted(r.session_id for r in store.list_sessions()) == ["s1", "s2"]


def test_two_stores_in_one_process_stay_independent(store: ArtifactStore, tmp_path: Path) -> None:
    local_store = open_store(str(tmp_path / "second"))
    store.save_value("in the first", "thing")
    local_store.save_value("in the second", "thing")
    local_store.save_value("again", "thing")
    assert store.load_value("thing") == "in the first"
    assert [i.version for i in local_store.versions("thing")] == [1, 2]
