"""Session graphs: each kernel session's graph as a snapshot plus the change sets appended after it.

The kernel appends one small change set per traced cell (``append_session_changes``) and now and then
replaces the snapshot with the whole graph (``put_session``), which drops the change sets it includes.
Readers get the snapshot with the newer change sets applied. ``sessions.revision`` is the newest
revision (snapshot or change set), so a poll can tell whether anything changed without assembling.
Writes skip the fsync (SQLite WAL with ``synchronous=NORMAL`` survives a process kill), and an older
revision never overwrites a newer one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lineage_ext.errors import StoreError

from . import jsoncodec
from .metadata import MetadataDB, Row, Tx
from .metadata.schema import SESSIONS

_COLUMNS = SESSIONS.select()
# every column but the graph, for reads that want only the revision: the graph reads as empty
_NO_GRAPH = _COLUMNS.replace("graph_json", "'{}' AS graph_json")


@dataclass(frozen=True)
class SessionRecord:
    """One kernel session's graph at a revision. ``updated_at`` is filled by the store on write."""

    session_id: str
    kernel_id: str | None
    notebook_path: str | None
    revision: int
    graph_json: Mapping[str, Any]  # ir.graph_json.GraphJSON in practice
    updated_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "kernel_id": self.kernel_id,
            "notebook_path": self.notebook_path,
            "revision": self.revision,
            "graph": self.graph_json,
            "updated_at": None if self.updated_at is None else self.updated_at.isoformat(),
        }


class SessionNotFound(StoreError):
    """Change sets were appended for a session that has no snapshot yet: write ``put_session`` first."""


def put_session(db: MetadataDB, record: SessionRecord) -> None:
    """Replace the session's snapshot (if ``record`` is newer) and drop the change sets it includes."""
    payload = jsoncodec.dumps(record.graph_json)
    with db.write(durable=False) as tx:
        tx.execute(
            f"""INSERT INTO sessions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id) DO UPDATE SET
                kernel_id = excluded.kernel_id, notebook_path = excluded.notebook_path,
                revision = excluded.revision, graph_json = excluded.graph_json, updated = excluded.updated
            WHERE sessions.revision <= excluded.revision""",
            (
                record.session_id,
                record.kernel_id,
                record.notebook_path,
                record.revision,
                payload,
                time.time(),
            ),
        )
        tx.execute(
            "DELETE FROM session_changes WHERE session_id = ? AND revision <= ?",
            (record.session_id, record.revision),
        )


def append_session_changes(db: MetadataDB, session_id: str, changes: Sequence[Mapping[str, Any]]) -> None:
    """Append change sets (``ir.graph_json.GraphChangesJSON``, oldest first) in one transaction.

    Raises ``SessionNotFound`` when the session has no snapshot to apply them to.
    """
    if not changes:
        return
    rows = [(session_id, int(change["revision"]), jsoncodec.dumps(change)) for change in changes]
    newest = max(int(change["revision"]) for change in changes)
    with db.write(durable=False) as tx:
        if tx.fetchone("SELECT 1 FROM sessions WHERE session_id = ?", (session_id,)) is None:
            raise SessionNotFound(f"session {session_id!r} has no snapshot yet")
        tx.executemany(
            "INSERT INTO session_changes (session_id, revision, changes_json) VALUES (?, ?, ?) "
            "ON CONFLICT (session_id, revision) DO NOTHING",
            rows,
        )
        tx.execute(
            "UPDATE sessions SET revision = ?, updated = ? WHERE session_id = ? AND revision < ?",
            (newest, time.time(), session_id, newest),
        )


def pending_changes(db: MetadataDB, session_id: str) -> int:
    """How many change sets wait on top of the snapshot (the kernel compacts when this grows)."""
    with db.read() as tx:
        row = tx.fetchone(
            "SELECT COUNT(*) AS pending FROM session_changes WHERE session_id = ?", (session_id,)
        )
    return 0 if row is None else int(row["pending"])


def get_session(db: MetadataDB, session_id: str) -> SessionRecord | None:
    with db.read() as tx:
        row = tx.fetchone(f"SELECT {_COLUMNS} FROM sessions WHERE session_id = ?", (session_id,))
        return None if row is None else _assembled(tx, row)


def latest_session(
    db: MetadataDB, notebook_path: str | None = None, kernel_id: str | None = None, graph: bool = True
) -> SessionRecord | None:
    """The most recently updated session, optionally for one notebook path and/or kernel id.

    With ``graph=False`` the record's ``graph_json`` is empty: a cheap way to read the newest revision.
    """
    clauses, params = [], []
    if notebook_path is not None:
        clauses.append("notebook_path = ?")
        params.append(notebook_path)
    if kernel_id is not None:
        clauses.append("kernel_id = ?")
        params.append(kernel_id)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    columns = _COLUMNS if graph else _NO_GRAPH
    with db.read() as tx:
        row = tx.fetchone(
            f"SELECT {columns} FROM sessions {where} ORDER BY updated DESC, revision DESC LIMIT 1", params
        )
        if row is None:
            return None
        return _assembled(tx, row) if graph else _record(row, jsoncodec.loads(row["graph_json"]))


def list_sessions(db: MetadataDB) -> list[SessionRecord]:
    """Every session, newest first, with an empty ``graph_json`` (fetch one with ``get_session``)."""
    with db.read() as tx:
        rows = tx.fetchall(f"SELECT {_NO_GRAPH} FROM sessions ORDER BY updated DESC")
    return [_record(row, {}) for row in rows]


def session_kernel_ids(db: MetadataDB) -> list[str | None]:
    """The kernel id of every session, in no order. Reads only the columns stored before the graph, so
    its cost does not grow with graph sizes (SQLite walks a large row's overflow pages to reach a
    column after it, as ``list_sessions`` must for ``updated``)."""
    with db.read() as tx:
        return [row["kernel_id"] for row in tx.fetchall("SELECT kernel_id FROM sessions", ())]


def _assembled(tx: Tx, row: Row) -> SessionRecord:
    """The snapshot in ``row`` with the change sets appended after it applied."""
    snapshot = jsoncodec.loads(row["graph_json"])
    base = snapshot.get("revision") if isinstance(snapshot, dict) else None
    if isinstance(base, int) and base < int(row["revision"]):
        from lineage_ext.ir.changes import apply_changes

        changes = tx.fetchall(
            "SELECT changes_json FROM session_changes WHERE session_id = ? AND revision > ? "
            "ORDER BY revision",
            (row["session_id"], base),
        )
        snapshot = apply_changes(snapshot, [jsoncodec.loads(change["changes_json"]) for change in changes])
    return _record(row, snapshot)


def _record(row: Row, graph_json: Mapping[str, Any]) -> SessionRecord:
    return SessionRecord(
        session_id=row["session_id"],
        kernel_id=row["kernel_id"],
        notebook_path=row["notebook_path"],
        revision=int(row["revision"]),
        graph_json=graph_json,
        updated_at=datetime.fromtimestamp(float(row["updated"]), tz=UTC),
    )
