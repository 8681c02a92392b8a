"""Slice repairs in the store: recorded with the verification status in one step, on every backend;
stores made before repairs existed gain the table when opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_helpers import make_capture

from lineage_ext.errors import ArtifactNotFound
from lineage_ext.store import ArtifactStore, open_store
from lineage_ext.store.repairs import RepairRecord

ADDED = ({"code": "helper.bump()", "kind": "method call", "why": "no link"},)


def test_a_repair_sets_the_status_and_is_listed(store: ArtifactStore) -> None:
    store.save_value([1, 1], "data", capture=make_capture("data"))
    store.save_value([2], "other", capture=make_capture("other"))
    repaired = RepairRecord("data", 1, "repaired", "data = [1]\nbump()\n", "added 1", ADDED, "method call")
    store.set_repair(repaired, "repaired: it differed; added 1")
    store.set_repair(RepairRecord("other", 1, "failed", "other = [1]\n", "out of time"), "differed; failed")
    info = store.info("data", 1)
    assert (info.verification_status, info.verification_reason) == (
        "repaired",
        "repaired: it differed; added 1",
    )
    assert store.info("other", 1).verification_status == "failed"
    got = store.get_repair("data", 1)
    assert got is not None
    assert (got.state, got.code, got.pattern, tuple(got.added)) == (
        "repaired",
        repaired.code,
        "method call",
        ADDED,
    )
    assert got.created > 0
    assert {(r.name, r.state) for r in store.list_repairs()} == {("data", "repaired"), ("other", "failed")}
    assert store.get_repair("data", 2) is None
    with pytest.raises(ArtifactNotFound):
        store.set_repair(RepairRecord("missing", 1, "failed", "", "x"), "x")


def test_annotated_code_says_which_state() -> None:
    repaired = RepairRecord("data", 1, "repaired", "data = [1]\n", "added 1 statement(s)", ADDED)
    assert repaired.annotated_code().splitlines() == [
        "# repaired slice: the traced slice did not reproduce the value; added 1 statement(s):",
        "#   helper.bump()  (method call)",
        "data = [1]",
    ]
    failed = RepairRecord("data", 1, "failed", "data = [1]\n", "out of time")
    assert failed.annotated_code().startswith("# verification failed and repair did not help: out of time\n")


def test_a_schema_2_store_gains_the_repairs_table(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    store = open_store(str(folder))
    store.save_value([1], "data", capture=make_capture("data"))
    store.close()
    old = sqlite3.connect(folder / "metadata.sqlite")
    old.execute("DROP TABLE artifact_repairs")
    old.execute("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'")
    old.commit()
    old.close()
    store = open_store(str(folder))
    try:
        assert store.info("data", 1).verification_status == "pending"  # nothing lost
        store.set_repair(RepairRecord("data", 1, "repaired", "data = [1]\n", "added 0"), "repaired")
        assert store.get_repair("data", 1) is not None
        with store.metadata.read() as tx:
            assert tx.fetchone("SELECT value FROM store_meta WHERE key = 'schema_version'") == {"value": "3"}
    finally:
        store.close()
