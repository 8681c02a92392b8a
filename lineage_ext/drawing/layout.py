"""A small, deterministic Sugiyama-style layered layout, computed in Python (no graphviz, no dagre).

Owns node coordinates only: layers by longest path from the sources, order within each layer by repeated
barycentric sweeps (ties broken by input order, so the same graph always gets the same picture), with
long edges split by invisible dummy nodes so they take part in the ordering and are routed around real
nodes, then each layer centred horizontally. Nodes given the same rank share a layer (the lowest any of
them reaches). It knows nothing about lineage graphs, runtimes or SVG; callers pass sizes and edges and
read back centres.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

LAYER_GAP = 48.0
NODE_GAP = 20.0
MARGIN = 16.0
SWEEPS = 4
DUMMY_WIDTH = 8.0
Point = tuple[float, float]


@dataclass(frozen=True)
class Placement:
    x: float  # centre
    y: float  # centre
    width: float
    height: float
    layer: int
    order: int  # position in its row, left to right (the dummy nodes of long edges count too)


@dataclass(frozen=True)
class Layout:
    placements: Mapping[str, Placement]
    width: float
    height: float
    # (source, target) of an edge spanning several layers -> the points it passes through on the way
    routes: Mapping[tuple[str, str], tuple[Point, ...]] = field(default_factory=dict)


def layered_layout(
    sizes: Mapping[str, tuple[float, float]],
    edges: Sequence[tuple[str, str]],
    ranks: Mapping[str, str] | None = None,
) -> Layout:
    """Lay out nodes (id -> (width, height), in a stable order) top to bottom along ``edges``.

    Edges naming unknown nodes are ignored; edges closing a cycle are ignored for layering only. Nodes
    with the same ``ranks`` value are put on one layer.
    """
    ids = list(sizes)
    known = set(ids)
    kept = [(s, t) for s, t in edges if s in known and t in known and s != t]
    layer = _longest_path_layers(ids, kept, ranks or {})
    all_sizes = dict(sizes)
    chained, dummies = _split_long_edges(list(dict.fromkeys(kept)), layer, all_sizes)
    rows = _order_layers(list(all_sizes), chained, layer)
    preds: dict[str, list[str]] = {node: [] for node in all_sizes}
    for source, target in chained:
        preds[target].append(source)
    drawn = _coordinates(all_sizes, rows, preds)
    routes = {
        edge: tuple((drawn.placements[d].x, drawn.placements[d].y) for d in chain)
        for edge, chain in dummies.items()
    }
    placements = {node: drawn.placements[node] for node in ids}
    return Layout(placements, drawn.width, drawn.height, routes)


def _split_long_edges(
    edges: list[tuple[str, str]], layer: dict[str, int], sizes: dict[str, tuple[float, float]]
) -> tuple[list[tuple[str, str]], dict[tuple[str, str], list[str]]]:
    """Replace each edge spanning k > 1 layers by a chain through k - 1 dummy nodes (added to ``layer``
    and ``sizes``); returns the new edge list and, per long edge, its dummies from top to bottom."""
    chained: list[tuple[str, str]] = []
    dummies: dict[tuple[str, str], list[str]] = {}
    for source, target in edges:
        if layer[target] - layer[source] <= 1:
            chained.append((source, target))
            continue
        chain = [f"\0{source}\0{target}\0{level}" for level in range(layer[source] + 1, layer[target])]
        for level, dummy in enumerate(chain, start=layer[source] + 1):
            layer[dummy] = level
            sizes[dummy] = (DUMMY_WIDTH, 0.0)
        stops = [source, *chain, target]
        chained.extend(itertools.pairwise(stops))
        dummies[(source, target)] = chain
    return chained, dummies


def _longest_path_layers(
    ids: list[str], edges: list[tuple[str, str]], ranks: Mapping[str, str]
) -> dict[str, int]:
    outgoing: dict[str, list[str]] = {node: [] for node in ids}
    incoming: dict[str, list[str]] = {node: [] for node in ids}
    for source, target in _acyclic(ids, edges):
        outgoing[source].append(target)
        incoming[target].append(source)
    indegree = {node: len(incoming[node]) for node in ids}
    layer = dict.fromkeys(ids, 0)
    ready = [node for node in ids if indegree[node] == 0]
    order: list[str] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for target in outgoing[node]:
            layer[target] = max(layer[target], layer[node] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    _sink_source_chains(order, incoming, outgoing, layer)
    if ranks:
        _align_ranks(order, incoming, layer, ranks)
    return layer


def _sink_source_chains(
    order: list[str], incoming: dict[str, list[str]], outgoing: dict[str, list[str]], layer: dict[str, int]
) -> None:
    """Move source chains (``x = 1`` -> ``x``) down to just above their first use.

    Longest-path layering puts every source on the top layer, far from where it is used. A node whose
    whole upstream is a simple chain from a source can move down without lengthening any other edge.
    """
    chain: set[str] = set()
    for node in order:
        preds = incoming[node]
        if not preds or (len(preds) == 1 and preds[0] in chain and len(outgoing[preds[0]]) == 1):
            chain.add(node)
    for node in reversed(order):
        if node in chain and outgoing[node]:
            layer[node] = min(layer[target] for target in outgoing[node]) - 1


def _align_ranks(
    order: list[str], incoming: dict[str, list[str]], layer: dict[str, int], ranks: Mapping[str, str]
) -> None:
    """Move each rank's nodes down to the lowest layer among them, and their successors below them."""
    groups: dict[str, list[str]] = {}
    for node in order:
        if node in ranks:
            groups.setdefault(ranks[node], []).append(node)
    for _ in range(len(order) + 1):  # moving one rank down can push another rank's member further down
        changed = False
        for members in groups.values():
            lowest = max(layer[member] for member in members)
            for member in members:
                changed |= layer[member] != lowest
                layer[member] = lowest
        for node in order:  # topological: one pass pushes every successor below its predecessors
            wanted = max((layer[pred] + 1 for pred in incoming[node]), default=0)
            if wanted > layer[node]:
                layer[node], changed = wanted, True
        if not changed:
            return


