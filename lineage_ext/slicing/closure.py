"""Which statements of a session graph a value depends on, and in which order they ran.

Owns the upstream closure used for slicing: it follows reads, definitions, mutations, file and import
edges, but never a `saves` edge (an artifact that a later statement loads is re-loaded from the store, not
recomputed). It works on a read-only graph view (`ir.Graph` or `SnapshotGraph`) only: no I/O, no values,
nothing unpickled.
"""

from __future__ import annotations

from collections.abc import Iterable

from lineage_ext.errors import SliceError
from lineage_ext.ir import Node

from .snapshot import GraphView

_FOLLOWED = frozenset({"reads", "defines", "mutates", "reads_file", "writes_file", "imports", "loads"})
_PRODUCED_BY = frozenset({"defines", "mutates", "writes_file"})


def execution_key(node: Node) -> tuple[int, int]:
    """(cell run, statement index): the order statements ran in, across re-runs and out-of-order cells."""
    _, run, index = node.id.split(":")
    return int(run), int(index)


def closure(graph: GraphView, targets: Iterable[str], stops: frozenset[str] = frozenset()) -> set[str]:
    """Ids of every node the targets depend on (targets included); `stops` are kept but not crossed."""
    start = list(targets)
    for node_id in start:
        graph.node(node_id)  # a clear KeyError for an unknown node
    seen = set(start)
    stack = [n for n in start if n not in stops]
    while stack:
        node_id = stack.pop()
        for edge in graph.in_edges(node_id):
            if edge.kind in _FOLLOWED and edge.source not in seen:
                seen.add(edge.source)
                if edge.source not in stops:
                    stack.append(edge.source)
    return seen


def producer(graph: GraphView, node_id: str) -> Node | None:
    """The statement that bound or changed a variable version (or wrote a file version)."""
    for edge in graph.in_edges(node_id):
        if edge.kind in _PRODUCED_BY:
            return graph.node(edge.source)
    return None


def slice_statements(
    graph: GraphView, targets: Iterable[str], stops: frozenset[str] = frozenset()
) -> list[Node]:
    """The statements the targets depend on, in execution order; raises `SliceError` when one is missing."""
    ids = closure(graph, targets, stops)
    statements = []
    for node_id in ids:
        node = graph.node(node_id)
        if node.kind == "statement":
            statements.append(node)
        elif node.kind == "variable" and node_id not in stops:
            _check_recomputable(graph, node)
    return sorted(statements, key=execution_key)


def _check_recomputable(graph: GraphView, node: Node) -> None:
    if producer(graph, node.id) is not None or any(e.kind == "loads" for e in graph.in_edges(node.id)):
        return
    if node.external:
        raise SliceError(
            f"the slice needs variable {node.name!r}, which was bound before tracing started (or by an "
            "untraced cell), so no code for it was recorded; re-run the cell that defines it with the "
            "extension loaded"
        )


def target_name(graph: GraphView, node_id: str) -> str:
    node = graph.node(node_id)
    if node.kind == "variable" and node.name:
        return node.name
    raise SliceError(f"node {node_id!r} is a {node.kind}, not a variable version")
