"""Graph views of runtimes: the JSON/dagre shapes of `view_json.py` and their picture.

``GraphView`` takes plain node and edge descriptions (built by ``GraphBuilder.view`` and ``Flow.view``),
turns them into a drawing (``runtime_drawing``, which the runtime widget shows too), lays it out with the
shared layered layout (nodes sharing a ``rank`` on one layer) and renders itself for Jupyter
(``_repr_svg_``/``_repr_html_``) with the shared SVG renderer of ``lineage_ext.drawing``, without any
external binary. Every text and colour that reaches the SVG is escaped, so labels cannot inject markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lineage_ext.drawing import DrawEdge, DrawNode, Layout, layout_nodes, render_svg, safe_color
from lineage_ext.errors import RuntimeGraphError

if TYPE_CHECKING:
    from .states import TaskRun

from .view_json import (
    DagreGraph,
    NodeKind,
    NodeShape,
    RuntimeGraphView,
    ViewEdge,
    ViewNode,
)

DEFAULT_FILL: dict[NodeKind, str] = {
    "operation": "#dbeafe",
    "data": "#f3f4f6",
    "input": "#fef3c7",
    "task": "#e5e7eb",
}
STATE_FILL = {
    "pending": "#e5e7eb",
    "scheduled": "#fde68a",
    "running": "#93c5fd",
    "finished": "#86efac",
    "failed": "#fca5a5",
    "upstream_failed": "#fed7aa",
    "killed": "#d8b4fe",
}
SHAPES: tuple[NodeShape, ...] = ("box", "ellipse", "circle", "diamond", "hexagon")
FADED_STATES = ("failed", "upstream_failed", "killed")


def checked_shape(shape: str | None, default: NodeShape) -> NodeShape:
    """The drawn shape for any graphviz shape name (``dot.py`` keeps the name itself for DOT)."""
    if shape is None:
        return default
    from .dot import drawn_shape

    return drawn_shape(shape)


def checked_color(color: str | None, default: str) -> str:
    if color is None:
        return default
    if not safe_color(color):
        raise RuntimeGraphError(f"color must be a CSS colour name, #hex, rgb() or hsl(); got {color!r}")
    return color


class GraphView:
    """A laid-out graph; ``nodes`` are ``ViewNode`` without layout fields, completed here."""

    def __init__(self, nodes: list[dict[str, Any]], edges: list[ViewEdge], summary: bool) -> None:
        self.summary = summary
        self.edges = edges
        self.dot_shapes: dict[str, str] = {n["id"]: n.get("dot_shape", n["shape"]) for n in nodes}
        ranks = {n["id"]: n["rank"] for n in nodes if n.get("rank") is not None}
        self._layout: Layout = layout_nodes(*runtime_drawing(nodes, edges), ranks)
        self.nodes: list[ViewNode] = [_placed(node, self._layout) for node in nodes]
        self.width = self._layout.width
        self.height = self._layout.height

    def to_json(self) -> RuntimeGraphView:
        return {
            "kind": "runtime_graph",
            "version": 1,
            "summary": self.summary,
            "width": self.width,
            "height": self.height,
            "nodes": [ViewNode(**node) for node in self.nodes],
            "edges": [ViewEdge(**edge) for edge in self.edges],
        }

    def to_dagre(self) -> DagreGraph:
        """dagre-py's ``plot()`` input: labels double as identities, so repeated labels get the node id.

        dagre-py inserts text as raw HTML, so labels, descriptions, tooltips and edge labels are escaped (as
        the widgets' dagre-py payload does); edges name their nodes by the same escaped labels.
        """
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node["label"]] = counts.get(node["label"], 0) + 1
        labels = {
            n["id"]: html.escape(n["label"] if counts[n["label"]] == 1 else f"{n['label']} ({n['id']})")
            for n in self.nodes
        }
        return {
            "nodes": [
                {
                    "label": labels[n["id"]],
                    "description": html.escape(f"{n['kind']} {n['id']}"),
                    "tooltip": html.escape(n.get("state", n["kind"])),
                    "attributes": {"style": {"fill": n["color"], "stroke": "#333"}, "shape": n["shape"]},
                }
                for n in self.nodes
            ],
            "edges": [
                {
                    "source": labels[e["source"]],
                    "target": labels[e["target"]],
                    "label": html.escape(e.get("label", "")),
                }
                for e in self.edges
            ],
            "attributes": {"rankdir": "TB"},
        }

    def plot_dagre(self) -> None:
        """Open the graph with dagre-py (optional extra ``lineage_ext[dagre]``)."""
        try:
            from dagre_py.core import plot
        except Exception as exc:  # dagre-py also fails on import when pkg_resources is missing
            raise ImportError(
                f"dagre-py is not usable here ({exc}); use to_json() or the notebook view"
            ) from exc
        plot(self.to_dagre())

    @property
    def source(self) -> str:
        """The graph as DOT text (graphviz's ``source``), with the graphviz shapes asked for."""
        from .dot import dot_body, dot_source

        return dot_source(dot_body(self.nodes, self.edges, self.dot_shapes))

    def to_graphviz(self) -> Any:  # Any: graphviz.Digraph (optional dependency)
        """A ``graphviz.Digraph`` of this graph (needs the ``graphviz`` package)."""
        from .dot import dot_body, to_graphviz

        return to_graphviz(dot_body(self.nodes, self.edges, self.dot_shapes))

    def __getattr__(self, name: str) -> Any:
        from .dot import GRAPHVIZ_METHODS

        if name in GRAPHVIZ_METHODS:  # graphviz-compatible: render(), pipe(), ... go to a Digraph
            return getattr(self.to_graphviz(), name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _repr_svg_(self) -> str:
        return render_svg(*runtime_drawing(self.nodes, self.edges), self._layout)

    def _repr_html_(self) -> str:
        return f'<div class="lineage-ext-runtime-graph" style="overflow:auto">{self._repr_svg_()}</div>'


def runtime_drawing(
    nodes: Sequence[ViewNode | dict[str, Any]], edges: Sequence[ViewEdge]
) -> tuple[list[DrawNode], list[DrawEdge]]:
    """The drawing of view nodes and edges (laid out or not): shapes, fills, faded failures, hover facts."""
    drawn = [_drawn_node(node) for node in nodes]
    return drawn, [DrawEdge(e["source"], e["target"], "", e.get("label", "")) for e in edges]


def _drawn_node(node: ViewNode | dict[str, Any]) -> DrawNode:
    facts = [f"{node['kind']} {node['id']}"]
    facts += [
        f"{key}: {node[key]}"
        for key in ("state", "cached", "persist", "has_value", "rank")
        if node.get(key) is not None
    ]
    return DrawNode(
        id=node["id"],
        label=node["label"],
        kind="default",
        shape=node["shape"] if node["shape"] in SHAPES else "box",
        title="\n".join(facts),
        fill=node.get("color"),
        faded=node.get("state") in FADED_STATES,
    )


def _placed(node: dict[str, Any], layout: Layout) -> ViewNode:
    """``node`` completed with its place in ``layout``."""
    place = layout.placements[node["id"]]
    extra = {key: node[key] for key in ("persist", "has_value", "state", "cached") if key in node}
    placed: ViewNode = ViewNode(
        id=node["id"],
        label=node["label"],
        kind=node["kind"],
        shape=node["shape"],
        color=node["color"],
        rank=node.get("rank"),
        layer=place.layer,
        order=place.order,
        x=place.x,
        y=place.y,
        width=place.width,
        height=place.height,
        **extra,  # type: ignore[typeddict-item]
    )
    return placed


def flow_view(runs: list[TaskRun]) -> GraphView:
    """A view of a flow's task instances (``TaskRun`` records, in topological order)."""
    nodes = [
        {
            "id": run.name,
            "label": run.name,
            "kind": "task",
            "shape": "box",
            "color": STATE_FILL[str(run.state)],
            "state": str(run.state),
            "cached": run.cached,
        }
        for run in runs
    ]
    edges: list[ViewEdge] = [
        {"source": pred, "target": run.name} for run in runs for pred in run.predecessors
    ]
    return GraphView(nodes, edges, summary=True)
