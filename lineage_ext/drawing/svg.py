"""One SVG renderer for all graph pictures (widgets, runtime views): ``DrawNode``, ``render_svg``.

Owns shapes (box, rounded, ellipse, circle, diamond, hexagon, cylinder), the colour palette and escaping.
Colours are JupyterLab theme variables with fallbacks, written as inline ``style`` (presentation
attributes do not resolve ``var()``), so one SVG follows Lab's light/dark theme and still renders in
nbconvert HTML or on GitHub. Every text reaching the SVG is escaped: labels cannot inject markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .layout import Layout, Placement, layered_layout

# kind -> (fill, stroke); each a CSS value with a fallback for outside JupyterLab
PALETTE: dict[str, tuple[str, str]] = {
    "variable": ("var(--jp-brand-color3, #bbdefb)", "var(--jp-brand-color1, #1976d2)"),
    "statement": ("var(--jp-layout-color2, #eeeeee)", "var(--jp-border-color1, #9e9e9e)"),
    "cell": ("var(--jp-layout-color2, #eeeeee)", "var(--jp-border-color1, #9e9e9e)"),
    "file": ("var(--jp-warn-color3, #ffe0b2)", "var(--jp-warn-color1, #f57c00)"),
    "import": ("var(--jp-layout-color3, #e0e0e0)", "var(--jp-border-color1, #9e9e9e)"),
    "artifact": ("var(--jp-success-color3, #c8e6c9)", "var(--jp-success-color1, #388e3c)"),
    "trace": ("var(--jp-info-color3, #e1bee7)", "var(--jp-info-color1, #7b1fa2)"),
    "default": ("var(--jp-layout-color2, #eeeeee)", "var(--jp-border-color1, #9e9e9e)"),
}
TEXT_COLOR = "var(--jp-ui-font-color1, #212121)"
EDGE_COLOR = "var(--jp-ui-font-color2, #616161)"
STALE_COLOR = "var(--jp-warn-color0, #e65100)"
SHAPES = ("box", "rounded", "ellipse", "circle", "diamond", "hexagon", "cylinder")
CHAR_WIDTH = 7.0
NODE_HEIGHT = 32.0
MAX_LABEL = 40
_SAFE_COLOR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|(rgb|hsl)a?\([0-9., %]+\))$")


@dataclass(frozen=True)
class DrawNode:
    id: str
    label: str
    kind: str  # a PALETTE key; unknown kinds use "default"
    shape: str = "box"
    title: str = ""  # hover text
    fill: str | None = None  # overrides the palette (validated: a plain CSS colour)
    emphasis: bool = False  # thick outline (artifacts)
    faded: bool = False  # superseded versions, errors
    stale: bool = False  # computed from a value that changed since (ir/staleness.py): dashed warn outline


@dataclass(frozen=True)
class DrawEdge:
    source: str
    target: str
    kind: str = ""
    label: str = ""


def node_size(node: DrawNode) -> tuple[float, float]:
    text = short_label(node.label)
    return max(56.0, CHAR_WIDTH * len(text) + 24.0), NODE_HEIGHT


def short_label(label: str) -> str:
    first_line = label.strip().splitlines()[0] if label.strip() else label
    return first_line if len(first_line) <= MAX_LABEL else first_line[: MAX_LABEL - 1] + "…"


def safe_color(color: str) -> bool:
    """Whether ``color`` is a plain CSS colour (name, #hex, rgb()/hsl()), safe inside a ``style``."""
    return _SAFE_COLOR.match(color) is not None


def layout_nodes(
    nodes: Sequence[DrawNode], edges: Sequence[DrawEdge], ranks: Mapping[str, str] | None = None
) -> Layout:
    """The layered layout of a drawing, each node sized for its label (``ranks``: see ``layered_layout``)."""
    sizes = {n.id: node_size(n) for n in nodes}
    return layered_layout(sizes, [(e.source, e.target) for e in edges], ranks)


def render_svg(nodes: Sequence[DrawNode], edges: Sequence[DrawEdge], layout: Layout | None = None) -> str:
    """The whole graph as one standalone SVG document (``xmlns`` set, usable as image/svg+xml)."""
    layout = layout or layout_nodes(nodes, edges)
    width, height = max(layout.width, 80.0), max(layout.height, 40.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage-ext-graph" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        'font-family="sans-serif" font-size="12">',
        '<defs><marker id="lx-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0L10,5L0,10z" style="fill:{EDGE_COLOR}"/></marker></defs>',
    ]
    if not nodes:
        parts.append(f'<text x="12" y="24" style="fill:{TEXT_COLOR}">(empty graph)</text>')
    parts.extend(_edge_svg(edge, layout) for edge in edges if _drawable(edge, layout))
    parts.extend(_node_svg(node, layout) for node in nodes if node.id in layout.placements)
    parts.append("</svg>")
    return "".join(parts)


def _drawable(edge: DrawEdge, layout: Layout) -> bool:
    return edge.source in layout.placements and edge.target in layout.placements


def _edge_svg(edge: DrawEdge, layout: Layout) -> str:
    source, target = layout.placements[edge.source], layout.placements[edge.target]
    x1, y1 = source.x, source.y + source.height / 2
    x2, y2 = target.x, target.y - target.height / 2
    if target.layer <= source.layer:  # a back edge (only in cyclic input): leave from the side
        y1, y2 = source.y, target.y
    dash = ' stroke-dasharray="4 3"' if edge.kind == "mutates" else ""
    title = html.escape(" ".join(part for part in (edge.kind, edge.label) if part))
    points = [(x1, y1), *layout.routes.get((edge.source, edge.target), ()), (x2, y2)]
    return (
        f'<path class="lx-edge" d="{_smooth_path(points)}" style="fill:none;stroke:{EDGE_COLOR}"{dash} '
        f'marker-end="url(#lx-arrow)"><title>{title}</title></path>'
    )


def _smooth_path(points: list[tuple[float, float]]) -> str:
    """Cubic segments through ``points`` that leave and enter each point vertically."""
    (x, y), rest = points[0], points[1:]
    parts = [f"M{x:.1f},{y:.1f}"]
    for nx, ny in rest:
        bend = max(abs(ny - y) / 2, 12.0)
        parts.append(f"C{x:.1f},{y + bend:.1f} {nx:.1f},{ny - bend:.1f} {nx:.1f},{ny:.1f}")
        x, y = nx, ny
    return " ".join(parts)


def _node_svg(node: DrawNode, layout: Layout) -> str:
    place = layout.placements[node.id]
    fill, stroke = PALETTE.get(node.kind, PALETTE["default"])
    if node.fill is not None and safe_color(node.fill):
        fill = node.fill
    stroke_width = 2.5 if node.emphasis else 1.0
    opacity = ";opacity:0.55" if node.faded else ""
    if node.stale:
        stroke = f"{STALE_COLOR};stroke-dasharray:4 2"
    style = f'style="fill:{fill};stroke:{stroke};stroke-width:{stroke_width}{opacity}"'
    title = html.escape(node.title or node.label)
    label = html.escape(short_label(node.label))
    marks = " lx-stale" if node.stale else ""
    return (
        f'<g class="lx-node lx-{html.escape(node.kind, quote=True)}{marks}" '
        f'data-id="{html.escape(node.id, quote=True)}">'
        f"<title>{title}</title>{_shape(node.shape, place, style)}"
        f'<text x="{place.x:.1f}" y="{place.y + 4:.1f}" text-anchor="middle" style="fill:{TEXT_COLOR}">'
        f"{label}</text></g>"
    )


def _shape(shape: str, place: Placement, style: str) -> str:
    x, y, w, h = place.x, place.y, place.width, place.height
    left, top = x - w / 2, y - h / 2
    if shape in ("ellipse", "circle"):
        rx = h / 2 if shape == "circle" else w / 2
        return f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx:.1f}" ry="{h / 2:.1f}" {style}/>'
    if shape == "cylinder":
        cap = 5.0
        body = (
            f"M{left:.1f},{top + cap:.1f} a{w / 2:.1f},{cap:.1f} 0 0,0 {w:.1f},0 "
            f"a{w / 2:.1f},{cap:.1f} 0 0,0 {-w:.1f},0 v{h - 2 * cap:.1f} "
            f"a{w / 2:.1f},{cap:.1f} 0 0,0 {w:.1f},0 v{-(h - 2 * cap):.1f}"
        )
        return f'<path d="{body}" {style}/>'
    if shape in ("diamond", "hexagon"):
        inset = h / 2 if shape == "hexagon" else w / 2
        points = [(left, y), (left + inset, top), (left + w - inset, top), (left + w, y)]
        points += [(left + w - inset, top + h), (left + inset, top + h)]
        text = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        return f'<polygon points="{text}" {style}/>'
    radius = 10.0 if shape == "rounded" else 3.0
    return f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius:.0f}" {style}/>'
