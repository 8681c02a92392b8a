"""``rebuild_store``: a new metadata database built from the version manifests beside the blobs.

Run when ``StoreDamaged`` says the database was truncated, deleted, replaced or corrupted. A SQLite
file is first moved aside (``metadata.sqlite.damaged-<time>``, with its ``-wal``/``-shm``), never
deleted; on PostgreSQL the artifact tables are emptied and refilled in one transaction. Every valid
manifest becomes its row again, under its own version number, with its lineage; the store keeps its
id. Session graphs and call traces are not in the manifests: the panel shows a notebook's graph again
after its next traced cell. Versions deleted after the last ``gc`` come back (their manifest was
still there); delete them again.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from . import integrity, manifest, records, runs
from .blobs import BlobStore
from .metadata import MetadataDB, Tx, open_metadata


@dataclass
class RebuildReport:
    """What one rebuild did."""

    restored_versions: int = 0
    names: int = 0
    damaged_manifests: list[str] = field(default_factory=list)
    moved_aside: list[str] = field(default_factory=list)
    store_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "restored_versions": self.restored_versions,
            "names": self.names,
            "damaged_manifests": self.damaged_manifests,
            "moved_aside": self.moved_aside,
            "store_id": self.store_id,
        }


def rebuild_store(
    uri: str | None = None, blob_uri: str | None = None, storage_options: Any = None
) -> RebuildReport:
    """Rebuild the metadata of the store at ``uri``/``blob_uri`` from its manifests (see the module doc)."""
    from .blobs import open_blob_store
    from .config import parse_location

    location = parse_location(uri, blob_uri)
    blobs = open_blob_store(location.blob_kind, location.blob_target, storage_options)
    report = RebuildReport()
    found = list(manifest.scan(blobs))
    report.damaged_manifests = sorted(m.key for m in found if m.content is None)
    if location.metadata_kind == "sqlite":
        report.moved_aside = _move_aside(location.metadata_target)
    metadata = open_metadata(location.metadata_kind, location.metadata_target)
    try:
        store_id = integrity.read_blob_identity(blobs) or _new_id()
        with metadata.write() as tx:
            _empty_artifact_tables(tx)
            report.restored_versions, report.names = _insert_all(tx, found)
            tx.execute("DELETE FROM store_meta WHERE key = 'store_id'")
            tx.execute("INSERT INTO store_meta (key, value) VALUES ('store_id', ?)", (store_id,))
        integrity.write_blob_identity(blobs, store_id)
        report.store_id = store_id
    finally:
        metadata.close()
    return report


def _insert_all(tx: Tx, found: list[manifest.StoredManifest]) -> tuple[int, int]:
    contents = sorted(
        (m.content for m in found if m.content is not None), key=lambda c: (str(c["name"]), int(c["version"]))
    )
    done: set[tuple[str, int]] = set()
    for content in contents:
        new, version = manifest.decode(content)
        if (new.name, version) in done:
            continue  # two manifests of one version (a save rewritten by --fix): keep the first
        # insert_artifact allocates last_version + 1: set it so the version keeps its number
        tx.execute(
            "INSERT INTO artifact_names (name, last_version) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET last_version = excluded.last_version",
            (new.name, version - 1),
        )
        records.insert_artifact(tx, new)
        if content.get("run_id"):
            runs.mark_produced(tx, str(content["run_id"]), new.name, version)
        done.add((new.name, version))
    return len(done), len({name for name, _ in done})


def _empty_artifact_tables(tx: Tx) -> None:
    for table in ("artifact_inputs", "artifacts", "artifact_names", "run_outputs", "pipeline_runs"):
        tx.execute(f"DELETE FROM {table}")


def _move_aside(path: str) -> list[str]:
    """Move a (damaged) SQLite file and its WAL/SHM files aside; returns the new names."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        source = path + suffix
        if os.path.exists(source):
            target = f"{path}.damaged-{stamp}{suffix}"
            os.replace(source, target)
            moved.append(target)
    return moved


def _new_id() -> str:
    import uuid

    return uuid.uuid4().hex


def write_missing_manifests(metadata: MetadataDB, blobs: BlobStore) -> int:
    """Write a manifest for every version that has none (stores made before manifests); returns how many."""
    have = {(str(m.content["name"]), m.version) for m in manifest.scan(blobs) if m.content is not None}
    with metadata.read() as tx:
        rows = tx.fetchall("SELECT name, version FROM artifacts ORDER BY name, version")
        stored = [(str(row["name"]), int(row["version"])) for row in rows]
        missing = [(name, version) for name, version in stored if (name, version) not in have]
        news = [(manifest.row_as_new_artifact(tx, n, v), v) for n, v in missing]
        made_by = {
            (str(row["name"]), int(row["version"])): str(row["run_id"])
            for row in tx.fetchall("SELECT run_id, name, version FROM run_outputs WHERE produced = 1")
        }
    for new, version in news:
        manifest.write(blobs, new, version, made_by.get((new.name, version)))
    return len(news)
