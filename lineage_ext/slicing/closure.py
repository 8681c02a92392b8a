"""Which statements of a session graph a value depends on, and in which order they ran.

Owns the upstream closure used for slicing: it follows reads, definitions, mutations, file and import
edges, but never a `saves` edge (an artifact that a later statement loads is re-loaded from the store, not
recomputed), as one `ir.traverse`. It works on a read-only graph (`ir.ReadableGraph`: `ir.Graph` or
`ir.GraphSnapshot`) only: no I/O, no values, nothing unpickled.
"""

from __future__ import annotations

from collections.abc import Iterable

from lineage_ext.errors import SliceError
from lineage_ext.ir import Node, ReadableGraph, traverse

_FOLLOWED = frozenset({"reads", "defines", "mutates", "reads_file", "writes_file", "imports", "loads"})
_PRODUCED_BY = frozenset({"defines", "mutates", "writes_file"})


def execution_key(node: Node) -> tuple[int, int]:
    """(cell run, statement index): the order statements ran in, across re-runs and out-of-order cells."""
    _, run, index = node.id.split(":")
    return int(run), int(index)


def closure(graph: ReadableGraph, targets: Iterable[str], stops: frozenset[str] = frozenset()) -> set[str]:
    """Ids of every node the targets depend on (targets included); `stops` are kept but not crossed."""
    start = list(targets)
    for node_id in start:
        graph.node(node_id)  # a clear KeyError for an unknown node
    return set(traverse(graph, start, "upstream", follow=_FOLLOWED, stops=stops))


def producer(graph: ReadableGraph, node_id: str) -> Node | None:
    """The statement that bound or changed a variable version (or wrote a file version)."""
    for edge in graph.in_edges(node_id):
        if edge.kind in _PRODUCED_BY:
            return graph.node(edge.source)
    return None


def slice_statements(
    graph: ReadableGraph, targets: Iterable[str], stops: frozenset[str] = frozenset()
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


def _check_recomputable(graph: ReadableGraph, node: Node) -> None:
    if producer(graph, node.id) is not None or any(e.kind == "loads" for e in graph.in_edges(node.id)):
        return
    if node.external:
        raise SliceError(
            f"the slice needs variable {node.name!r}, which was bound before tracing started (or by an "
            "untraced cell), so no code for it was recorded; re-run the cell that defines it with the "
            "extension loaded"
        )


def target_name(graph: ReadableGraph, node_id: str) -> str:
    node = graph.node(node_id)
    if node.kind == "variable" and node.name:
        return node.name
    raise SliceError(f"node {node_id!r} is a {node.kind}, not a variable version")
