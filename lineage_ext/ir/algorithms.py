"""Pure graph algorithms over a `Graph`: closure in either direction, stable topological order, subgraphs."""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model import Graph, Node

Direction = Literal["upstream", "downstream"]


def traverse(
    graph: Graph, node_ids: Iterable[str], direction: Direction, include_start: bool = True
) -> list[Node]:
    """Every node reachable from `node_ids` against (upstream) or along (downstream) the edges.

    The result is in the graph's insertion order, so it is stable run to run.
    """
    if direction not in ("upstream", "downstream"):
        raise ValueError(f"direction must be 'upstream' or 'downstream', not {direction!r}")
    start = list(node_ids)
    for node_id in start:
        graph.node(node_id)  # raises a clear KeyError for unknown ids
    seen: set[str] = set(start)
    stack = list(start)
    while stack:
        node_id = stack.pop()
        if direction == "upstream":
            neighbours = [edge.source for edge in graph.in_edges(node_id)]
        else:
            neighbours = [edge.target for edge in graph.out_edges(node_id)]
        for neighbour in neighbours:
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    if not include_start:
        seen.difference_update(start)
    return [node for node in graph.nodes if node.id in seen]


def upstream(graph: Graph, node_ids: Iterable[str]) -> list[Node]:
    return traverse(graph, node_ids, "upstream")


def downstream(graph: Graph, node_ids: Iterable[str]) -> list[Node]:
    return traverse(graph, node_ids, "downstream")


def visit_order(graph: Graph) -> list[Node]:
    """Topological order; among nodes ready at the same time, the one inserted first comes first."""
    from .model import GraphError

    position = {node.id: index for index, node in enumerate(graph.nodes)}
    remaining = {node.id: len(graph.in_edges(node.id)) for node in graph.nodes}
    ready = [position[node_id] for node_id, count in remaining.items() if count == 0]
    heapq.heapify(ready)
    nodes = graph.nodes
    order: list[Node] = []
    while ready:
        node = nodes[heapq.heappop(ready)]
        order.append(node)
        for edge in graph.out_edges(node.id):
            remaining[edge.target] -= 1
            if remaining[edge.target] == 0:
                heapq.heappush(ready, position[edge.target])
    if len(order) != len(nodes):
        stuck = sorted(node_id for node_id, count in remaining.items() if count > 0)
        raise GraphError(f"the graph has a cycle through {stuck[:5]}")
    return order


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
