"""Graph views: a layered layout, an SVG drawing, and the JSON/dagre shapes of ``wire.py``.

``GraphView`` takes plain node and edge descriptions (built by ``GraphBuilder.view`` and ``Flow.view``),
lays them out top to bottom (layer = longest path from a source, nodes sharing a ``rank`` aligned on one
layer, order within a layer by the mean position of predecessors) and renders itself for Jupyter
(``_repr_svg_``/``_repr_html_``) without any external binary. Every text and colour that reaches the SVG is
escaped, so labels cannot inject markup.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import RuntimeGraphError

if TYPE_CHECKING:
    from .states import TaskRun

from .wire import (
    DagreGraph,
    NodeKind,
    NodeShape,
    RuntimeGraphView,
    ViewEdge,
    ViewNode,
)

NODE_HEIGHT = 36.0
LAYER_GAP = 44.0
NODE_GAP = 24.0
MARGIN = 16.0
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
_COLOR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|(rgb|hsl)a?\([0-9., %]+\))$")


def checked_shape(shape: str | None, default: NodeShape) -> NodeShape:
    """The drawn shape for any graphviz shape name (``dot.py`` keeps the name itself for DOT)."""
    if shape is None:
        return default
    from .dot import drawn_shape

    return drawn_shape(shape)


def checked_color(color: str | None, default: str) -> str:
    if color is None:
        return default
    if not _COLOR.match(color):
        raise RuntimeGraphError(f"color must be a CSS colour name, #hex, rgb() or hsl(); got {color!r}")
    return color


class GraphView:
    """A laid-out graph; ``nodes`` are ``ViewNode`` without layout fields, completed here."""

    def __init__(self, nodes: list[dict[str, Any]], edges: list[ViewEdge], summary: bool) -> None:
        self.summary = summary
        self.edges = edges
        self.dot_shapes: dict[str, str] = {n["id"]: n.get("dot_shape", n["shape"]) for n in nodes}
        self.nodes: list[ViewNode] = _layout(nodes, edges)
        self.width = max((n["x"] + n["width"] / 2 for n in self.nodes), default=0.0) + MARGIN
        self.height = max((n["y"] + n["height"] / 2 for n in self.nodes), default=0.0) + MARGIN

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
        return render_svg(self.nodes, self.edges, self.width, self.height)

    def _repr_html_(self) -> str:
        return f'<div class="lineage-ext-runtime-graph" style="overflow:auto">{self._repr_svg_()}</div>'


def _layout(nodes: list[dict[str, Any]], edges: list[ViewEdge]) -> list[ViewNode]:
    ids = [node["id"] for node in nodes]
    preds: dict[str, list[str]] = {node_id: [] for node_id in ids}
    for edge in edges:
        preds[edge["target"]].append(edge["source"])
    layer = _layers(nodes, preds)
    by_layer: dict[int, list[str]] = {}
    for node_id in ids:
        by_layer.setdefault(layer[node_id], []).append(node_id)
    order: dict[str, float] = {}
    for level in sorted(by_layer):
        members = by_layer[level]
        first_seen = {member: position for position, member in enumerate(members)}
        members.sort(key=lambda m: (_barycenter(m, preds, order, first_seen[m]), first_seen[m]))
        for position, member in enumerate(members):
            order[member] = position
    return _coordinates(nodes, layer, order, by_layer)


def _layers(nodes: list[dict[str, Any]], preds: dict[str, list[str]]) -> dict[str, int]:
    """Longest path from a source, then nodes of one rank lifted to the lowest layer among them."""
    layer: dict[str, int] = {}
    rank_of = {node["id"]: node.get("rank") for node in nodes}
    for _ in range(len(nodes) + 1):  # repeat until stable: rank alignment can push successors down
        changed = False
        for node in nodes:  # nodes arrive in a topological order
            node_id = node["id"]
            wanted = max((layer.get(p, 0) + 1 for p in preds[node_id]), default=0)
            if layer.get(node_id, -1) < wanted:
                layer[node_id], changed = wanted, True
        ranks: dict[str, int] = {}
        for node_id, rank in rank_of.items():
            if rank is not None:
                ranks[rank] = max(ranks.get(rank, 0), layer[node_id])
        for node_id, rank in rank_of.items():
            if rank is not None and layer[node_id] != ranks[rank]:
                layer[node_id], changed = ranks[rank], True
        if not changed:
            break
    return layer


def _barycenter(node_id: str, preds: dict[str, list[str]], order: dict[str, float], fallback: int) -> float:
    placed = [order[p] for p in preds[node_id] if p in order]
    return sum(placed) / len(placed) if placed else float(fallback)


def _coordinates(
    nodes: list[dict[str, Any]],
    layer: dict[str, int],
    order: dict[str, float],
    by_layer: dict[int, list[str]],
) -> list[ViewNode]:
    width = {node["id"]: max(72.0, 7.5 * len(node["label"]) + 24.0) for node in nodes}
    row_width = {lvl: sum(width[m] for m in ms) + NODE_GAP * (len(ms) - 1) for lvl, ms in by_layer.items()}
    widest = max(row_width.values(), default=0.0)
    x_of: dict[str, float] = {}
    for level, members in by_layer.items():
        cursor = MARGIN + (widest - row_width[level]) / 2
        for member in members:
            x_of[member] = cursor + width[member] / 2
            cursor += width[member] + NODE_GAP
    laid: list[ViewNode] = []
    for node in nodes:
        node_id = node["id"]
        extra = {key: node[key] for key in ("persist", "has_value", "state", "cached") if key in node}
        laid.append(
            ViewNode(
                id=node_id,
                label=node["label"],
                kind=node["kind"],
                shape=node["shape"],
                color=node["color"],
                rank=node.get("rank"),
                layer=layer[node_id],
                order=int(order[node_id]),
                x=x_of[node_id],
                y=MARGIN + NODE_HEIGHT / 2 + layer[node_id] * (NODE_HEIGHT + LAYER_GAP),
                width=width[node_id],
                height=NODE_HEIGHT,
                **extra,  # type: ignore[typeddict-item]
            )
        )
    return laid


def render_svg(nodes: list[ViewNode], edges: list[ViewEdge], width: float, height: float) -> str:
    where = {node["id"]: node for node in nodes}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="12">',
        '<defs><marker id="lx-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>',
    ]
    for edge in edges:
        source, target = where[edge["source"]], where[edge["target"]]
        x1, y1 = source["x"], source["y"] + source["height"] / 2
        x2, y2 = target["x"], target["y"] - target["height"] / 2
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + 20:.1f} {x2:.1f},{y2 - 20:.1f} {x2:.1f},{y2:.1f}" '
            'fill="none" stroke="#555" marker-end="url(#lx-arrow)"/>'
        )
    for node in nodes:
        parts.append(_shape_svg(node))
        parts.append(
            f'<text x="{node["x"]:.1f}" y="{node["y"] + 4:.1f}" text-anchor="middle">'
            f"{html.escape(node['label'])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _shape_svg(node: ViewNode) -> str:
    x, y, w, h = node["x"], node["y"], node["width"], node["height"]
    style = f'fill="{html.escape(node["color"], quote=True)}" stroke="#333"'
    title = f"<title>{html.escape(node['id'])}</title>"
    if node["shape"] in ("ellipse", "circle"):
        ry = h / 2
        rx = ry if node["shape"] == "circle" else w / 2
        return f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx:.1f}" ry="{ry:.1f}" {style}>{title}</ellipse>'
    if node["shape"] == "diamond":
        points = [(x, y - h / 2), (x + w / 2, y), (x, y + h / 2), (x - w / 2, y)]
    elif node["shape"] == "hexagon":
        inset = h / 2
        points = [
            (x - w / 2, y),
            (x - w / 2 + inset, y - h / 2),
            (x + w / 2 - inset, y - h / 2),
            (x + w / 2, y),
        ]
        points += [(x + w / 2 - inset, y + h / 2), (x - w / 2 + inset, y + h / 2)]
    else:
        box = f'x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}"'
        return f'<rect {box} rx="4" {style}>{title}</rect>'
    text = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{text}" {style}>{title}</polygon>'


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
