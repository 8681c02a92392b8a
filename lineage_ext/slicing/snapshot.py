"""A read-only view of graph JSON that is cheap to open: what slicing needs of a `Graph`, built lazily.

`ir.Graph.from_json` builds and validates every node and edge, which costs more than slicing itself in a
long session; a slice visits only the nodes upstream of one value. `SnapshotGraph` indexes the edges once
(as tuples) and turns a JSON node into an `ir.Node` only when it is looked at. `GraphView` is the protocol
both it and `ir.Graph` satisfy, so every slicing function accepts either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

from lineage_ext.errors import SliceError
from lineage_ext.ir import Node
from lineage_ext.ir.wire import NodeKind

FORMAT = "lineage_ext.graph/1"


class EdgeView(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def kind(self) -> str: ...


class GraphView(Protocol):
    @property
    def revision(self) -> int: ...
    def __contains__(self, node_id: object) -> bool: ...
    def node(self, node_id: str) -> Node: ...
    def in_edges(self, node_id: str) -> tuple[EdgeView, ...] | list[EdgeView]: ...
    def out_edges(self, node_id: str) -> tuple[EdgeView, ...] | list[EdgeView]: ...
    def nodes_of_kind(self, kind: NodeKind) -> list[Node]: ...
    def variable_versions(self, name: str) -> list[Node]: ...
    def latest_version(self, name: str) -> Node | None: ...


class _Edge(NamedTuple):
    source: str
    target: str
    kind: str


_NO_EDGES: list[EdgeView] = []


class SnapshotGraph:
    """`GraphView` over graph JSON (as `ir.wire.GraphJSON`); malformed JSON raises `SliceError`."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if data.get("format") != FORMAT:
            raise SliceError(f"not a lineage graph: format is {data.get('format')!r}, expected {FORMAT!r}")
        try:
            self.revision = int(data["revision"])
            self._raw: dict[str, Mapping[str, Any]] = {item["id"]: item for item in data["nodes"]}
            self._incoming: dict[str, list[EdgeView]] = {}
            self._outgoing: dict[str, list[EdgeView]] = {}
            for raw in data["edges"]:
                edge = _Edge(raw["source"], raw["target"], raw["kind"])
                self._incoming.setdefault(edge.target, []).append(edge)
                self._outgoing.setdefault(edge.source, []).append(edge)
        except (KeyError, TypeError) as exc:
            raise SliceError(f"the recorded lineage graph is malformed: {exc!r}") from None
        self._nodes: dict[str, Node] = {}

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._raw

    def node(self, node_id: str) -> Node:
        node = self._nodes.get(node_id)
        if node is None:
            raw = self._raw.get(node_id)
            if raw is None:
                raise SliceError(f"the recorded lineage graph has no node {node_id!r}")
            try:
                node = self._nodes[node_id] = Node(**raw)
            except TypeError as exc:
                raise SliceError(f"node {node_id!r} of the recorded graph is malformed: {exc}") from None
        return node

    def in_edges(self, node_id: str) -> list[EdgeView]:
        return self._incoming.get(node_id, _NO_EDGES)

    def out_edges(self, node_id: str) -> list[EdgeView]:
        return self._outgoing.get(node_id, _NO_EDGES)

    def nodes_of_kind(self, kind: NodeKind) -> list[Node]:
        return [self.node(node_id) for node_id, raw in self._raw.items() if raw.get("kind") == kind]

    def variable_versions(self, name: str) -> list[Node]:
        return [
            self.node(node_id)
            for node_id, raw in self._raw.items()
            if raw.get("kind") == "variable" and raw.get("name") == name
        ]

    def latest_version(self, name: str) -> Node | None:
        versions = self.variable_versions(name)
        return versions[-1] if versions else None
