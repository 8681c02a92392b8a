"""`GraphSnapshot`: a `ReadableGraph` over graph JSON that is cheap to open, built lazily.

`Graph.from_json` builds and validates every node and edge, which costs more than slicing itself in a
long session; a slice visits only the nodes upstream of one value. `GraphSnapshot` indexes the edges once
(as tuples) and turns a JSON node into a `Node` only when it is looked at.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .convert import FORMAT
from .graph_json import NodeKind
from .model import GraphError, Node
from .readable import EdgeIndex, Link


class GraphSnapshot(EdgeIndex[str]):
    """`ReadableGraph` over graph JSON (as `graph_json.GraphJSON`).

    Malformed JSON and unknown node ids raise `error` (a `GraphError` unless the caller names its own
    exception, as slicing does with `SliceError`), with the message either way.
    """

    def __init__(self, data: Mapping[str, Any], error: type[Exception] = GraphError) -> None:
        self._error = error
        if data.get("format") != FORMAT:
            raise error(f"not a lineage graph: format is {data.get('format')!r}, expected {FORMAT!r}")
        try:
            self.revision = int(data["revision"])
            self._raw: dict[str, Mapping[str, Any]] = {item["id"]: item for item in data["nodes"]}
            super().__init__(Link(raw["source"], raw["target"], raw["kind"]) for raw in data["edges"])
        except (KeyError, TypeError) as exc:
            raise error(f"the recorded lineage graph is malformed: {exc!r}") from None
        self._nodes: dict[str, Node] = {}

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._raw

    def node(self, node_id: str) -> Node:
        node = self._nodes.get(node_id)
        if node is None:
            raw = self._raw.get(node_id)
            if raw is None:
                raise self._error(f"the recorded lineage graph has no node {node_id!r}")
            try:
                node = self._nodes[node_id] = Node(**raw)
            except TypeError as exc:
                raise self._error(f"node {node_id!r} of the recorded graph is malformed: {exc}") from None
        return node

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
