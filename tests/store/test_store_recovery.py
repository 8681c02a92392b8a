"""A lost or corrupt metadata database is refused, never read as empty, and rebuilt from the manifests.

Real damage on real backends: SQLite + local folder (truncate, delete, garbage header, corrupted
pages) and PostgreSQL + S3 on moto (tables emptied or dropped). 100 versions go in, the database is
damaged, ``rebuild_store`` runs, and all 100 come back equal with their lineage.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import make_capture, postgres_schema_uri

from lineage_ext.cli import main
from lineage_ext.errors import StoreDamaged
from lineage_ext.store import ArtifactStore, open_store
from lineage_ext.store.check import check_store
from lineage_ext.store.rebuild import rebuild_store

Uris = tuple[str, str]
S3_BUCKET = "lineage-ext-tests"  # the bucket the s3_endpoint fixture creates (tests/store/conftest.py)


def save_100(store: ArtifactStore) -> dict[tuple[str, int], object]:
    """100 versions over 10 names, some with lineage, one deleted-and-gone name in between."""
    saved: dict[tuple[str, int], object] = {}
    for index in range(100):
        name = f"metric_{index % 10}"
        value = {"index": index, "values": list(range(index % 7))}
        inputs = [("metric_0", 1)] if index >= 10 and index % 10 else []
        capture = make_capture(name) if index % 25 == 0 else None
        info = store.save_value(value, name, capture=capture, inputs=inputs)
        saved[(name, info.version)] = value
    return saved


def assert_all_back(store: ArtifactStore, saved: dict[tuple[str, int], object]) -> None:
    assert len(store.list_artifacts()) == len(saved)
    for (name, version), value in saved.items():
        assert store.load_value(name, version) == value
    info = store.info("metric_3", 10)
    assert [(ref.name, ref.version) for ref in info.lineage.inputs] == [("metric_0", 1)]  # type: ignore[union-attr]
    assert store.get_session_code("metric_0", 1) == "metric_0 = compute()\n"
    assert store.save_value("next", "metric_3").version == 11  # numbering goes on, never reused


# ---- damage on SQLite ----


def _sqlite_file(uris: Uris) -> Path:
    return Path(uris[0]) / "metadata.sqlite"


def truncate(path: Path) -> None:
    path.write_bytes(b"")


def delete(path: Path) -> None:
    path.unlink()


def garbage_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = os.urandom(100)
    path.write_bytes(bytes(data))


def corrupt_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 4 * page, len(data)
    for start in range(page, len(data), 2 * page):  # every other page after the header page
        data[start + 8 : start + page] = os.urandom(page - 8)
    path.write_bytes(bytes(data))


SQLITE_DAMAGE = [truncate, delete, garbage_header, corrupt_pages]


@pytest.fixture
def sqlite_uris(tmp_path: Path) -> Uris:
    return str(tmp_path / "store"), str(tmp_path / "store" / "blobs")


@pytest.mark.parametrize("damage", SQLITE_DAMAGE, ids=lambda f: f.__name__)
def test_sqlite_damage_is_refused_then_rebuilt(damage: Callable[[Path], None], sqlite_uris: Uris) -> None:
    store = open_store(*sqlite_uris)
    saved = save_100(store)
    store.close()  # checkpoints the WAL: the damage hits the only copy
    blobs_before = sorted(p.name for p in Path(sqlite_uris[1], "sha256").rglob("*"))
    damage(_sqlite_file(sqlite_uris))

    damaged = open_store(*sqlite_uris)
    with pytest.raises(StoreDamaged, match="store rebuild"):
        damaged.list_artifacts()
    with pytest.raises(StoreDamaged):
        damaged.save_value(1, "metric_1")  # never version 1 again
    with pytest.raises(StoreDamaged):
        damaged.gc(grace_seconds=0)
    damaged.close()
    assert (
        sorted(p.name for p in Path(sqlite_uris[1], "sha256").rglob("*")) == blobs_before
    )  # gc deleted nothing
    assert not check_store(*sqlite_uris).ok

    report = rebuild_store(*sqlite_uris)
    assert report.restored_versions == 100
    assert check_store(*sqlite_uris).ok
    rebuilt = open_store(*sqlite_uris)
    try:
        assert_all_back(rebuilt, saved)
    finally:
        rebuilt.close()


# ---- damage on PostgreSQL + S3 ----


@pytest.fixture
def pg_s3_uris(postgres_uri: str, s3_endpoint: str) -> Uris:
    import uuid

    return postgres_schema_uri(postgres_uri), f"s3://{S3_BUCKET}/{uuid.uuid4().hex}"


def _pg_execute(uri: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)  # type: ignore[arg-type]


PG_DAMAGE = {
    "tables_emptied": ("DELETE FROM artifact_inputs", "DELETE FROM artifacts", "DELETE FROM artifact_names",
                       "DELETE FROM store_meta"),
    "tables_dropped": ("DROP TABLE artifact_inputs", "DROP TABLE artifacts", "DROP TABLE artifact_names",
                       "DROP TABLE store_meta"),
}  # fmt: skip


@pytest.mark.postgres
@pytest.mark.s3
@pytest.mark.parametrize("damage", sorted(PG_DAMAGE))
def test_postgres_s3_damage_is_refused_then_rebuilt(damage: str, pg_s3_uris: Uris) -> None:
    store = open_store(*pg_s3_uris)
    saved = save_100(store)
    store.close()
    _pg_execute(pg_s3_uris[0], *PG_DAMAGE[damage])

    damaged = open_store(*pg_s3_uris)
    with pytest.raises(StoreDamaged, match="store rebuild"):
        damaged.info("metric_1")
    with pytest.raises(StoreDamaged):
        damaged.gc(grace_seconds=0)
    damaged.close()

    assert rebuild_store(*pg_s3_uris).restored_versions == 100
    rebuilt = open_store(*pg_s3_uris)
    try:
        assert_all_back(rebuilt, saved)
    finally:
        rebuilt.close()


# ---- an older database, gc, upgrades, temp files ----


def test_gc_deletes_nothing_when_the_database_is_older_than_the_blobs(sqlite_uris: Uris) -> None:
    store = open_store(*sqlite_uris)
    store.save_value({"v": 1}, "model")
    store.close()
    shutil.copy(_sqlite_file(sqlite_uris), _sqlite_file(sqlite_uris).with_name("backup.sqlite"))
    store = open_store(*sqlite_uris)
    store.save_value({"v": 2}, "model")
    store.save_value({"v": 3}, "model")
    store.close()
    os.replace(
        _sqlite_file(sqlite_uris).with_name("backup.sqlite"), _sqlite_file(sqlite_uris)
    )  # restored backup

    old = open_store(*sqlite_uris)
    with pytest.raises(StoreDamaged, match="older than the blobs"):
        old.gc(grace_seconds=0)
    old.close()
    rebuild_store(*sqlite_uris)
    store = open_store(*sqlite_uris)
    assert [store.load_value("model", v) for v in (1, 2, 3)] == [{"v": 1}, {"v": 2}, {"v": 3}]
    store.close()


def test_deleted_versions_lose_their_manifest_in_gc(sqlite_uris: Uris) -> None:
    store = open_store(*sqlite_uris)
    store.save_value("a", "x")
    store.save_value("b", "x")
    store.delete("x", 1)
    report = store.gc(grace_seconds=0)
    assert (report.removed_blobs, report.removed_manifests) == (1, 1)
    store.close()
    rebuild_store(*sqlite_uris)
    store = open_store(*sqlite_uris)
    assert [info.version for info in store.versions("x")] == [2]
    store.close()


def test_a_store_without_manifests_gets_them_from_check_fix(
    sqlite_uris: Uris, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(*sqlite_uris)
    for index in range(5):
        store.save_value(index, "n")
    store.close()
    # what a store made before manifests and identity records looks like
    shutil.rmtree(Path(sqlite_uris[1], "manifests"))
    Path(sqlite_uris[1], "store_identity.json").unlink()
    _forget_store_id(_sqlite_file(sqlite_uris))

    assert main(["store", "check", "--store", sqlite_uris[0], "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["versions"], found["missing_manifests"], found["written_manifests"]) == (5, 5, 0)
    assert main(["store", "check", "--store", sqlite_uris[0], "--fix", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["written_manifests"] == 5

    truncate(_sqlite_file(sqlite_uris))
    assert main(["store", "check", "--store", sqlite_uris[0]]) == 1
    assert "store rebuild" in capsys.readouterr().out
    assert main(["store", "rebuild", "--store", sqlite_uris[0], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["restored_versions"] == 5
    store = open_store(*sqlite_uris)
    assert [store.load_value("n", v) for v in range(1, 6)] == [0, 1, 2, 3, 4]
    store.close()


def _forget_store_id(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM store_meta WHERE key = 'store_id'")
    connection.close()


def test_check_reports_temp_files_of_killed_saves_and_gc_removes_them(sqlite_uris: Uris) -> None:
    store = open_store(*sqlite_uris)
    store.save_value("kept", "x")
    writer = store.blobs.new_writer()  # a save killed half-way: its temp file stays
    writer.write(b"half a value")
    writer.flush()
    [manifest_file] = Path(sqlite_uris[1], "manifests").rglob("*.json")
    half_manifest = manifest_file.with_name(".0123abcd.part")  # a manifest write killed before its rename
    half_manifest.write_bytes(b'{"name": "x"')
    old = time.time() - 7200
    for path in (writer.temp_path, half_manifest):
        os.utime(path, (old, old))
    found = check_store(*sqlite_uris)
    assert found.ok  # a notice, not damage
    assert sorted(item["path"] for item in found.temp_files) == sorted([writer.temp_path, str(half_manifest)])
    assert store.gc(grace_seconds=3600).removed_temp_files == 2
    assert not os.path.exists(writer.temp_path)
    assert not half_manifest.exists()
    assert check_store(*sqlite_uris).temp_files == []
    assert store.load_value("x") == "kept"
    store.close()
