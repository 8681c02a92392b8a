"""The lineage graph model: immutable nodes and edges, the read-only `Graph`, and `GraphEditor`.

`GraphEditor` is the only thing allowed to change a graph; `Graph` is a frozen snapshot with lookups and
the algorithms as methods (their implementations are free functions in `algorithms.py` and `convert.py`).
Nothing here does I/O or knows about IPython.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .graph_json import DagreJSON, EdgeKind, GraphJSON, NodeKind

if TYPE_CHECKING:
    from .changes import GraphChanges
    from .walk import Direction


@dataclass(frozen=True)
class Node:
    """A graph node. Only the fields that apply to `kind` are set; the others keep their defaults."""

    id: str
    kind: NodeKind
    label: str
    cell_id: str | None = None
    execution_count: int | None = None
    run: int | None = None
    line: int | None = None
    source: str | None = None
    opaque: bool = False
    error: bool = False
    superseded: bool = False
    name: str | None = None
    version: int | None = None
    type_name: str | None = None
    preview: str | None = None
    deleted: bool = False
    external: bool = False
    path: str | None = None
    content_hash: str | None = None
    module: str | None = None
    package: str | None = None
    package_version: str | None = None
    artifact_name: str | None = None
    artifact_version: int | None = None
    trace_id: str | None = None
    trace_calls: int | None = None
    duration_ns: int | None = None
    exception: str | None = None  # a statement that raised: "Type: message"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: EdgeKind


@dataclass(frozen=True)
class CellRun:
    """Session metadata: one execution of one cell, in execution order (`order`)."""

    run: int
    cell_id: str | None
    execution_count: int | None
    source: str
    order: int
    traced: bool = True
    error: bool = False
    statement_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionInfo:
    session_id: str
    kernel_id: str | None = None
    notebook_path: str | None = None


class GraphError(ValueError):
    """The graph or its JSON is malformed (unknown node in an edge, a cycle, a bad format tag)."""


@dataclass(frozen=True)
class _Adjacency:
    incoming: Mapping[str, tuple[Edge, ...]]
    outgoing: Mapping[str, tuple[Edge, ...]]


def _adjacency(nodes: Mapping[str, Node], edges: Iterable[Edge]) -> _Adjacency:
    incoming: dict[str, list[Edge]] = {node_id: [] for node_id in nodes}
    outgoing: dict[str, list[Edge]] = {node_id: [] for node_id in nodes}
    for edge in edges:
        if edge.source not in nodes or edge.target not in nodes:
            raise GraphError(f"edge {edge.source} -> {edge.target} names a node not in the graph")
        outgoing[edge.source].append(edge)
        incoming[edge.target].append(edge)
    return _Adjacency({k: tuple(v) for k, v in incoming.items()}, {k: tuple(v) for k, v in outgoing.items()})


@dataclass(frozen=True)
class Graph:
    """A read-only lineage graph. Node order is insertion order, which breaks ties in `visit_order`."""

    session: SessionInfo
    revision: int
    _nodes: Mapping[str, Node]
    _edges: tuple[Edge, ...]
    _cells: tuple[CellRun, ...] = ()
    _adjacency_cache: list[_Adjacency] = field(default_factory=list, repr=False, compare=False)

    @property
    def _adjacency(self) -> _Adjacency:
        # built on first use: freezing a builder (once per cell) then only costs three shallow copies
        if not self._adjacency_cache:
            self._adjacency_cache.append(_adjacency(self._nodes, self._edges))
        return self._adjacency_cache[0]

    def validate(self) -> Graph:
        """Check that every edge joins two nodes of the graph; returns self, raises `GraphError`."""
        self._adjacency  # noqa: B018  building the adjacency checks the edges
        return self

    # ---- lookups
    @property
    def nodes(self) -> tuple[Node, ...]:
        return tuple(self._nodes.values())

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._edges

    @property
    def cells(self) -> tuple[CellRun, ...]:
        return self._cells

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def node(self, node_id: str) -> Node:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise KeyError(f"no node {node_id!r} in the graph") from None

    def nodes_of_kind(self, kind: NodeKind) -> list[Node]:
        return [node for node in self._nodes.values() if node.kind == kind]

    def in_edges(self, node_id: str) -> tuple[Edge, ...]:
        return self._adjacency.incoming[node_id]

    def out_edges(self, node_id: str) -> tuple[Edge, ...]:
        return self._adjacency.outgoing[node_id]

    def predecessors(self, node_id: str) -> list[Node]:
        return [self._nodes[edge.source] for edge in self.in_edges(node_id)]

    def successors(self, node_id: str) -> list[Node]:
        return [self._nodes[edge.target] for edge in self.out_edges(node_id)]

    def variable_versions(self, name: str) -> list[Node]:
        """Every version node of a variable name, oldest first."""
        return [n for n in self._nodes.values() if n.kind == "variable" and n.name == name]

    def latest_version(self, name: str) -> Node | None:
        versions = self.variable_versions(name)
        return versions[-1] if versions else None

    def defining_statement(self, node_id: str) -> Node | None:
        """The statement that produced a variable or file version (None for external values)."""
        for edge in self.in_edges(node_id):
            if edge.kind in ("defines", "mutates", "writes_file"):
                return self._nodes[edge.source]
        return None

    # ---- algorithms (implemented as free functions)
    def traverse(
        self, node_ids: Iterable[str], direction: Direction, include_start: bool = True
    ) -> list[Node]:
        """The nodes reachable from `node_ids` (see `walk.traverse`), in insertion order."""
        from .algorithms import reached_nodes

        return reached_nodes(self, node_ids, direction, include_start)

    def upstream(self, node_ids: Iterable[str]) -> list[Node]:
        return self.traverse(node_ids, "upstream")

    def downstream(self, node_ids: Iterable[str]) -> list[Node]:
        return self.traverse(node_ids, "downstream")

    def visit_order(self) -> list[Node]:
        from .algorithms import visit_order

        return visit_order(self)

    def get_subgraph(self, nodes: Iterable[Node]) -> Graph:
        return self.get_subgraph_from_id(node.id for node in nodes)

    def get_subgraph_from_id(self, node_ids: Iterable[str]) -> Graph:
        from .algorithms import subgraph

        return subgraph(self, node_ids)

    def to_json(self) -> GraphJSON:
        from .convert import graph_to_json

        return graph_to_json(self)

    @classmethod
    def from_json(cls, data: GraphJSON | Mapping[str, Any]) -> Graph:
        from .convert import graph_from_json

        return graph_from_json(data)

    def to_networkx(self) -> Any:
        from .convert import graph_to_networkx

        return graph_to_networkx(self)

    def to_dagre(self) -> DagreJSON:
        from .convert import graph_to_dagre

        return graph_to_dagre(self)


class GraphEditor:
    """The one mutator of a lineage graph. `freeze()` returns an immutable `Graph` snapshot.

    Every change bumps `revision`, so consumers can tell whether a graph changed since they last saw it.
    """

    def __init__(self, session: SessionInfo, revision: int = 0, track_changes: bool = False) -> None:
        """`track_changes`: remember what changed for `take_changes()` (off, it costs nothing)."""
        self.session = session
        self._track = track_changes
        self.revision = revision
        self._nodes: dict[str, Node] = {}
        self._edges: dict[tuple[str, str, str], Edge] = {}
        self._cells: list[CellRun] = []
        # what changed since the last `take_changes()`: ordered id sets and the edges added
        self._changes_base = revision
        self._changed_nodes: dict[str, None] = {}
        self._new_edges: list[Edge] = []
        self._changed_cells: dict[int, None] = {}

    @classmethod
    def from_graph(cls, graph: Graph, track_changes: bool = False) -> GraphEditor:
        builder = cls(graph.session, graph.revision, track_changes)
        builder._nodes = dict(graph._nodes)
        builder._edges = {(e.source, e.target, e.kind): e for e in graph.edges}
        builder._cells = list(graph.cells)
        builder._changes_base = graph.revision
        return builder

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    def add_node(self, node: Node) -> Node:
        """Add a node; re-adding an identical node is a no-op, a different one with that id an error."""
        existing = self._nodes.get(node.id)
        if existing == node:
            return node
        if existing is not None:
            raise GraphError(f"node {node.id!r} already exists with other data; use replace_node")
        self._nodes[node.id] = node
        if self._track:
            self._changed_nodes[node.id] = None
        self.revision += 1
        return node

    def replace_node(self, node_id: str, **changes: Any) -> Node:
        """Change fields of an existing node (kept at its insertion position)."""
        node = dataclasses.replace(self._nodes[node_id], **changes)
        if node != self._nodes[node_id]:
            self._nodes[node_id] = node
            if self._track:
                self._changed_nodes[node_id] = None
            self.revision += 1
        return node

    def add_edge(self, source: str, target: str, kind: EdgeKind) -> None:
        if source not in self._nodes or target not in self._nodes:
            raise GraphError(f"edge {source} -> {target}: both ends must be added first")
        if source == target:
            raise GraphError(f"self-loop on {source}")
        key = (source, target, kind)
        if key not in self._edges:
            edge = self._edges[key] = Edge(source, target, kind)
            if self._track:
                self._new_edges.append(edge)
            self.revision += 1

    def add_cell(self, cell: CellRun) -> None:
        self._cells.append(cell)
        if self._track:
            self._changed_cells[cell.run] = None
        self.revision += 1

    def replace_cell(self, run: int, **changes: Any) -> None:
        for index, cell in enumerate(self._cells):
            if cell.run == run:
                self._cells[index] = dataclasses.replace(cell, **changes)
                if self._track:
                    self._changed_cells[run] = None
                self.revision += 1
                return
        raise KeyError(f"no cell run {run}")

    def cells(self) -> tuple[CellRun, ...]:
        return tuple(self._cells)

    def take_changes(self) -> GraphChanges:
        """What changed since the previous call (or since the builder was made), and forget it.

        Raises `GraphError` unless the builder was made with `track_changes=True`.
        """
        if not self._track:
            raise GraphError("this builder does not track changes (GraphEditor(..., track_changes=True))")
        from .changes import GraphChanges

        cells = {cell.run: cell for cell in self._cells if cell.run in self._changed_cells}
        changes = GraphChanges(
            self.session.session_id,
            self._changes_base,
            self.revision,
            tuple(self._nodes[node_id] for node_id in self._changed_nodes),
            tuple(self._new_edges),
            tuple(cells[run] for run in self._changed_cells),
        )
        self._changes_base = self.revision
        self._changed_nodes, self._new_edges, self._changed_cells = {}, [], {}
        return changes

    def freeze(self) -> Graph:
        return Graph(
            self.session, self.revision, dict(self._nodes), tuple(self._edges.values()), tuple(self._cells)
        )
