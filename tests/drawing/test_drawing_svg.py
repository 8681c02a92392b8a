"""The one SVG renderer: one group per node, one path per edge, escaped text, checked colours, shared by
the widgets and the runtime's own views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from lineage_ext.drawing import DrawEdge, DrawNode, layout_nodes, render_svg, safe_color
from lineage_ext.runtime import GraphBuilder
from lineage_ext.widgets import runtime_graph_widget

SVG = "{http://www.w3.org/2000/svg}"


def test_every_node_and_edge_is_drawn_and_text_is_escaped() -> None:
    nodes = [
        DrawNode("a", "<b>load</b>", "variable"),
        DrawNode('b"', "clean", "statement", shape="diamond", fill="red; x: url(evil)"),
        DrawNode("c", "save", "artifact", shape="cylinder", fill="#abc"),
    ]
    edges = [DrawEdge("a", 'b"', "uses", "rows"), DrawEdge('b"', "c"), DrawEdge("a", "missing")]
    svg = render_svg(nodes, edges)
    root = ET.fromstring(svg)  # well-formed
    groups = [g for g in root.iter(f"{SVG}g") if "lx-node" in g.get("class", "")]
    assert [g.get("data-id") for g in groups] == ["a", 'b"', "c"]
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "lx-edge"]) == 2  # not to "missing"
    assert [t.text for t in root.iter(f"{SVG}text")] == ["<b>load</b>", "clean", "save"]
    assert "<b>" not in svg
    assert "url(evil)" not in svg  # an unsafe fill falls back to the palette
    assert "fill:#abc" in svg


def test_safe_colors_are_plain_css_colours_only() -> None:
    assert all(safe_color(c) for c in ("red", "#abc", "#a1b2c3d4", "rgb(1, 2, 3)", "hsla(1, 2%, 3%, 0.5)"))
    assert not any(safe_color(c) for c in ('red" onload="x', "url(x)", "red;fill:blue", ""))


def test_an_empty_graph_still_draws() -> None:
    svg = render_svg([], [])
    assert "(empty graph)" in svg
    assert ET.fromstring(svg).tag == f"{SVG}svg"


def test_a_given_layout_is_used_as_is() -> None:
    nodes = [DrawNode("x", "x", "cell"), DrawNode("y", "y", "cell"), DrawNode("z", "z", "cell")]
    edges = [DrawEdge("x", "z")]
    layout = layout_nodes(nodes, edges, ranks={"y": "r", "z": "r"})  # y would sit beside x without its rank
    texts = {
        t.text: float(t.get("y", "0"))
        for t in ET.fromstring(render_svg(nodes, edges, layout)).iter(f"{SVG}text")
    }
    assert texts["y"] == texts["z"] > texts["x"]
    assert texts["y"] == layout.placements["y"].y + 4  # the text baseline of the given placement


def _titles(svg: str) -> list[str]:
    return sorted(re.findall(r'data-id="[^"]*"><title>([^<]*)</title>', svg))


def test_runtime_views_and_their_widget_draw_the_same_nodes() -> None:
    def double(x: int) -> int:
        return 2 * x

    graph = GraphBuilder()
    graph.add(double, shape="ellipse", color="lightgreen")(graph.add(double, rank="r")(1))
    view = graph.view(summary=False)
    own = view._repr_svg_()
    widget = runtime_graph_widget(view)
    assert _titles(own) == _titles(widget.svg)
    assert len(_titles(own)) == len(view.to_json()["nodes"])
    assert own.count("fill:lightgreen") == widget.svg.count("fill:lightgreen") == 1
