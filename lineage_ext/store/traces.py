"""Call traces recorded in traced sessions: stored by trace id so the panel can open one on demand.

The graph only holds a small `trace` node per trace (id, call count, duration); the whole trace
(``trace.trace_json.TraceResultJSON``: stages, calls, summarized values, never the values themselves) lives
here. Traces are written by the kernel's background writer and read by the server.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lineage_ext.errors import TraceNotFound

from . import jsoncodec
from .metadata import MetadataDB
from .metadata.schema import TRACES

_TRACE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


@dataclass(frozen=True)
class TraceRecord:
    trace_id: str
    session_id: str
    trace_json: Mapping[str, Any]
    created: float = 0.0


def put_trace(db: MetadataDB, session_id: str, trace_json: Mapping[str, Any]) -> None:
    trace_id = str(trace_json["trace_id"])
    _check_id(trace_id)
    with db.write(durable=False) as tx:
        tx.execute(
            "INSERT INTO traces (trace_id, session_id, created, trace_json) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (trace_id) DO UPDATE SET trace_json = excluded.trace_json",
            (trace_id, session_id, time.time(), jsoncodec.dumps(trace_json)),
        )


def get_trace(db: MetadataDB, trace_id: str) -> TraceRecord:
    _check_id(trace_id)
    with db.read() as tx:
        row = tx.fetchone(f"SELECT {TRACES.select()} FROM traces WHERE trace_id = ?", (trace_id,))
    if row is None:
        raise TraceNotFound(f"no call trace {trace_id!r} in this store")
    return TraceRecord(
        trace_id=row["trace_id"],
        session_id=row["session_id"],
        trace_json=jsoncodec.loads(row["trace_json"]),
        created=float(row["created"]),
    )


def _check_id(trace_id: str) -> None:
    if not _TRACE_ID.match(trace_id):
        raise ValueError(f"not a trace id: {trace_id!r}")
