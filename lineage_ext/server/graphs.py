"""Bounded graph replies: a graph beyond ``MAX_ITEMS`` nodes + edges comes as a cells summary and pages.

The panel asks ``/lineage/graph`` after every execution. A small graph comes whole, as always. A large
one (a long session: 300k nodes is 70 MB of JSON) comes as ``graph: null`` with a ``summary`` (counts and
one line per cell run) and ``pages``; ``?page=k`` returns the k-th slice of ``PAGE_ITEMS`` nodes and edges
(the same index range of each list), so a client can fetch everything in bounded pieces. Runs in the
snapshot worker process (``snapshot_worker.py``): parsing a large graph must not hold the server's GIL.
"""

from __future__ import annotations

from typing import Any

from .schema import CellSummaryJSON, GraphSummaryJSON

MAX_ITEMS = 20_000
PAGE_ITEMS = 10_000
MAX_SUMMARY_CELLS = 1_000
MAX_SOURCE = 200


def page_count(graph: dict[str, Any]) -> int:
    longest = max(len(graph.get("nodes", [])), len(graph.get("edges", [])))
    return max(1, -(-longest // PAGE_ITEMS))


def is_large(graph: dict[str, Any]) -> bool:
    return len(graph.get("nodes", [])) + len(graph.get("edges", [])) > MAX_ITEMS


def graph_page(graph: dict[str, Any], page: int) -> dict[str, Any]:
    """Slice ``page`` of the graph: its nodes and edges in that index range, no cells."""
    pages = page_count(graph)
    if page >= pages:
        raise ValueError(f"page must be below {pages}, the number of pages of this graph")
    window = slice(page * PAGE_ITEMS, (page + 1) * PAGE_ITEMS)
    return {**graph, "nodes": graph["nodes"][window], "edges": graph["edges"][window], "cells": []}


def summary(graph: dict[str, Any]) -> GraphSummaryJSON:
    """Counts and one short line per cell run (the newest ``MAX_SUMMARY_CELLS``)."""
    cells: list[dict[str, Any]] = graph.get("cells", [])
    shown: list[CellSummaryJSON] = [
        {
            "run": int(cell["run"]),
            "cell_id": cell.get("cell_id"),
            "execution_count": cell.get("execution_count"),
            "statements": len(cell.get("statement_ids", [])),
            "source": str(cell.get("source", ""))[:MAX_SOURCE],
            "error": bool(cell.get("error", False)),
        }
        for cell in cells[-MAX_SUMMARY_CELLS:]
    ]
    return {
        "nodes": len(graph.get("nodes", [])),
        "edges": len(graph.get("edges", [])),
        "cells_total": len(cells),
        "cells": shown,
        "pages": page_count(graph),
        "page_items": PAGE_ITEMS,
    }
