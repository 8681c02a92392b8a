"""The lineage graph IR: pure data and algorithms, no I/O, no imports of other lineage_ext modules.

Public names: `Graph` (read-only), `GraphEditor` (the one mutator), `Node`, `Edge`, `CellRun`,
`SessionInfo`, `GraphError`, `Capture`, `GraphChanges`/`apply_changes` (incremental persistence),
`upstream`/`downstream`, `visit_order`, `subgraph`.

The graph toolkit every package walks graphs with: `ReadableGraph` (the read-only lineage graph protocol,
met by `Graph` and by `GraphSnapshot`, a lazy view of graph JSON), `Walkable`/`EdgeIndex`/`Link` (any
other graph), and the two walks `traverse` (reachability, ids) and `topological_order`.
"""

from __future__ import annotations

from .algorithms import downstream, subgraph, upstream, visit_order
from .capture import Capture
from .changes import GraphChanges, apply_changes
from .graph_json import EdgeKind, GraphChangesJSON, GraphJSON, NodeJSON, NodeKind
from .model import CellRun, Edge, Graph, GraphEditor, GraphError, Node, SessionInfo
from .readable import EdgeIndex, Link, ReadableEdge, ReadableGraph, Walkable
from .snapshot import GraphSnapshot
from .walk import Direction, topological_order, traverse

__all__ = [
    "Capture",
    "CellRun",
    "Direction",
    "Edge",
    "EdgeIndex",
    "EdgeKind",
    "Graph",
    "GraphChanges",
    "GraphChangesJSON",
    "GraphEditor",
    "GraphError",
    "GraphJSON",
    "GraphSnapshot",
    "Link",
    "Node",
    "NodeJSON",
    "NodeKind",
    "ReadableEdge",
    "ReadableGraph",
    "SessionInfo",
    "Walkable",
    "apply_changes",
    "downstream",
    "subgraph",
    "topological_order",
    "traverse",
    "upstream",
    "visit_order",
]
