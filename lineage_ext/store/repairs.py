"""Slice repairs: what the background repair found for an artifact version whose slice failed verification.

One row per artifact version (``artifact_repairs``, added in schema version 3): the state ("repaired" or
"failed"), the code that is now the artifact's code (the repaired slice, or the closest slice when the
repair failed), the statements that had to be added and why, the *pattern* (the kinds of those statements,
so a recurring tracer miss is visible to maintainers), the reason, and how long the repair took. Writing a
repair also sets the artifact's verification status in the same transaction, so the two never disagree.
Rows outlive deleted artifacts on purpose: the patterns are a record of the tracer's misses.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from . import jsoncodec, records
from .metadata import MetadataDB, Row
from .metadata.schema import ARTIFACT_REPAIRS

RepairState = Literal["repaired", "failed"]
_COLUMNS = ARTIFACT_REPAIRS.select()


@dataclass(frozen=True)
class RepairRecord:
    """One repair attempt. ``added`` items: ``{"code", "kind", "why"}``; ``pattern``: "kind+kind"."""

    name: str
    version: int
    state: RepairState
    code: str
    reason: str
    added: Sequence[Mapping[str, Any]] = field(default_factory=tuple)
    pattern: str = ""
    seconds: float = 0.0
    created: float = 0.0

    def annotated_code(self) -> str:
        """The code with a comment header saying it was repaired (and with what), or why repair failed."""
        if self.state == "repaired":
            head = [f"# repaired slice: the traced slice did not reproduce the value; {self.reason}:"]
            head += [f"#   {item['code'].splitlines()[0][:100]}  ({item['kind']})" for item in self.added]
        else:
            head = [f"# verification failed and repair did not help: {self.reason}", "# closest slice:"]
        return "\n".join(head) + "\n" + self.code

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "state": self.state,
            "code": self.code,
            "reason": self.reason,
            "added": [dict(item) for item in self.added],
            "pattern": self.pattern,
            "seconds": self.seconds,
            "created": self.created,
        }


def put_repair(db: MetadataDB, record: RepairRecord, verification_reason: str) -> None:
    """Store the repair and set the version's verification status to its state, atomically."""
    with db.write() as tx:
        records.find_row(tx, record.name, record.version)
        tx.execute(
            f"INSERT INTO artifact_repairs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (name, version) DO UPDATE SET created = excluded.created, state = excluded.state, "
            "code = excluded.code, added_json = excluded.added_json, pattern = excluded.pattern, "
            "reason = excluded.reason, seconds = excluded.seconds",
            (
                record.name,
                record.version,
                record.created or time.time(),
                record.state,
                record.code,
                jsoncodec.dumps([dict(item) for item in record.added]),
                record.pattern,
                record.reason,
                record.seconds,
            ),
        )
        tx.execute(
            "UPDATE artifacts SET verification_status = ?, verification_reason = ? "
            "WHERE name = ? AND version = ?",
            (record.state, verification_reason, record.name, record.version),
        )


def get_repair(db: MetadataDB, name: str, version: int) -> RepairRecord | None:
    with db.read() as tx:
        row = tx.fetchone(
            f"SELECT {_COLUMNS} FROM artifact_repairs WHERE name = ? AND version = ?", (name, version)
        )
    return None if row is None else _record(row)


def list_repairs(db: MetadataDB) -> list[RepairRecord]:
    """Every recorded repair, newest first."""
    with db.read() as tx:
        rows = tx.fetchall(f"SELECT {_COLUMNS} FROM artifact_repairs ORDER BY created DESC, name, version")
    return [_record(row) for row in rows]


def _record(row: Row) -> RepairRecord:
    return RepairRecord(
        name=row["name"],
        version=int(row["version"]),
        created=float(row["created"]),
        state=row["state"],
        code=row["code"],
        added=tuple(jsoncodec.loads(row["added_json"])),
        pattern=row["pattern"],
        reason=row["reason"],
        seconds=float(row["seconds"]),
    )
