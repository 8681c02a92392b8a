"""The snapshot worker process: graph JSON, slices, exports and parameters, away from the server's GIL.

Parsing a 300k-node graph holds the interpreter lock for seconds (``orjson.loads`` is one C call), so
threads alone cannot keep the server answering. The server (``workers.py``) starts this module as
``python -m lineage_ext.server.snapshot_worker STORE_URI BLOB_URI ROOT_DIR``; it reads requests and writes
replies as length-prefixed JSON frames on stdin/stdout (stdout itself is redirected to stderr, so a
stray print cannot break a frame). JSON only, both ways: the server never unpickles. A reply is
``{"ok": true, "result": ...}`` or ``{"ok": false, "status": 4xx|500, "message": ...}``. The worker
exits when the server closes its stdin. It runs at a lower CPU priority (nice 10) than the server.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
import traceback
from pathlib import Path
from typing import IO, Any

from lineage_ext.store import jsoncodec

from . import exporting
from .config import LineageExt
from .replies import MAX_MESSAGE, message_of, safe_text, status_of
from .service import LineageService

HEADER = struct.Struct(">I")


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame's payload, or ``None`` at end of stream."""
    header = _read_exactly(stream, HEADER.size)
    return None if header is None else _read_exactly(stream, HEADER.unpack(header)[0])


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


def run_operation(service: LineageService, op: str, args: dict[str, Any]) -> Any:
    if op == "graph":
        return service.graph(args["path"], args["kernel_id"], args["since"], args["page"])
    if op == "artifact_detail":
        return service.artifact_detail(args["name"], args["version"])
    if op == "export":
        return exporting.export_pipeline(service.store, service.root_dir, args["request"])
    if op == "parameters":
        refs = [(name, version) for name, version in args["refs"]]
        return exporting.parameter_candidates(service.store, refs)
    raise ValueError(f"unknown operation {op!r}")


def handle(service: LineageService, frame: bytes) -> bytes:
    try:
        request = jsoncodec.loads(frame)
        reply: dict[str, Any] = {"ok": True, "result": run_operation(service, request["op"], request["args"])}
    except Exception as exc:
        status = status_of(exc)
        if status is None:
            traceback.print_exc()  # the server's log: stderr is shared
            reply = {"ok": False, "status": 500, "message": "internal error in the snapshot worker"}
        else:
            reply = {"ok": False, "status": status, "message": safe_text(message_of(exc), MAX_MESSAGE)}
    return jsoncodec.dumps(reply).encode("utf-8")


def main(argv: list[str]) -> None:
    store_uri, blob_uri, root_dir = argv
    # background work: when CPUs are scarce, the server's own event loop goes first
    with contextlib.suppress(OSError):
        os.nice(10)
    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to the log, never into a reply frame
    config = LineageExt(store_uri=store_uri, blob_uri=blob_uri, export_kernel_env=False)
    service = LineageService(config, running_kernel_ids=list, root_dir=Path(root_dir))
    while (frame := read_frame(requests)) is not None:
        write_frame(replies, handle(service, frame))


if __name__ == "__main__":
    main(sys.argv[1:])
