"""The graph IR: builder, read-only graph, closure, stable order, subgraphs, JSON, networkx, dagre."""

from __future__ import annotations

import json

import pytest

from lineage_ext.ir import CellRun, Graph, GraphEditor, GraphError, Node, SessionInfo, traverse, visit_order
from lineage_ext.ir.graph_json import GraphJSON


def _chain() -> GraphEditor:
    """a = 1 ; b = a + 1 ; c = 5 (independent) ; d = b + c"""
    builder = GraphEditor(SessionInfo("s1", "k1", "nb.ipynb"))
    for index, (stmt, reads, writes) in enumerate(
        [("a = 1", [], "a"), ("b = a + 1", ["a"], "b"), ("c = 5", [], "c"), ("d = b + c", ["b", "c"], "d")]
    ):
        sid = f"stmt:1:{index}"
        builder.add_node(
            Node(sid, "statement", stmt, cell_id="c1", execution_count=1, line=index + 1, source=stmt)
        )
        for name in reads:
            builder.add_edge(f"var:{name}:1", sid, "reads")
        builder.add_node(Node(f"var:{writes}:1", "variable", writes, name=writes, version=1, preview="int 1"))
        builder.add_edge(sid, f"var:{writes}:1", "defines")
    builder.add_cell(CellRun(1, "c1", 1, "a = 1\nb = a + 1\nc = 5\nd = b + c", 0, True, False, ("stmt:1:0",)))
    return builder


def test_upstream_and_downstream_are_one_traversal():
    graph = _chain().freeze()
    assert [n.id for n in graph.upstream(["var:b:1"])] == ["stmt:1:0", "var:a:1", "stmt:1:1", "var:b:1"]
    assert [n.id for n in graph.traverse(["var:c:1"], "downstream", include_start=False)] == [
        "stmt:1:3",
        "var:d:1",
    ]
    # the free function is the walk itself: ids, breadth first from the start
    assert traverse(graph, ["var:b:1"], "upstream") == ["var:b:1", "stmt:1:1", "var:a:1", "stmt:1:0"]


def test_traverse_rejects_unknown_direction_and_nodes():
    graph = _chain().freeze()
    with pytest.raises(ValueError, match="direction"):
        graph.traverse(["var:a:1"], "sideways")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="nope"):
        graph.upstream(["nope"])


def test_visit_order_breaks_ties_by_insertion():
    builder = GraphEditor(SessionInfo("s"))
    for node_id in ["z", "y", "x", "w"]:
        builder.add_node(Node(node_id, "variable", node_id))
    builder.add_edge("x", "z", "reads")
    assert [n.id for n in visit_order(builder.freeze())] == ["y", "x", "z", "w"]


def test_visit_order_is_topological_on_chain():
    order = [n.id for n in _chain().freeze().visit_order()]
    graph = _chain().freeze()
    assert all(order.index(e.source) < order.index(e.target) for e in graph.edges)


def test_cycle_is_reported():
    graph = Graph.from_json(
        {
            "format": "lineage_ext.graph/1", "session_id": "s", "kernel_id": None, "notebook_path": None,
            "revision": 1, "cells": [],
            "nodes": [{"id": "a", "kind": "variable", "label": "a"}, {"id": "b", "kind": "statement", "label": "b"}],
            "edges": [{"source": "a", "target": "b", "kind": "reads"}, {"source": "b", "target": "a", "kind": "defines"}],
        }
    )  # fmt: skip
    with pytest.raises(GraphError, match="cycle"):
        graph.visit_order()


def test_subgraph_keeps_induced_edges_and_trims_cells():
    graph = _chain().freeze()
    sub = graph.get_subgraph(graph.upstream(["var:b:1"]))
    assert (len(sub), len(sub.edges), sub.cells[0].statement_ids) == (4, 3, ("stmt:1:0",))
    assert sub.get_subgraph_from_id(["var:a:1"]).nodes == (graph.node("var:a:1"),)


def test_json_round_trip_is_lossless_and_plain_json():
    graph = _chain().freeze()
    data = json.loads(json.dumps(graph.to_json()))
    again = Graph.from_json(data)
    assert again == graph
    assert again.to_json() == data


def test_json_shape_for_the_frontend():
    data: GraphJSON = _chain().freeze().to_json()
    assert data["nodes"][0] == {
        "id": "stmt:1:0", "kind": "statement", "label": "a = 1", "cell_id": "c1", "execution_count": 1,
        "line": 1, "source": "a = 1",
    }  # fmt: skip
    assert data["edges"][0] == {"source": "stmt:1:0", "target": "var:a:1", "kind": "defines"}
    assert (data["format"], data["session_id"], data["revision"]) == ("lineage_ext.graph/1", "s1", 16)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "format"),
        (
            lambda d: d["edges"].append({"source": "x", "target": "var:a:1", "kind": "reads"}),
            "not in the graph",
        ),
        (lambda d: d["nodes"][0].update(colour="red"), "unknown fields"),
        (lambda d: d.pop("nodes"), "malformed"),
    ],
)
def test_bad_json_is_a_clear_error(mutate, message):
    data = json.loads(json.dumps(_chain().freeze().to_json()))
    mutate(data)
    with pytest.raises(GraphError, match=message):
        Graph.from_json(data)


def test_networkx_export():
    nx_graph = _chain().freeze().to_networkx()
    assert (nx_graph.number_of_nodes(), nx_graph.number_of_edges()) == (8, 7)
    assert nx_graph.nodes["var:a:1"]["preview"] == "int 1"
    assert nx_graph.edges["var:a:1", "stmt:1:1", "reads"]["kind"] == "reads"


def test_dagre_shape():
    dagre = _chain().freeze().to_dagre()
    assert dagre["nodes"][1] == {
        "id": "var:a:1",
        "label": "a",
        "kind": "variable",
        "cell_id": None,
        "superseded": False,
    }
    assert dagre["edges"][0] == {"source": "stmt:1:0", "target": "var:a:1", "label": "defines"}


def test_builder_revision_and_immutable_snapshots():
    builder = _chain()
    snapshot = builder.freeze()
    revision = builder.revision
    builder.add_edge("var:a:1", "stmt:1:1", "reads")  # already there: no change
    assert builder.revision == revision
    builder.replace_node("stmt:1:0", superseded=True)
    assert builder.revision == revision + 1
    assert not snapshot.node("stmt:1:0").superseded


def test_builder_refuses_conflicting_nodes_and_dangling_edges():
    builder = _chain()
    with pytest.raises(GraphError, match="already exists"):
        builder.add_node(Node("var:a:1", "variable", "other"))
    with pytest.raises(GraphError, match="both ends"):
        builder.add_edge("var:a:1", "missing", "reads")
    with pytest.raises(GraphError, match="self-loop"):
        builder.add_edge("var:a:1", "var:a:1", "reads")


def test_from_graph_continues_editing():
    graph = _chain().freeze()
    builder = GraphEditor.from_graph(graph)
    builder.add_node(
        Node("import:numpy", "import", "numpy", module="numpy", package="numpy", package_version="2")
    )
    assert len(builder.freeze()) == len(graph) + 1
    assert builder.revision > graph.revision


def test_lookups():
    graph = _chain().freeze()
    assert graph.latest_version("b").id == "var:b:1"
    assert graph.latest_version("zz") is None
    assert graph.defining_statement("var:d:1").source == "d = b + c"
    assert [n.id for n in graph.predecessors("stmt:1:3")] == ["var:b:1", "var:c:1"]
    assert [n.id for n in graph.successors("stmt:1:3")] == ["var:d:1"]
