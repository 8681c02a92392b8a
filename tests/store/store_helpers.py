"""Helpers shared by the store tests (a real ``Capture`` as the kernel would build it)."""

from __future__ import annotations

import uuid
from typing import Any

from lineage_ext.ir.capture import Capture
from lineage_ext.store import ArtifactStore
from lineage_ext.store.blobs import LocalBlobStore


def make_capture(
    name: str,
    inputs: list[tuple[str, int]] | None = None,
    files: list[tuple[str, str]] | None = None,
    notebook: str = "analysis.ipynb",
) -> Capture:
    graph: Any = {
        "format": "lineage_ext.graph/1",
        "session_id": "session-1",
        "kernel_id": "kernel-1",
        "notebook_path": notebook,
        "revision": 1,
        "nodes": [{"id": f"v:{name}", "kind": "variable"}],
        "edges": [],
        "cells": [],
    }
    return Capture(
        session_id="session-1",
        kernel_id="kernel-1",
        notebook_path=notebook,
        target_node_id=f"v:{name}",
        variable_name=name,
        graph_json=graph,
        session_code=f"{name} = compute()\n",
        input_artifacts=inputs or [],
        input_files=files or [],
        packages={"pandas": "3.1.1"},
    )


def corrupt_blob(store: ArtifactStore, digest: str) -> None:
    if isinstance(store.blobs, LocalBlobStore):
        with open(store.blobs.path_of(digest), "r+b") as handle:
            handle.write(b"X")
    else:
        key = store.blobs.key_of(digest)  # type: ignore[attr-defined]
        store.blobs.fs.pipe_file(key, b"not the original content")  # type: ignore[attr-defined]


def postgres_schema_uri(base_uri: str) -> str:
    """A fresh schema per test, selected through the connection's search_path."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base_uri, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{base_uri}?options=-csearch_path%3D{schema}"
