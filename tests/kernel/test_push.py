"""The kernel pushes each cell's change set over a Jupyter comm, before the execute reply.

A real ipykernel (jupyter_client starts it) with the tracer loaded; the test plays the panel: it opens a
comm to `lineage_ext.graph`, runs cells and reads the comm messages on IOPub.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import start_new_kernel

from lineage_ext.ir.changes import apply_changes


@pytest.fixture
def kernel(tmp_path: Path) -> Iterator[Any]:
    env = {**os.environ, "LINEAGE_EXT_STORE": str(tmp_path / "store"), "LINEAGE_EXT_PERSIST": "0"}
    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(tmp_path))
    try:
        reply = client.execute_interactive("get_ipython().extension_manager.load_extension('lineage_ext')")
        assert reply["content"]["status"] == "ok"
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _open_comm(client: Any) -> tuple[str, dict[str, Any]]:
    """Open the panel's comm; its id and the kernel's `hello`."""
    comm_id = uuid.uuid4().hex
    msg = client.session.msg(
        "comm_open", {"comm_id": comm_id, "target_name": "lineage_ext.graph", "data": {}}
    )
    client.shell_channel.send(msg)
    while True:
        reply = client.get_iopub_msg(timeout=30)
        if reply["msg_type"] == "comm_msg" and reply["content"]["comm_id"] == comm_id:
            return comm_id, reply["content"]["data"]


def _run(client: Any, code: str, comm_id: str, cell_id: str | None = None) -> list[dict[str, Any]]:
    """Run a cell (of notebook cell `cell_id`); the comm messages that arrived before its reply, in order."""
    request = client.session.msg(
        "execute_request", {"code": code, "silent": False}, metadata={"cellId": cell_id} if cell_id else {}
    )
    client.shell_channel.send(request)
    pushed: list[dict[str, Any]] = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != request["header"]["msg_id"]:
            continue
        if msg["msg_type"] == "comm_msg" and msg["content"]["comm_id"] == comm_id:
            pushed.append(msg["content"]["data"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=60)
    assert reply["content"]["status"] in ("ok", "error")
    return pushed


def test_each_cell_pushes_its_change_set_before_the_reply(kernel: Any) -> None:
    comm_id, hello = _open_comm(kernel)
    assert hello["type"] == "hello"
    assert hello["graph"]["revision"] == hello["revision"]
    assert hello["format"] == "lineage_ext.push/1"
    first = _run(kernel, "a = 2", comm_id)
    changes = [m["changes"] for m in first if m["type"] == "changes"]
    assert len(changes) == 1
    assert changes[0]["format"] == "lineage_ext.graph-changes/1"
    assert changes[0]["session_id"] == hello["session_id"]
    assert changes[0]["base_revision"] == hello["revision"]
    assert "var:a:1" in {n["id"] for n in changes[0]["nodes"]}

    second = [m["changes"] for m in _run(kernel, "b = a * 10", comm_id) if m["type"] == "changes"]
    assert len(second) == 1
    assert second[0]["base_revision"] == changes[0]["revision"]
    assert {"source": "var:a:1", "target": "stmt:2:0", "kind": "reads"} in second[0]["edges"]

    # the change sets rebuild the session graph in place, as the panel does
    empty = {
        "format": "lineage_ext.graph/1",
        "session_id": changes[0]["session_id"],
        "kernel_id": None,
        "notebook_path": None,
        "revision": changes[0]["base_revision"],
        "nodes": [],
        "edges": [],
        "cells": [],
    }
    graph = apply_changes(empty, [changes[0], second[0]])
    assert {"var:a:1", "var:b:1"} <= {n["id"] for n in graph["nodes"]}

    failed = [m["changes"] for m in _run(kernel, "c = {}['missing']", comm_id) if m["type"] == "changes"]
    assert [n["exception"] for n in failed[0]["nodes"] if n.get("error")] == ["KeyError: 'missing'"]


def test_no_comm_no_push_and_user_code_unaffected(kernel: Any) -> None:
    reply = kernel.execute_interactive("x = 40 + 2\nprint(x)", timeout=60)
    assert reply["content"]["status"] == "ok"
    # a panel opening the comm later starts from the kernel's whole graph
    _, hello = _open_comm(kernel)
    assert "var:x:1" in {n["id"] for n in hello["graph"]["nodes"]}


def test_each_push_carries_the_stale_nodes_of_the_session(kernel: Any) -> None:
    comm_id, hello = _open_comm(kernel)
    assert hello["stale"] == []
    _run(kernel, "a = 2", comm_id, "A")
    assert _run(kernel, "b = a * 10", comm_id, "B")[0]["stale"] == []
    rerun = _run(kernel, "a = 3", comm_id, "A")
    assert rerun[0]["stale"] == ["stmt:2:0", "var:b:1"]  # sorted ids, computed by ir.staleness
    fresh = _run(kernel, "b = a * 10", comm_id, "B")
    assert fresh[0]["stale"] == ["var:b:1"]  # B's new run is fresh; only the old b stays stale
    # a panel opening its comm now gets the same verdict with the whole graph
    _, later = _open_comm(kernel)
    assert later["stale"] == ["var:b:1"]
