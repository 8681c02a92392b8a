"""The two graph walks of lineage_ext, over any `Walkable`: reachability (`traverse`) and topological order.

Lineage graphs, slicer snapshots, runtime task plans, lazy graphs and widget drawings all walk through
these two functions; only the graphs differ (see `readable.py`). Both are deterministic: the order follows
the order of the start ids and of each node's edges, never set or hash order.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Sequence
from typing import Literal

from .readable import K, Walkable

Direction = Literal["upstream", "downstream"]
Ties = Literal["position", "ready"]


def traverse(
    graph: Walkable[K],
    node_ids: Iterable[K],
    direction: Direction,
    include_start: bool = True,
    *,
    follow: Collection[str] | None = None,
    stops: Collection[K] = (),
) -> list[K]:
    """Ids of every node reachable from `node_ids` against (upstream) or along (downstream) the edges.

    `follow` keeps only edges of those kinds (all kinds when None); `stops` are reached and kept but not
    crossed. Breadth first: the start ids in the order given, then each node's neighbours in edge order.
    """
    if direction not in ("upstream", "downstream"):
        raise ValueError(f"direction must be 'upstream' or 'downstream', not {direction!r}")
    upstream = direction == "upstream"
    edges_of = graph.in_edges if upstream else graph.out_edges
    start = list(dict.fromkeys(node_ids))
    order = list(start)
    seen = set(order)
    for node_id in order:  # `order` grows while it is read: it is the queue as well as the result
        if node_id in stops:
            continue
        for edge in edges_of(node_id):
            if follow is None or edge.kind in follow:
                neighbour = edge.source if upstream else edge.target
                if neighbour not in seen:
                    seen.add(neighbour)
                    order.append(neighbour)
    if not include_start:
        return order[len(start) :]
    return order


def topological_order(node_ids: Sequence[K], graph: Walkable[K], ties: Ties = "position") -> list[K]:
    """`node_ids` ordered so every edge between them points forward; nodes on a cycle are left out.

    Among nodes ready at the same time, `ties="position"` takes the one earliest in `node_ids`, and
    `ties="ready"` the one that became ready first (first in, first out). Edges to nodes outside
    `node_ids` are ignored; parallel edges count once each.
    """
    position = {node_id: index for index, node_id in enumerate(node_ids)}
    waiting = {node_id: sum(e.source in position for e in graph.in_edges(node_id)) for node_id in node_ids}
    ready = [(index, node_id) for index, node_id in enumerate(node_ids) if waiting[node_id] == 0]
    arrivals = len(node_ids)  # `ties="ready"` ranks by arrival, after the nodes ready from the start
    order: list[K] = []
    while ready:
        _, node_id = heapq.heappop(ready)
        order.append(node_id)
        for edge in graph.out_edges(node_id):
            if edge.target in waiting:
                waiting[edge.target] -= 1
                if waiting[edge.target] == 0:
                    rank = position[edge.target] if ties == "position" else arrivals
                    arrivals += 1
                    heapq.heappush(ready, (rank, edge.target))
    return order
