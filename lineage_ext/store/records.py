"""SQL for artifact rows and their lineage, shared by every metadata backend.

Version allocation happens here: one upsert on ``artifact_names`` inside the write transaction
that also inserts the artifact row, so the commit of that transaction is the save's only commit
point. A version number is never handed out twice, even after deletes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lineage_ext.errors import ArtifactNotFound, VersionNotFound

from .info import ArtifactInfo, Lineage, LineageRef
from .metadata import Row, Tx
from .metadata.schema import ARTIFACTS

# what ``info_from_row`` reads (every column but the code and the packages, which can be large)
_INFO_FIELDS = (
    "id", "name", "version", "created", "type_name", "serializer", "size_bytes", "blob_hash", "code_captured",
    "session_id", "kernel_id", "notebook_path", "node_id", "variable_name", "verification_status",
    "verification_reason", "graph_hash", "preview",
)  # fmt: skip
INFO_COLUMNS = ARTIFACTS.select(*_INFO_FIELDS)


def info_columns(alias: str) -> str:
    """``INFO_COLUMNS`` of the artifacts table under ``alias`` (in a query that joins it)."""
    return ARTIFACTS.select(*_INFO_FIELDS, alias=alias)


@dataclass(frozen=True)
class NewArtifact:
    """Everything written for one save, once the blob is durable."""

    name: str
    created: float
    type_name: str
    serializer: str
    blob_hash: str
    size_bytes: int
    preview_json: str
    code_captured: bool
    session_code: str | None = None
    session_id: str | None = None
    kernel_id: str | None = None
    notebook_path: str | None = None
    node_id: str | None = None
    variable_name: str | None = None
    graph_hash: str | None = None
    packages_json: str = "{}"
    verification_status: str = "not_applicable"
    verification_reason: str | None = None
    input_artifacts: list[tuple[str, int | None]] = field(default_factory=list)
    input_files: list[tuple[str, str | None]] = field(default_factory=list)


def insert_artifact(tx: Tx, new: NewArtifact) -> int:
    """Allocate the next version of ``new.name`` and insert the row and its lineage; returns the version."""
    allocated = tx.fetchone(
        """INSERT INTO artifact_names (name, last_version) VALUES (?, 1)
        ON CONFLICT (name) DO UPDATE SET last_version = artifact_names.last_version + 1
        RETURNING last_version""",
        (new.name,),
    )
    assert allocated is not None  # RETURNING always yields the row
    version = int(allocated["last_version"])
    inserted = tx.fetchone(
        """INSERT INTO artifacts (name, version, created, type_name, serializer, blob_hash, size_bytes,
            preview, code_captured, session_code, session_id, kernel_id, notebook_path, node_id,
            variable_name, graph_hash, packages, verification_status, verification_reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        (
            new.name, version, new.created, new.type_name, new.serializer, new.blob_hash, new.size_bytes,
            new.preview_json, int(new.code_captured), new.session_code, new.session_id, new.kernel_id,
            new.notebook_path, new.node_id, new.variable_name, new.graph_hash, new.packages_json,
            new.verification_status, new.verification_reason,
        ),
    )  # fmt: skip
    assert inserted is not None
    artifact_id = inserted["id"]
    rows: list[tuple[Any, str, str, int | None, str | None]] = [
        (artifact_id, "artifact", name, ver, None) for name, ver in new.input_artifacts
    ]
    rows += [(artifact_id, "file", path, None, digest) for path, digest in new.input_files]
    if rows:
        tx.executemany(
            "INSERT INTO artifact_inputs (artifact_id, kind, ref_name, ref_version, sha256) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )
    return version


def info_from_row(row: Row, lineage: Lineage | None = None) -> ArtifactInfo:
    """An ``ArtifactInfo`` from a row selected with ``INFO_COLUMNS``."""
    # tuple.__new__ skips the NamedTuple's keyword handling: listings build thousands of these
    return tuple.__new__(
        ArtifactInfo,
        (
            row["name"], int(row["version"]), datetime.fromtimestamp(row["created"], UTC), row["type_name"],
            row["serializer"], row["size_bytes"], row["blob_hash"], bool(row["code_captured"]),
            row["session_id"], row["kernel_id"], row["notebook_path"], row["node_id"], row["variable_name"],
            row["verification_status"], row["verification_reason"], row["graph_hash"] is not None,
            row["preview"], lineage,
        ),
    )  # fmt: skip


def not_run_output(alias: str) -> str:
    """SQL: the version in row ``alias`` was not produced by a pipeline run (see ``store/runs.py``)."""
    return (
        f"NOT EXISTS (SELECT 1 FROM run_outputs r WHERE r.name = {alias}.name "
        f"AND r.version = {alias}.version AND r.produced = 1)"
    )


def find_row(tx: Tx, name: str, version: int | None) -> Row:
    """The row of ``name`` at ``version`` (None: the latest); raises ArtifactNotFound/VersionNotFound.

    The latest is the newest version not produced by a pipeline run: runs never move it.
    """
    if version is None:
        row = tx.fetchone(
            f"SELECT {INFO_COLUMNS} FROM artifacts WHERE name = ? AND {not_run_output('artifacts')} "
            "ORDER BY version DESC LIMIT 1",
            (name,),
        )
    else:
        row = tx.fetchone(
            f"SELECT {INFO_COLUMNS} FROM artifacts WHERE name = ? AND version = ?", (name, version)
        )
    if row is not None:
        return row
    existing = tx.fetchall("SELECT version FROM artifacts WHERE name = ? ORDER BY version", (name,))
    if not existing:
        raise ArtifactNotFound(f"no artifact named {name!r}")
    if version is None:
        raise ArtifactNotFound(
            f"{name!r} was only saved by pipeline runs "
            f"(versions {', '.join(str(item['version']) for item in existing)}): "
            "load one by version, list them with `lineage-ext runs list`, or promote a run's outputs "
            "with `lineage-ext runs promote RUN_ID`"
        )
    versions = ", ".join(str(item["version"]) for item in existing)
    raise VersionNotFound(f"artifact {name!r} has no version {version}; existing versions: {versions}")


def read_lineage(tx: Tx, artifact_id: int, name: str, version: int) -> Lineage:
    inputs = tx.fetchall(
        "SELECT kind, ref_name, ref_version, sha256 FROM artifact_inputs WHERE artifact_id = ? "
        "ORDER BY kind, ref_name, ref_version",
        (artifact_id,),
    )
    outputs = tx.fetchall(
        """SELECT DISTINCT a.name, a.version FROM artifact_inputs i JOIN artifacts a ON a.id = i.artifact_id
        WHERE i.kind = 'artifact' AND i.ref_name = ? AND (i.ref_version = ? OR i.ref_version IS NULL)
        ORDER BY a.name, a.version""",
        (name, version),
    )
    packages_row = tx.fetchone("SELECT packages FROM artifacts WHERE id = ?", (artifact_id,))
    return Lineage(
        inputs=tuple(lineage_ref(row) for row in inputs),
        outputs=tuple(LineageRef("artifact", row["name"], int(row["version"])) for row in outputs),
        packages=json.loads(packages_row["packages"]) if packages_row else {},
    )


def lineage_ref(row: Row) -> LineageRef:
    """The input an ``artifact_inputs`` row records."""
    version = row["ref_version"]
    return LineageRef(row["kind"], row["ref_name"], None if version is None else int(version), row["sha256"])


def delete_rows(tx: Tx, name: str, version: int | str) -> list[int]:
    """Delete versions of ``name`` (an int, "latest" or "all"); returns the deleted version numbers."""
    if version == "all":
        rows = tx.fetchall("SELECT id, version FROM artifacts WHERE name = ? ORDER BY version", (name,))
        if not rows:
            raise ArtifactNotFound(f"no artifact named {name!r}")
    else:
        rows = [find_row(tx, name, None if version == "latest" else int(version))]
    for row in rows:
        tx.execute("DELETE FROM artifact_inputs WHERE artifact_id = ?", (row["id"],))
        tx.execute("DELETE FROM artifact_links WHERE artifact_id = ?", (row["id"],))
        tx.execute("DELETE FROM artifacts WHERE id = ?", (row["id"],))
    return [int(row["version"]) for row in rows]


def referenced_hashes(tx: Tx) -> set[str]:
    rows = tx.fetchall("SELECT blob_hash AS hash FROM artifacts UNION SELECT graph_hash FROM artifacts")
    return {row["hash"] for row in rows if row["hash"] is not None}
