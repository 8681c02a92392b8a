"""Lazy computation graphs built by calling functions on handles (``GraphBuilder``).

``G.add(func, ...)(*args, **kwargs)`` records an operation and returns data-node handles; nothing runs
until ``handle.get()`` (or ``G.run(*handles)``). Evaluation runs only the operations the requested nodes
need and whose outputs are not held already, in dependency order.

Memory rule (reference counting): a computed value is held while some operation that still has to run
consumes it: an operation of the current evaluation, or one that has never run at all. When the last
such consumer has run, the value is released (and can be garbage-collected), unless its node or the
whole graph was created with ``persist=True``. Raw inputs (plain values passed as arguments) are always
kept. A released node is recomputed if it is asked for again.

``verbose=True`` prints pyflow's messages ("adding_0 activated!", "running adding_0", "data_3 released!",
using pyflow's uids ``<function>_<n>``/``data_<n>``) and logs each activation, run and release on the
``lineage_ext.runtime`` logger at INFO level. ``shape`` takes any graphviz node shape (``dot.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.ir import EdgeIndex, Link, topological_order

from .view import DEFAULT_FILL, GraphView, checked_color, checked_shape
from .view_json import NodeKind, ViewEdge

logger = logging.getLogger("lineage_ext.runtime")

_NO_VALUE: Any = object()


class DataNode:
    """A handle on one value of the graph: a raw input or one output of an operation."""

    __slots__ = ("__weakref__", "_value", "alias", "consumers", "graph", "id", "persist", "producer", "uid")

    def __init__(
        self, graph: GraphBuilder, node_id: str, alias: str | None, producer: OperationNode | None
    ) -> None:
        self.graph = graph
        self.id = node_id
        self.uid = f"data_{graph._next_uid()}"  # pyflow's name, used by verbose messages
        self.alias = alias
        self.producer = producer  # None for a raw input
        self.consumers: list[OperationNode] = []
        self.persist = False
        self._value: Any = _NO_VALUE

    @property
    def is_input(self) -> bool:
        return self.producer is None

    @property
    def has_value(self) -> bool:
        return self._value is not _NO_VALUE

    @property
    def label(self) -> str:
        if self.alias:
            return self.alias
        if self.producer is None:
            text = repr(self._value)
            return text if len(text) <= 24 else text[:21] + "..."
        return f"{self.producer.label}:{self.producer.outputs.index(self)}"

    def get(self) -> Any:
        """Evaluate (lazily) and return this node's value."""
        return self.graph.run(self)[0]

    def __repr__(self) -> str:
        state = "held" if self.has_value else "not held"
        return f"<DataNode {self.id} {self.label!r} ({state})>"


class OperationNode:
    __slots__ = (
        "args",
        "color",
        "dot_shape",
        "func",
        "id",
        "kwargs",
        "label",
        "outputs",
        "persist",
        "rank",
        "runs",
        "shape",
        "uid",
    )

    def __init__(
        self, node_id: str, func: Callable[..., Any], persist: bool, style: dict[str, Any], uid: int
    ) -> None:
        self.id = node_id
        self.func = func
        self.label: str = getattr(func, "__name__", None) or type(func).__name__
        self.uid = f"{self.label}_{uid}"
        self.persist = persist
        self.rank: str | None = style["rank"]
        self.shape: str = style["shape"]
        self.dot_shape: str = style["dot_shape"]
        self.color: str = style["color"]
        self.args: list[DataNode] = []
        self.kwargs: dict[str, DataNode] = {}
        self.outputs: list[DataNode] = []
        self.runs = 0  # how many times it ran; 0 means "never ran", which keeps its inputs alive

    @property
    def inputs(self) -> list[DataNode]:
        return [*self.args, *self.kwargs.values()]


