"""The read-only graph protocol every graph walk of lineage_ext runs on, and an index to satisfy it.

`Walkable[K]` is all a walk (`walk.traverse`, `walk.topological_order`) asks of a graph: the edges into and
out of a node, in a stable order. `ReadableGraph` is the lineage graph read-only: a `Walkable[str]` plus
node lookup and the queries slicing asks; `Graph` and `GraphSnapshot` both satisfy it, so every reader
accepts either. Graphs that are not lineage graphs (runtime tasks, a widget's drawing) become walkable
through `EdgeIndex` or two small methods, instead of carrying their own walk.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Generic, NamedTuple, Protocol, TypeVar

if TYPE_CHECKING:
    from .graph_json import NodeKind
    from .model import Node

K = TypeVar("K", bound=Hashable)
K_co = TypeVar("K_co", bound=Hashable, covariant=True)


class ReadableEdge(Protocol[K_co]):
    @property
    def source(self) -> K_co: ...
    @property
    def target(self) -> K_co: ...
    @property
    def kind(self) -> str: ...


class Walkable(Protocol[K]):
    """Edges into and out of a node. Their order is the order walks visit neighbours in."""

    def in_edges(self, node_id: K) -> Sequence[ReadableEdge[K]]: ...
    def out_edges(self, node_id: K) -> Sequence[ReadableEdge[K]]: ...


class ReadableGraph(Walkable[str], Protocol):
    """A lineage graph, read-only: what slicing needs, whether it holds a `Graph` or a `GraphSnapshot`."""

    @property
    def revision(self) -> int: ...
    def __contains__(self, node_id: object) -> bool: ...
    def node(self, node_id: str) -> Node: ...
    def nodes_of_kind(self, kind: NodeKind) -> list[Node]: ...
    def variable_versions(self, name: str) -> list[Node]: ...
    def latest_version(self, name: str) -> Node | None: ...


class Link(NamedTuple, Generic[K]):
    """A plain edge, for graphs that keep their edges some other way (adjacency lists, JSON dicts)."""

    source: K
    target: K
    kind: str = ""


class EdgeIndex(Generic[K]):
    """`Walkable` over an edge list: edges by node, in list order; a node without edges has none."""

    def __init__(self, edges: Iterable[ReadableEdge[K]]) -> None:
        incoming: dict[K, list[ReadableEdge[K]]] = {}
        outgoing: dict[K, list[ReadableEdge[K]]] = {}
        for edge in edges:  # one pass, no call per edge: a snapshot indexes thousands on every slice
            incoming.setdefault(edge.target, []).append(edge)
            outgoing.setdefault(edge.source, []).append(edge)
        self.incoming, self.outgoing = incoming, outgoing

    def in_edges(self, node_id: K) -> Sequence[ReadableEdge[K]]:
        return self.incoming.get(node_id, ())

    def out_edges(self, node_id: K) -> Sequence[ReadableEdge[K]]:
        return self.outgoing.get(node_id, ())
