"""The lineage graph IR: pure data and algorithms, no I/O, no imports of other lineage_ext modules.

Public names: `Graph` (read-only), `GraphBuilder` (the one mutator), `Node`, `Edge`, `CellRun`,
`SessionInfo`, `GraphError`, `Capture`, `GraphChanges`/`apply_changes` (incremental persistence),
`traverse`/`upstream`/`downstream`, `visit_order`, `subgraph`.
"""

from __future__ import annotations

from .algorithms import Direction, downstream, subgraph, traverse, upstream, visit_order
from .capture import Capture
from .changes import GraphChanges, apply_changes
from .model import CellRun, Edge, Graph, GraphBuilder, GraphError, Node, SessionInfo
from .wire import EdgeKind, GraphChangesJSON, GraphJSON, NodeJSON, NodeKind

__all__ = [
    "Capture",
    "CellRun",
    "Direction",
    "Edge",
    "EdgeKind",
    "Graph",
    "GraphBuilder",
    "GraphChanges",
    "GraphChangesJSON",
    "GraphError",
    "GraphJSON",
    "Node",
    "NodeJSON",
    "NodeKind",
    "SessionInfo",
    "apply_changes",
    "downstream",
    "subgraph",
    "traverse",
    "upstream",
    "visit_order",
]