def _acyclic(ids: list[str], edges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop back edges found by an iterative depth-first search in input order (deterministic)."""
    outgoing: dict[str, list[str]] = {node: [] for node in ids}
    for source, target in edges:
        outgoing[source].append(target)
    state = dict.fromkeys(ids, 0)  # 0 new, 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in ids:
        if state[root]:
            continue
        stack = [(root, iter(outgoing[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state[child] == 1:
                back.add((node, child))
            elif state[child] == 0:
                state[child] = 1
                stack.append((child, iter(outgoing[child])))
    return [edge for edge in edges if edge not in back]


def _order_layers(ids: list[str], edges: list[tuple[str, str]], layer: dict[str, int]) -> list[list[str]]:
    rows: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for node in ids:
        rows[layer[node]].append(node)
    preds: dict[str, list[str]] = {node: [] for node in ids}
    succs: dict[str, list[str]] = {node: [] for node in ids}
    for source, target in edges:
        preds[target].append(source)
        succs[source].append(target)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        indices = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for index in indices:
            fixed = rows[index - 1] if downward else rows[index + 1]
            rows[index] = _barycentric(rows[index], fixed, preds if downward else succs)
    return rows


def _barycentric(row: list[str], fixed: list[str], neighbours: dict[str, list[str]]) -> list[str]:
    position = {node: index for index, node in enumerate(fixed)}
    current = {node: index for index, node in enumerate(row)}

    def key(node: str) -> tuple[float, int]:
        placed = [position[n] for n in neighbours[node] if n in position]
        centre = sum(placed) / len(placed) if placed else float(current[node]) * len(fixed) / max(len(row), 1)
        return (centre, current[node])

    return sorted(row, key=key)


def _coordinates(
    sizes: Mapping[str, tuple[float, float]], rows: list[list[str]], preds: Mapping[str, list[str]]
) -> Layout:
    """x: each node wants the mean x of its predecessors; a row keeps its order and gaps and is then
    shifted as a block towards what its nodes wanted. Dummy chains therefore run straight down."""
    xs: dict[str, float] = {}
    for row in rows:
        wanted: dict[str, float] = {}
        right = float("-inf")
        for node in row:
            half = sizes[node][0] / 2
            placed = [xs[p] for p in preds[node] if p in xs]
            floor = MARGIN + half if right == float("-inf") else right + NODE_GAP + half
            if placed:
                wanted[node] = sum(placed) / len(placed)
            xs[node] = max(wanted.get(node, floor), floor)
            right = xs[node] + half
        if wanted:
            shift = sum(wanted[n] - xs[n] for n in wanted) / len(wanted)
            for node in row:
                xs[node] += shift
    left = min((xs[n] - sizes[n][0] / 2 for row in rows for n in row), default=MARGIN)
    placements: dict[str, Placement] = {}
    y = MARGIN
    for layer, row in enumerate(rows):
        height = max((sizes[n][1] for n in row), default=0.0)
        for order, node in enumerate(row):
            width, node_height = sizes[node]
            placements[node] = Placement(
                xs[node] - left + MARGIN, y + height / 2, width, node_height, layer, order
            )
        y += height + LAYER_GAP
    width = max((p.x + p.width / 2 for p in placements.values()), default=0.0) + MARGIN
    total_height = (y - LAYER_GAP + MARGIN) if rows else 2 * MARGIN
    return Layout(placements, width, total_height)
