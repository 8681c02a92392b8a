"""Session graphs: the latest lineage graph of each kernel session, upserted by revision.

The kernel calls ``put_session`` after every traced cell, so this path is one small upsert
without fsync (SQLite WAL with ``synchronous=NORMAL`` survives a process kill). An older
revision never overwrites a newer one: the ``WHERE`` of the upsert compares revisions.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import jsoncodec
from .metadata import MetadataDB

_COLUMNS = "session_id, kernel_id, notebook_path, revision, graph_json, updated"


@dataclass(frozen=True)
class SessionRecord:
    """One kernel session's graph at a revision. ``updated_at`` is filled by the store on write."""

    session_id: str
    kernel_id: str | None
    notebook_path: str | None
    revision: int
    graph_json: Mapping[str, Any]  # ir.wire.GraphJSON in practice
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


def put_session(db: MetadataDB, record: SessionRecord) -> None:
    payload = jsoncodec.dumps(record.graph_json)
    with db.write(durable=False) as tx:
        tx.execute(
            f"""INSERT INTO sessions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id) DO UPDATE SET
                kernel_id = excluded.kernel_id, notebook_path = excluded.notebook_path,
                revision = excluded.revision, graph_json = excluded.graph_json, updated = excluded.updated
            WHERE sessions.revision < excluded.revision""",
            (
                record.session_id,
                record.kernel_id,
                record.notebook_path,
                record.revision,
                payload,
                time.time(),
            ),
        )


def get_session(db: MetadataDB, session_id: str) -> SessionRecord | None:
    with db.read() as tx:
        row = tx.fetchone(f"SELECT {_COLUMNS} FROM sessions WHERE session_id = ?", (session_id,))
    return None if row is None else _record(row)


def latest_session(
    db: MetadataDB, notebook_path: str | None = None, kernel_id: str | None = None
) -> SessionRecord | None:
    """The most recently updated session, optionally for one notebook path and/or kernel id."""
    clauses, params = [], []
    if notebook_path is not None:
        clauses.append("notebook_path = ?")
        params.append(notebook_path)
    if kernel_id is not None:
        clauses.append("kernel_id = ?")
        params.append(kernel_id)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    with db.read() as tx:
        row = tx.fetchone(
            f"SELECT {_COLUMNS} FROM sessions {where} ORDER BY updated DESC, revision DESC LIMIT 1", params
        )
    return None if row is None else _record(row)


def list_sessions(db: MetadataDB) -> list[SessionRecord]:
    """Every session, newest first, with an empty ``graph_json`` (fetch one with ``get_session``)."""
    with db.read() as tx:
        rows = tx.fetchall(
            "SELECT session_id, kernel_id, notebook_path, revision, '{}', updated FROM sessions "
            "ORDER BY updated DESC"
        )
    return [_record(row) for row in rows]


def _record(row: tuple[Any, ...]) -> SessionRecord:
    session_id, kernel_id, notebook_path, revision, graph_json, updated = row
    return SessionRecord(
        session_id=session_id,
        kernel_id=kernel_id,
        notebook_path=notebook_path,
        revision=int(revision),
        graph_json=jsoncodec.loads(graph_json),
        updated_at=datetime.fromtimestamp(float(updated), tz=UTC),
    )