class GraphBuilder:
    """Builds a lazy graph: ``G = GraphBuilder(); c = G.add(f)(a, b); c.get()``."""

    def __init__(self, persist: bool = False, verbose: bool = False) -> None:
        self.persist = persist
        self.verbose = verbose
        self.operations: list[OperationNode] = []
        self.data: list[DataNode] = []
        self._uids = 0

    def _next_uid(self) -> int:
        """pyflow numbers operations and data nodes with one counter, in creation order."""
        self._uids += 1
        return self._uids - 1

    def add(
        self,
        func: Callable[..., Any],
        *,
        n_out: int = 1,
        persist: bool = False,
        alias: str | Sequence[str] | None = None,
        rank: str | int | None = None,
        shape: str | None = None,
        color: str | None = None,
    ) -> Callable[..., Any]:
        """Return a function that records a call of ``func`` and gives back its output handle(s).

        ``n_out > 1`` means ``func`` returns that many values; the call then gives a tuple of handles.
        ``alias`` names the output(s) (one name per output). ``rank``/``shape``/``color`` style the view.
        """
        if not callable(func):
            raise RuntimeGraphError(f"G.add needs a callable, got {func!r}")
        if n_out < 1:
            raise RuntimeGraphError(f"n_out must be at least 1, got {n_out}")
        aliases = _aliases(alias, n_out)
        style = {
            "rank": None if rank is None else str(rank),
            "shape": checked_shape(shape, "box"),
            "dot_shape": shape or "box",
            "color": checked_color(color, DEFAULT_FILL["operation"]),
        }

        def record(*args: Any, **kwargs: Any) -> DataNode | tuple[DataNode, ...]:
            operation = OperationNode(f"op{len(self.operations)}", func, persist, style, self._next_uid())
            self._connect(operation, args, kwargs, aliases)
            return operation.outputs[0] if n_out == 1 else tuple(operation.outputs)

        return record

    def _connect(
        self,
        operation: OperationNode,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        aliases: list[str | None],
    ) -> None:
        operation.args = [self._as_node(value) for value in args]
        operation.kwargs = {key: self._as_node(value) for key, value in kwargs.items()}
        for node in operation.inputs:
            node.consumers.append(operation)
        for alias in aliases:
            output = DataNode(self, f"d{len(self.data)}", alias, operation)
            output.persist = operation.persist or self.persist
            self.data.append(output)
            operation.outputs.append(output)
        self.operations.append(operation)

    def _as_node(self, value: Any) -> DataNode:
        if isinstance(value, DataNode):
            if value.graph is not self:
                raise RuntimeGraphError(f"{value!r} belongs to another GraphBuilder")
            return value
        node = DataNode(self, f"d{len(self.data)}", None, None)
        node._value = value  # raw inputs are kept for the life of the graph
        self.data.append(node)
        return node

    def run(self, *nodes: DataNode) -> list[Any]:
        """Evaluate ``nodes`` in one pass (shared intermediates computed once); return their values.

        Without arguments, evaluates every final output (outputs no operation consumes), in creation order.
        """
        from .evaluate import evaluate

        targets = list(nodes) or [node for node in self.data if not node.is_input and not node.consumers]
        return evaluate(self, targets)

    def view(self, summary: bool = True) -> GraphView:
        """The graph for display: operations only (``summary=True``) or with data nodes and inputs."""
        nodes: list[dict[str, Any]] = [_operation_view(op) for op in self.operations]
        edges: list[ViewEdge] = []
        if summary:
            drawn: set[tuple[str, str]] = set()
            for op in self.operations:
                for node in op.inputs:
                    if node.producer is not None and (node.id, op.id) not in drawn:  # f(x, x): one edge
                        drawn.add((node.id, op.id))
                        edges.append({"source": node.producer.id, "target": op.id, "label": node.label})
            return GraphView(nodes, edges, summary=True)
        nodes = [*(_data_view(node) for node in self.data if node.is_input), *nodes]
        nodes += [_data_view(node) for node in self.data if not node.is_input]
        for op in self.operations:
            edges += [{"source": node.id, "target": op.id} for node in op.inputs]
            edges += [{"source": op.id, "target": node.id} for node in op.outputs]
        return GraphView(_topological(nodes, edges), edges, summary=False)


def _aliases(alias: str | Sequence[str] | None, n_out: int) -> list[str | None]:
    if alias is None:
        return [None] * n_out
    names = [alias] if isinstance(alias, str) else list(alias)
    if len(names) != n_out:
        raise RuntimeGraphError(f"alias gives {len(names)} name(s) for {n_out} output(s)")
    return list(names)


def _operation_view(op: OperationNode) -> dict[str, Any]:
    return {
        "id": op.id,
        "label": op.label,
        "kind": "operation",
        "shape": op.shape,
        "dot_shape": op.dot_shape,
        "color": op.color,
        "rank": op.rank,
        "persist": op.persist,
    }


def _data_view(node: DataNode) -> dict[str, Any]:
    kind: NodeKind = "input" if node.is_input else "data"
    return {
        "id": node.id,
        "label": node.label,
        "kind": kind,
        "shape": "ellipse",
        "color": DEFAULT_FILL[kind],
        "rank": None,
        "persist": node.persist or node.is_input,
        "has_value": node.has_value,
    }


def _topological(nodes: list[dict[str, Any]], edges: list[ViewEdge]) -> list[dict[str, Any]]:
    """Order view nodes so every edge points forward (the layout relies on it); ties first come first."""
    by_id = {node["id"]: node for node in nodes}
    links = EdgeIndex(Link(edge["source"], edge["target"]) for edge in edges)
    return [by_id[node_id] for node_id in topological_order(list(by_id), links, ties="ready")]
