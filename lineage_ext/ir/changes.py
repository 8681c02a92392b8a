"""Incremental graph changes: what a `GraphEditor` changed since it was last asked, and applying them.

A long session's graph grows to thousands of nodes, while one cell adds a handful. Persisting only the
change set of each cell keeps the kernel's cost per cell proportional to the cell, not to the session;
whoever reads the graph applies the change sets to the last full snapshot (`apply_changes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from .convert import FORMAT, cell_to_json, node_to_json
from .graph_json import CellJSON, EdgeJSON, GraphChangesJSON, GraphJSON, NodeJSON
from .model import CellRun, Edge, GraphError, Node

CHANGES_FORMAT = "lineage_ext.graph-changes/1"


@dataclass(frozen=True)
class GraphChanges:
    """Nodes added or replaced, edges added and cell runs added or replaced between two revisions."""

    session_id: str
    base_revision: int
    revision: int
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    cells: tuple[CellRun, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges or self.cells)

    def to_json(self) -> GraphChangesJSON:
        edges: list[EdgeJSON] = [{"source": e.source, "target": e.target, "kind": e.kind} for e in self.edges]
        return {
            "format": "lineage_ext.graph-changes/1",
            "session_id": self.session_id,
            "base_revision": self.base_revision,
            "revision": self.revision,
            "nodes": [node_to_json(node) for node in self.nodes],
            "edges": edges,
            "cells": [cell_to_json(cell) for cell in self.cells],
        }


def apply_changes(
    snapshot: GraphJSON | Mapping[str, Any], changes: Iterable[GraphChangesJSON | Mapping[str, Any]]
) -> GraphJSON:
    """The snapshot with every change set applied in the order given; the input is not modified.

    Change sets at or below the snapshot's revision are skipped (a snapshot written after them already
    holds them), so a reader racing a compaction still gets a consistent graph.
    """
    if snapshot.get("format") != FORMAT:
        raise GraphError(f"not a lineage graph: format is {snapshot.get('format')!r}")
    revision = int(snapshot["revision"])
    nodes: dict[str, NodeJSON] = {node["id"]: node for node in snapshot["nodes"]}
    edges: dict[tuple[str, str, str], EdgeJSON] = {
        (e["source"], e["target"], e["kind"]): e for e in snapshot["edges"]
    }
    cells: dict[int, CellJSON] = {cell["run"]: cell for cell in snapshot.get("cells", [])}
    for change in changes:
        if change.get("format") != CHANGES_FORMAT:
            raise GraphError(f"not a graph change set: format is {change.get('format')!r}")
        if int(change["revision"]) <= revision:
            continue
        for node in change["nodes"]:
            nodes[node["id"]] = node  # a replaced node keeps its position: dicts keep first insertion
        for edge in change["edges"]:
            edges.setdefault((edge["source"], edge["target"], edge["kind"]), edge)
        for cell in change["cells"]:
            cells[cell["run"]] = cell
        revision = int(change["revision"])
    merged = dict(snapshot)
    merged.update(revision=revision, nodes=list(nodes.values()), edges=list(edges.values()))
    merged["cells"] = list(cells.values())
    return cast(GraphJSON, merged)
