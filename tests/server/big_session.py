"""A large session graph written straight into a store: a long notebook session, 300k nodes by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lineage_ext.store import open_store
from lineage_ext.store.sessions import SessionRecord


def big_graph(nodes: int, notebook_path: str, statements_per_cell: int = 10) -> dict[str, Any]:
    """``nodes`` nodes (half statements, half variables), about as many edges, one cell run per 10 statements."""
    node_list: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for i in range(nodes // 2):
        run, index = divmod(i, statements_per_cell)
        statement = f"stmt:{run + 1}:{index}"
        if index == 0:
            cells.append(
                {
                    "run": run + 1,
                    "cell_id": f"cell-{run}",
                    "execution_count": run + 1,
                    "source": f"x{i} = x{i - 1} + 1  # ...",
                    "order": run,
                    "traced": True,
                    "error": False,
                    "statement_ids": [],
                }
            )
        cells[-1]["statement_ids"].append(statement)
        node_list.append(
            {"id": statement, "kind": "statement", "label": f"x{i} = x{i - 1} + 1", "run": run + 1}
        )
        node_list.append(
            {"id": f"var:x{i}:1", "kind": "variable", "label": f"x{i}", "name": f"x{i}", "version": 1}
        )
        edges.append({"source": statement, "target": f"var:x{i}:1", "kind": "defines"})
        if i:
            edges.append({"source": f"var:x{i - 1}:1", "target": statement, "kind": "reads"})
    return {
        "format": "lineage_ext.graph/1",
        "session_id": "big-session",
        "kernel_id": "big-kernel",
        "notebook_path": notebook_path,
        "revision": 1,
        "nodes": node_list,
        "edges": edges,
        "cells": cells,
    }


def write_big_session(
    store_dir: Path, nodes: int = 300_000, notebook_path: str = "big.ipynb"
) -> dict[str, Any]:
    graph = big_graph(nodes, notebook_path)
    store = open_store(str(store_dir))
    try:
        store.put_session(SessionRecord("big-session", "big-kernel", notebook_path, 1, graph))
    finally:
        store.close()
    return graph
