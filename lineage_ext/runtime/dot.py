"""Graphviz for graph views: the node shapes graphviz knows, DOT text, and ``graphviz.Digraph`` objects.

Owns the shape vocabulary: any graphviz node shape is accepted (pyflow's ``shape="cylinder"``) and kept
for DOT output, while our own SVG drawing (``view.py``) uses the nearest of its five drawn shapes. DOT
text is produced without graphviz; ``to_graphviz`` needs the optional ``graphviz`` package (imported
lazily) and gives a ``Digraph`` whose ``source`` is exactly that text. Every id, label and colour is
quoted, so names cannot inject DOT statements.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import RuntimeGraphError

if TYPE_CHECKING:
    from .view_json import NodeShape, ViewEdge, ViewNode

# graphviz's polygon-based node shapes, by the drawn shape that approximates each
_DRAWN_AS: dict[NodeShape, tuple[str, ...]] = {
    "box": (
        "box", "polygon", "rect", "rectangle", "square", "plaintext", "plain", "none", "underline",
        "cylinder", "note", "tab", "folder", "box3d", "component", "promoter", "cds", "terminator",
        "utr", "primersite", "restrictionsite", "fivepoverhang", "threepoverhang", "noverhang",
        "assembly", "signature", "insulator", "ribosite", "rnastab", "proteasesite", "proteinstab",
        "rpromoter", "rarrow", "larrow", "lpromoter", "Msquare", "trapezium", "parallelogram",
        "house", "invtrapezium", "invhouse", "triangle", "invtriangle",
    ),
    "ellipse": ("ellipse", "oval", "egg"),
    "circle": ("circle", "point", "doublecircle", "Mcircle", "star"),
    "diamond": ("diamond", "Mdiamond"),
    "hexagon": ("hexagon", "pentagon", "septagon", "octagon", "doubleoctagon", "tripleoctagon"),
}  # fmt: skip
GRAPHVIZ_SHAPES: dict[str, NodeShape] = {
    shape: drawn for drawn, shapes in _DRAWN_AS.items() for shape in shapes
}
GRAPHVIZ_METHODS = frozenset({"render", "pipe", "save", "view", "unflatten", "format", "engine"})


def drawn_shape(shape: str) -> NodeShape:
    """The drawn shape for a graphviz shape name; ``RuntimeGraphError`` for an unknown name."""
    found = GRAPHVIZ_SHAPES.get(shape)
    if found is None:
        raise RuntimeGraphError(
            f"shape must be one of graphviz's node shapes ({', '.join(GRAPHVIZ_SHAPES)}); got {shape!r}"
        )
    return found


def _quoted(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot_body(nodes: Sequence[ViewNode], edges: Sequence[ViewEdge], shapes: Mapping[str, str]) -> list[str]:
    """DOT statements, one per line (graphviz's ``Digraph.body`` format)."""
    lines = ["\trankdir=TB\n"]
    for node in nodes:
        shape = shapes.get(node["id"], node["shape"])
        lines.append(
            f"\t{_quoted(node['id'])} [label={_quoted(node['label'])} shape={shape} "
            f"style=filled fillcolor={_quoted(node['color'])}]\n"
        )
    ranks: dict[str, list[str]] = {}
    for node in nodes:
        if node.get("rank") is not None:
            ranks.setdefault(str(node.get("rank")), []).append(_quoted(node["id"]))
    lines += [f"\t{{rank=same; {'; '.join(ids)}}}\n" for ids in ranks.values() if len(ids) > 1]
    for edge in edges:
        label = f" [label={_quoted(edge['label'])}]" if edge.get("label") else ""
        lines.append(f"\t{_quoted(edge['source'])} -> {_quoted(edge['target'])}{label}\n")
    return lines


def dot_source(body: list[str]) -> str:
    return "digraph {\n" + "".join(body) + "}\n"


def to_graphviz(body: list[str]) -> Any:  # Any: graphviz.Digraph, an optional dependency
    """A ``graphviz.Digraph`` holding ``body`` (needs the ``graphviz`` package)."""
    try:
        graphviz = importlib.import_module("graphviz")  # optional, and untyped
    except ImportError as exc:
        raise ImportError(
            "graphviz (the Python package) is not installed; `pip install graphviz`, or use the "
            "GraphView itself (SVG in notebooks, .source for DOT text)"
        ) from exc
    graph = graphviz.Digraph()
    graph.body.extend(body)
    return graph
