"""Stale marking: the one rule, computed only here; the server and the kernel's push send its verdict to the
panel (which computes none of its own) and the notebook widget draws it.

A statement is stale when it read a value whose producing statement was superseded (its cell was re-run)
by a run that came after the statement, or when it read anything stale; variables, files and artifacts are
stale when what produced them is. A cell that re-reads its own previous output (`x = x + 1` run twice) is
not stale: it ran in the very run that superseded the value. Superseded nodes themselves are never listed
(they are history, not results). Equivalently: stale = everything downstream of a statement that read an
invalidated value, minus superseded nodes -- a reachability, so malformed cyclic input cannot loop.

`StaleIndex` keeps only the facts the rule reads (node kind/run/superseded, producers, edges out, the
next run of each cell) and takes change sets, so the kernel's push answers each cell without freezing or
re-indexing the whole session graph; `stale()` caches its answer until the facts change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from .changes import GraphChanges
from .model import CellRun, Edge, Graph, Node

PRODUCING = frozenset({"defines", "mutates", "writes_file"})


@dataclass(frozen=True)
class _NodeFacts:
    kind: str
    run: int | None
    superseded: bool


class StaleIndex:
    """The facts of one session graph that stale marking needs, updated in place."""

    def __init__(self) -> None:
        self._nodes: dict[str, _NodeFacts] = {}
        self._producer: dict[str, str] = {}  # value node -> the statement that produced it (first edge)
        self._outgoing: dict[str, list[str]] = {}
        self._edges: set[tuple[str, str, str]] = set()
        self._inputs: list[tuple[str, str]] = []  # (input, statement) edges: where invalidation starts
        self._runs_by_cell: dict[str, list[int]] = {}
        self._next_run: dict[int, int] = {}  # run -> the next run of the same notebook cell
        self._cached: frozenset[str] | None = None

    @classmethod
    def of_graph(cls, graph: Graph) -> StaleIndex:
        index = cls()
        index._add(graph.nodes, graph.edges, graph.cells)
        return index

    @classmethod
    def of_json(cls, graph: Mapping[str, Any]) -> StaleIndex:
        """From the wire shape (a stored graph or a `GraphJSON`), without building a `Graph`."""
        index = cls()
        index._add_json(graph.get("nodes", ()), graph.get("edges", ()), graph.get("cells", ()))
        return index

    # ---- updates
    def set_node(self, node_id: str, kind: str, run: int | None, superseded: bool) -> None:
        """Add a node, or replace the facts of a known one (a replaced node, e.g. newly superseded)."""
        self._nodes[node_id] = _NodeFacts(kind, run, superseded)
        self._outgoing.setdefault(node_id, [])
        self._cached = None

    def add_edge(self, source: str, target: str, kind: str) -> None:
        """Add an edge once; one naming an unknown node is ignored, as the panel's index ignores it."""
        key = (source, target, kind)
        if key in self._edges or source not in self._nodes or target not in self._nodes:
            return
        self._edges.add(key)
        self._outgoing[source].append(target)
        if self._nodes[target].kind == "statement":
            self._inputs.append((source, target))
        if kind in PRODUCING:
            self._producer.setdefault(target, source)
        self._cached = None

    def add_cell(self, cell_id: str | None, run: int) -> None:
        """A cell run; runs of one notebook cell supersede each other in run order."""
        if cell_id is None:
            return
        runs = self._runs_by_cell.setdefault(cell_id, [])
        if run not in runs:
            runs.append(run)
            runs.sort()
            self._next_run.update(pairwise(runs))
            self._cached = None

    def apply(self, changes: GraphChanges) -> None:
        """Take one change set (`GraphBuilder.take_changes()`), in revision order."""
        self._add(changes.nodes, changes.edges, changes.cells)

    def _add(self, nodes: Iterable[Node], edges: Iterable[Edge], cells: Iterable[CellRun]) -> None:
        for node in nodes:
            self.set_node(node.id, node.kind, node.run, node.superseded)
        for edge in edges:
            self.add_edge(edge.source, edge.target, edge.kind)
        for cell in cells:
            self.add_cell(cell.cell_id, cell.run)

    def _add_json(self, nodes: Iterable[Any], edges: Iterable[Any], cells: Iterable[Any]) -> None:
        """Tolerant of damaged stored JSON: what it cannot read is left out, as the panel leaves it."""
        for node in nodes:
            node_id, run = node.get("id"), node.get("run")
            if isinstance(node_id, str):
                run = run if isinstance(run, int) else None
                self.set_node(node_id, str(node.get("kind")), run, bool(node.get("superseded")))
        for edge in edges:
            self.add_edge(str(edge.get("source")), str(edge.get("target")), str(edge.get("kind")))
        for cell in cells:
            if isinstance(cell.get("run"), int):
                self.add_cell(cell.get("cell_id"), cell["run"])

    # ---- the rule
    def stale(self) -> frozenset[str]:
        """Ids of the stale nodes (never a superseded one)."""
        if self._cached is None:
            tainted = self._downstream(self._invalidated_readers())
            self._cached = frozenset(i for i in tainted if not self._nodes[i].superseded)
        return self._cached

    def _invalidated_readers(self) -> list[str]:
        """Statements that read a value superseded by a run later than their own."""
        nodes, producer, superseded_by = self._nodes, self._producer, self._next_run
        readers = []
        for source, target in self._inputs:
            reader = nodes[target]
            if reader.run is None:
                continue
            made_by = producer.get(source)
            made = nodes[made_by] if made_by is not None else None
            if made is None or not made.superseded or made.run is None:
                continue
            by = superseded_by.get(made.run)
            if by is None or by > reader.run:
                readers.append(target)
        return readers

    def _downstream(self, start: list[str]) -> set[str]:
        seen = set(start)
        stack = list(start)
        outgoing = self._outgoing
        while stack:
            for target in outgoing[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen


def stale_node_ids(graph: Graph | Mapping[str, Any]) -> frozenset[str]:
    """The stale nodes of a `Graph` or of its JSON wire shape."""
    return (StaleIndex.of_graph(graph) if isinstance(graph, Graph) else StaleIndex.of_json(graph)).stale()
