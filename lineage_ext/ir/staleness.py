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
re-indexing the session graph, judging only what the cell's changes touched.
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
    """The facts of one session graph that stale marking needs, and its verdict, updated in place.

    While changes only add staleness (new edges and runs, newly superseded statements: all a session
    does), each `stale()` judges just the edges the changes touched and walks only newly stale nodes.
    A change that could take staleness away (a node un-superseded, a run inserted before a later one)
    makes the next `stale()` judge the whole graph again.
    """

    def __init__(self) -> None:
        self._nodes: dict[str, _NodeFacts] = {}
        self._producer: dict[str, str] = {}  # value node -> the statement that produced it (first edge)
        self._produced: dict[str, list[str]] = {}  # statement -> the values it is the producer of
        self._outgoing: dict[str, list[str]] = {}
        self._edges: set[tuple[str, str, str]] = set()
        self._inputs: list[tuple[str, str]] = []  # (input, statement) edges: where invalidation starts
        self._runs_by_cell: dict[str, list[int]] = {}
        self._next_run: dict[int, int] = {}  # run -> the next run of the same notebook cell
        self._superseded: set[str] = set()
        # the verdict so far: everything downstream of an invalidated reader (superseded nodes included)
        self._tainted: set[str] = set()
        self._orphans: set[int] = set()  # superseded runs judged while their next run was unknown
        self._checks: list[tuple[str, str]] = []  # (input, reader) edges to judge
        self._reach: list[str] = []  # targets of new edges from tainted nodes
        self._valid = False  # False: judge every edge again
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
        old = self._nodes.get(node_id)
        self._nodes[node_id] = _NodeFacts(kind, run, superseded)
        self._cached = None
        if superseded:
            self._superseded.add(node_id)
        else:
            self._superseded.discard(node_id)
        if old is None:
            self._outgoing[node_id] = []
        elif (old.kind, old.run) != (kind, run) or (old.superseded and not superseded):
            self._valid = False
        elif superseded and not old.superseded:  # what read its values may be stale now
            for value in self._produced.get(node_id, ()):
                self._checks.extend((value, reader) for reader in self._outgoing[value])

    def add_edge(self, source: str, target: str, kind: str) -> None:
        """Add an edge once; one naming an unknown node is ignored, as the panel's index ignores it."""
        key = (source, target, kind)
        if key in self._edges or source not in self._nodes or target not in self._nodes:
            return
        self._edges.add(key)
        self._outgoing[source].append(target)
        self._cached = None
        if self._nodes[target].kind == "statement":
            self._inputs.append((source, target))
            self._checks.append((source, target))
        if kind in PRODUCING and target not in self._producer:
            self._producer[target] = source
            self._produced.setdefault(source, []).append(target)
            self._checks.extend((target, reader) for reader in self._outgoing[target])
        if source in self._tainted:
            self._reach.append(target)

    def add_cell(self, cell_id: str | None, run: int) -> None:
        """A cell run; runs of one notebook cell supersede each other in run order."""
        if cell_id is None:
            return
        runs = self._runs_by_cell.setdefault(cell_id, [])
        if run in runs:
            return
        runs.append(run)
        runs.sort()
        self._next_run.update(pairwise(runs))
        self._cached = None
        if runs[-1] != run or self._orphans.intersection(runs[:-1]):
            self._valid = False  # a run's successor changed or became known: judgements may flip

    def apply(self, changes: GraphChanges) -> None:
        """Take one change set (`GraphEditor.take_changes()`), in revision order."""
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
            if not self._valid:
                self._tainted, self._orphans, self._reach = set(), set(), []
                self._checks, self._valid = list(self._inputs), True
            checks, self._checks = self._checks, []
            tainted = self._tainted
            seeds = [
                reader
                for value, reader in checks
                if reader not in tainted and self._invalidates(value, reader)
            ]
            reach, self._reach = self._reach, []
            self._taint(seeds + reach)
            self._cached = frozenset(tainted - self._superseded)
        return self._cached

    def _invalidates(self, value: str, reader_id: str) -> bool:
        """Whether a statement read a value superseded by a run later than its own."""
        reader = self._nodes[reader_id]
        made_by = self._producer.get(value)
        if reader.kind != "statement" or reader.run is None or made_by is None:
            return False
        made = self._nodes[made_by]
        if not made.superseded or made.run is None:
            return False
        by = self._next_run.get(made.run)
        if by is None:
            self._orphans.add(made.run)
            return True
        return by > reader.run

    def _taint(self, start: list[str]) -> None:
        tainted, outgoing = self._tainted, self._outgoing
        stack = [node_id for node_id in start if node_id not in tainted]
        tainted.update(stack)
        while stack:
            for target in outgoing[stack.pop()]:
                if target not in tainted:
                    tainted.add(target)
                    stack.append(target)


def stale_node_ids(graph: Graph | Mapping[str, Any]) -> frozenset[str]:
    """The stale nodes of a `Graph` or of its JSON wire shape."""
    return (StaleIndex.of_graph(graph) if isinstance(graph, Graph) else StaleIndex.of_json(graph)).stale()
