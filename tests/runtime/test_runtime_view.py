"""Views of lazy graphs and flows: JSON shape, layered layout, SVG, dagre-py shape."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.runtime import Flow, GraphBuilder, TaskSpec

SVG = "{http://www.w3.org/2000/svg}"


def split(x: int) -> tuple[int, int]:
    return x, x + 1


def add(a: int, b: int) -> int:
    return a + b


def build() -> GraphBuilder:
    graph = GraphBuilder()
    left, right = graph.add(split, n_out=2, alias=["left", "right"], shape="hexagon", color="#fca5a5")(1)
    first = graph.add(add, rank="same")(left, 5)
    graph.add(lambda a: a, rank="same", shape="diamond")(graph.add(add)(right, right))
    graph.add(add, shape="ellipse", color="lightgreen")(first, right)
    return graph


def test_summary_view_has_operations_only_with_styles_and_labelled_edges() -> None:
    view = build().view(summary=True).to_json()
    assert view["kind"] == "runtime_graph"
    assert view["summary"] is True
    assert [(n["id"], n["label"], n["kind"], n["shape"], n["color"], n["rank"]) for n in view["nodes"]] == [
        ("op0", "split", "operation", "hexagon", "#fca5a5", None),
        ("op1", "add", "operation", "box", "#dbeafe", "same"),
        ("op2", "add", "operation", "box", "#dbeafe", None),
        ("op3", "<lambda>", "operation", "diamond", "#dbeafe", "same"),
        ("op4", "add", "operation", "ellipse", "lightgreen", None),
    ]
    assert view["edges"] == [
        {"source": "op0", "target": "op1", "label": "left"},
        {"source": "op0", "target": "op2", "label": "right"},
        {"source": "op2", "target": "op3", "label": "add:0"},
        {"source": "op1", "target": "op4", "label": "add:0"},
        {"source": "op0", "target": "op4", "label": "right"},
    ]
    layers = {n["id"]: n["layer"] for n in view["nodes"]}
    # op1 would sit on layer 1, but shares rank "same" with op3 (layer 2): both on layer 2
    assert layers == {"op0": 0, "op1": 2, "op2": 1, "op3": 2, "op4": 3}
    json.dumps(view)  # plain JSON


def test_full_view_adds_inputs_and_data_nodes_in_a_valid_layering() -> None:
    graph = build()
    graph.data[-1].get()
    view = graph.view(summary=False).to_json()
    kinds = {n["id"]: n["kind"] for n in view["nodes"]}
    assert kinds["d0"] == "input"
    assert kinds["op0"] == "operation"
    assert kinds["d1"] == "data"
    assert sum(1 for k in kinds.values() if k == "input") == 2  # the raw 1 and 5
    layer = {n["id"]: n["layer"] for n in view["nodes"]}
    assert all(layer[e["source"]] < layer[e["target"]] for e in view["edges"])
    inputs = [n for n in view["nodes"] if n["kind"] == "input"]
    assert all(n.get("has_value") and n.get("persist") for n in inputs)


def test_svg_is_well_formed_and_escapes_labels() -> None:
    graph = GraphBuilder()

    def tricky() -> int:
        return 1

    tricky.__name__ = "<script>alert(1)</script>"
    graph.add(tricky, shape="circle")()
    view = graph.view()
    svg = view._repr_svg_()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert "<script>" not in svg
    assert [t.text for t in root.iter(f"{SVG}text")] == ["<script>alert(1)</script>"]
    assert len(list(root.iter(f"{SVG}ellipse"))) == 1
    assert view._repr_html_().startswith('<div class="lineage-ext-runtime-graph"')


def test_bad_styles_are_refused() -> None:
    graph = GraphBuilder()
    with pytest.raises(RuntimeGraphError, match="shape must be one of"):
        graph.add(add, shape="banana")
    with pytest.raises(RuntimeGraphError, match="color must be"):
        graph.add(add, color='red" onload="x')


def test_dagre_shape_uses_unique_labels() -> None:
    dagre = build().view().to_dagre()
    labels = [n["label"] for n in dagre["nodes"]]
    assert labels == ["split", "add (op1)", "add (op2)", "&lt;lambda&gt;", "add (op4)"]
    assert dagre["edges"][0] == {"source": "split", "target": "add (op1)", "label": "left"}
    assert dagre["attributes"] == {"rankdir": "TB"}
    assert dagre["nodes"][0]["attributes"] == {
        "style": {"fill": "#fca5a5", "stroke": "#333"},
        "shape": "hexagon",
    }


def test_flow_view_colours_tasks_by_state() -> None:
    def one() -> int:
        return 1

    def two(one: int) -> int:
        raise RuntimeError("no")

    def three(two: int) -> int:
        return two

    first = TaskSpec(one)
    second = TaskSpec(two).requires(first)
    TaskSpec(three).requires(second)
    flow = Flow([first])
    flow.run(num_workers=0, exit_on_error=False)
    nodes = {n["id"]: (n.get("state"), n["color"]) for n in flow.view().to_json()["nodes"]}
    assert nodes == {
        "one": ("finished", "#86efac"),
        "two": ("failed", "#fca5a5"),
        "three": ("upstream_failed", "#fed7aa"),
    }


def test_dagre_shape_escapes_labels_like_the_widgets() -> None:
    """dagre-py inserts node text as raw HTML: every text it renders as markup is escaped."""
    graph = GraphBuilder()

    def tricky() -> int:
        return 1

    tricky.__name__ = '<img src=x onerror="alert(1)">'
    graph.add(add)(graph.add(tricky)(), 2)
    dagre = graph.view(summary=True).to_dagre()
    payload = json.dumps(dagre)
    assert "<img" not in payload
    assert dagre["nodes"][0]["label"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert dagre["edges"][0]["source"] == dagre["nodes"][0]["label"]  # edges name nodes by label
    assert {n["label"] for n in dagre["nodes"]} >= {e["target"] for e in dagre["edges"]}
