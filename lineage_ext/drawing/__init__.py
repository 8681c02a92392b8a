"""Graph pictures without graphviz: a layered layout (``layout``) and one SVG renderer (``svg``).

A low package: it imports only the standard library and knows nothing of lineage graphs, runtimes or
widgets. Callers turn their nodes into ``DrawNode``/``DrawEdge`` and get back coordinates or a standalone
SVG; the notebook widgets and the runtime's graph views draw through it, so one graph gets one picture.
"""

from __future__ import annotations

from .layout import Layout, Placement, layered_layout
from .svg import DrawEdge, DrawNode, layout_nodes, render_svg, safe_color

__all__ = [
    "DrawEdge",
    "DrawNode",
    "Layout",
    "Placement",
    "layered_layout",
    "layout_nodes",
    "render_svg",
    "safe_color",
]
