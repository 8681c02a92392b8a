"""``check_store``: what ``lineage-ext store check`` reports, and what ``--fix`` repairs.

Problems (the exit code says so): the identity records disagree or the database was lost
(``StoreDamaged``), the SQLite file fails ``PRAGMA quick_check``, a manifest records a version the
database lacks (the database is older than the blobs), a manifest is damaged, a version's blob is
missing. Notices: versions without manifest (stores made before manifests, or a crash right after a
commit) and leftover temp files of killed saves (``gc`` removes them after its grace period).
``fix=True`` writes the missing manifests; everything else needs ``lineage-ext store rebuild`` or a
human. The check only reads values' existence, never their content.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from lineage_ext.errors import StoreError

from . import integrity, manifest, sidefiles
from .blobs import BlobStore
from .metadata import MetadataDB, open_metadata
from .rebuild import write_missing_manifests


@dataclass
class CheckReport:
    """The findings of one check; ``ok`` is false when a problem needs a rebuild or a human."""

    problems: list[str] = field(default_factory=list)
    versions: int = 0
    manifests: int = 0
    missing_manifests: int = 0
    written_manifests: int = 0
    temp_files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": self.problems,
            "versions": self.versions,
            "manifests": self.manifests,
            "missing_manifests": self.missing_manifests,
            "written_manifests": self.written_manifests,
            "temp_files": self.temp_files,
        }


def check_store(
    uri: str | None = None, blob_uri: str | None = None, fix: bool = False, storage_options: Any = None
) -> CheckReport:
    from .blobs import open_blob_store
    from .config import parse_location

    location = parse_location(uri, blob_uri)
    blobs = open_blob_store(location.blob_kind, location.blob_target, storage_options)
    metadata = open_metadata(location.metadata_kind, location.metadata_target)
    report = CheckReport()
    report.temp_files = _temp_files(blobs)
    try:
        _check_database(metadata, blobs, report, fix)
    except StoreError as exc:  # StoreDamaged, or a database that cannot be read at all
        report.problems.append(str(exc))
    finally:
        metadata.close()
    return report


def _check_database(metadata: MetadataDB, blobs: BlobStore, report: CheckReport, fix: bool) -> None:
    if metadata.kind == "sqlite":
        with metadata.read() as tx:
            verdict = [str(row["quick_check"]) for row in tx.fetchall("PRAGMA quick_check")]
        if verdict != ["ok"]:
            report.problems.append(
                f"the SQLite file {metadata.describe()} is damaged: {'; '.join(verdict[:5])}"
            )
            return
    integrity.check_identity(metadata, blobs)
    found = list(manifest.scan(blobs))
    report.manifests = len(found)
    report.problems += [
        f"manifest {m.key} is damaged (its content does not match its hash)"
        for m in found
        if m.content is None
    ]
    try:
        integrity.check_not_younger(metadata, blobs, grace_seconds=0)
    except StoreError as exc:
        report.problems.append(str(exc))
    with metadata.read() as tx:
        rows = tx.fetchall("SELECT name, version, blob_hash FROM artifacts")
    report.versions = len(rows)
    have = {(str(m.content["name"]), m.version) for m in found if m.content is not None}
    report.missing_manifests = sum((str(row["name"]), int(row["version"])) not in have for row in rows)
    for digest in sorted({str(row["blob_hash"]) for row in rows}):
        if not blobs.exists(digest):
            users = sorted(f"{row['name']} v{row['version']}" for row in rows if row["blob_hash"] == digest)
            report.problems.append(f"blob {digest[:12]}... of {', '.join(users)} is missing")
    if fix and report.missing_manifests:
        report.written_manifests = write_missing_manifests(metadata, blobs)


def _temp_files(blobs: BlobStore) -> list[dict[str, Any]]:
    now = time.time()
    found = [(entry.path, entry.size, entry.modified) for entry in blobs.entries() if entry.digest is None]
    found += sidefiles.leftover_temp_files(blobs, manifest.PREFIX)
    return [
        {"path": path, "size": size, "age_seconds": round(now - modified, 1)}
        for path, size, modified in found
    ]
