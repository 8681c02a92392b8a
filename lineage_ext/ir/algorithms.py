"""Graph algorithms that answer in `Node`s: closure in either direction, stable topological order, subgraphs.

The walks themselves are `walk.traverse` and `walk.topological_order`; these put their ids back into the
graph's own order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .walk import Direction, topological_order, traverse

if TYPE_CHECKING:
    from .model import Graph, Node


def reached_nodes(
    graph: Graph, node_ids: Iterable[str], direction: Direction, include_start: bool = True
) -> list[Node]:
    """The nodes `walk.traverse` reaches, in the graph's insertion order (stable run to run).

    Unknown ids raise a clear KeyError. This is `Graph.traverse`; `upstream`/`downstream` name its
    two directions.
    """
    start = list(node_ids)
    for node_id in start:
        graph.node(node_id)
    reached = set(traverse(graph, start, direction, include_start))
    return [node for node in graph.nodes if node.id in reached]


def upstream(graph: Graph, node_ids: Iterable[str]) -> list[Node]:
    return reached_nodes(graph, node_ids, "upstream")


def downstream(graph: Graph, node_ids: Iterable[str]) -> list[Node]:
    return reached_nodes(graph, node_ids, "downstream")


def visit_order(graph: Graph) -> list[Node]:
    """Topological order; among nodes ready at the same time, the one inserted first comes first."""
    from .model import GraphError

    order = topological_order([node.id for node in graph.nodes], graph)
    if len(order) != len(graph):
        placed = set(order)
        stuck = sorted(node.id for node in graph.nodes if node.id not in placed)
        raise GraphError(f"the graph has a cycle through {stuck[:5]}")
    return [graph.node(node_id) for node_id in order]


def subgraph(graph: Graph, node_ids: Iterable[str]) -> Graph:
    """The induced subgraph on `node_ids`, with cell runs trimmed to the statements kept."""
    from .model import Graph as GraphClass

    keep = set(node_ids)
    for node_id in keep:
        graph.node(node_id)
    nodes = {node.id: node for node in graph.nodes if node.id in keep}
    edges = tuple(edge for edge in graph.edges if edge.source in keep and edge.target in keep)
    cells = tuple(
        dataclasses.replace(cell, statement_ids=tuple(s for s in cell.statement_ids if s in keep))
        for cell in graph.cells
        if any(s in keep for s in cell.statement_ids)
    )
    return GraphClass(graph.session, graph.revision, nodes, edges, cells).validate()
