"""The graph toolkit: `traverse` and `topological_order` over any `Walkable`, and `GraphSnapshot`."""

from __future__ import annotations

import pytest

from lineage_ext.errors import SliceError
from lineage_ext.ir import (
    EdgeIndex,
    Graph,
    GraphEditor,
    GraphError,
    GraphSnapshot,
    Link,
    Node,
    SessionInfo,
    topological_order,
    traverse,
)


def _links(*pairs: str, kind: str = "") -> list[Link[str]]:
    """ "ab" is an edge a -> b."""
    return [Link(pair[0], pair[1], kind) for pair in pairs]


def test_direction_walks_against_or_along_the_edges() -> None:
    graph = EdgeIndex(_links("ab", "bc", "xb"))
    assert traverse(graph, ["b"], "upstream") == ["b", "a", "x"]
    assert traverse(graph, ["b"], "downstream") == ["b", "c"]
    assert traverse(graph, ["b"], "downstream", include_start=False) == ["c"]
    with pytest.raises(ValueError, match="direction"):
        traverse(graph, ["b"], "sideways")  # type: ignore[arg-type]


def test_follow_keeps_only_edges_of_those_kinds() -> None:
    graph = EdgeIndex([*_links("ab", kind="reads"), *_links("bc", kind="saves"), *_links("cd", kind="reads")])
    assert traverse(graph, ["a"], "downstream", follow={"reads"}) == ["a", "b"]
    assert traverse(graph, ["a"], "downstream", follow={"reads", "saves"}) == ["a", "b", "c", "d"]
    assert traverse(graph, ["a"], "downstream", follow=()) == ["a"]


def test_stops_are_reached_and_kept_but_not_crossed() -> None:
    graph = EdgeIndex(_links("ab", "bc", "ad"))
    assert traverse(graph, ["a"], "downstream", stops={"b"}) == ["a", "b", "d"]
    assert traverse(graph, ["a"], "downstream", stops={"a"}) == ["a"]  # a start that is a stop stays put
    assert traverse(graph, ["c"], "upstream", stops={"b"}) == ["c", "b"]


def test_cycles_end_and_visit_each_node_once() -> None:
    graph = EdgeIndex(_links("ab", "bc", "ca", "cd"))
    assert traverse(graph, ["a"], "downstream") == ["a", "b", "c", "d"]
    assert traverse(graph, ["a"], "upstream") == ["a", "c", "b"]
    assert traverse(graph, ["a"], "downstream", include_start=False) == ["b", "c", "d"]


def test_order_is_breadth_first_from_the_starts_in_edge_order() -> None:
    graph = EdgeIndex(_links("rz", "ry", "zq", "yp", "sx"))
    # starts in the order given (duplicates once), then neighbours level by level, each in edge order
    assert traverse(graph, ["s", "r", "s"], "downstream") == ["s", "r", "x", "z", "y", "q", "p"]
    assert traverse(graph, ["r", "s"], "downstream") == ["r", "s", "z", "y", "x", "q", "p"]


def test_any_hashable_ids_walk_like_strings() -> None:
    graph = EdgeIndex([Link(0, 1), Link(1, 2), Link(3, 2)])
    assert traverse(graph, [2], "upstream") == [2, 1, 3, 0]


def test_topological_order_ties_by_position_or_by_arrival() -> None:
    # inputs a, b; f(a) -> fa; g(fa) -> ga; h(b) -> hb (listed before fa like a lazy graph lists them)
    ids = ["a", "b", "f", "g", "h", "fa", "ga", "hb"]
    graph = EdgeIndex(
        [Link("a", "f"), Link("f", "fa"), Link("fa", "g"), Link("g", "ga"), Link("b", "h"), Link("h", "hb")]
    )
    assert topological_order(ids, graph) == ["a", "b", "f", "h", "fa", "g", "ga", "hb"]
    assert topological_order(ids, graph, ties="ready") == ["a", "b", "f", "h", "fa", "hb", "g", "ga"]


def test_topological_order_leaves_out_cycles_and_ignores_outside_nodes() -> None:
    graph = EdgeIndex(_links("ab", "ba", "bc", "xd", "de", "de"))  # a parallel edge d -> e
    assert topological_order(["a", "b", "c", "d", "e"], graph) == ["d", "e"]
    assert topological_order(["e", "d"], graph) == ["d", "e"]


def _graph() -> Graph:
    builder = GraphEditor(SessionInfo("s"))
    for node in [
        Node("stmt:1:0", "statement", "a = 1", source="a = 1"),
        Node("var:a:1", "variable", "a", name="a", version=1),
        Node("stmt:1:1", "statement", "b = a", source="b = a"),
        Node("var:b:1", "variable", "b", name="b", version=1),
        Node("var:a:2", "variable", "a", name="a", version=2),
    ]:
        builder.add_node(node)
    builder.add_edge("stmt:1:0", "var:a:1", "defines")
    builder.add_edge("var:a:1", "stmt:1:1", "reads")
    builder.add_edge("stmt:1:1", "var:b:1", "defines")
    builder.add_edge("stmt:1:1", "var:a:2", "mutates")
    return builder.freeze()


def test_graph_and_snapshot_walk_alike() -> None:
    graph = _graph()
    snapshot = GraphSnapshot(graph.to_json())
    for node in graph.nodes:
        for direction in ("upstream", "downstream"):
            assert traverse(snapshot, [node.id], direction) == traverse(graph, [node.id], direction)
        assert snapshot.node(node.id) == node
    assert traverse(snapshot, ["var:b:1"], "upstream", follow={"defines"}) == ["var:b:1", "stmt:1:1"]
    assert snapshot.revision == graph.revision
    assert snapshot.nodes_of_kind("statement") == graph.nodes_of_kind("statement")
    assert snapshot.variable_versions("a") == graph.variable_versions("a")
    assert snapshot.latest_version("a") == graph.latest_version("a") == graph.node("var:a:2")
    assert snapshot.latest_version("zzz") is None
    assert "var:a:1" in snapshot
    assert "nope" not in snapshot


def test_snapshot_raises_the_callers_error_or_graph_error() -> None:
    data = dict(_graph().to_json())
    with pytest.raises(GraphError, match="no node 'nope'"):
        GraphSnapshot(data).node("nope")
    with pytest.raises(SliceError, match="no node 'nope'"):
        GraphSnapshot(data, SliceError).node("nope")
    with pytest.raises(SliceError, match="not a lineage graph"):
        GraphSnapshot({**data, "format": "other"}, SliceError)
    with pytest.raises(GraphError, match="malformed"):
        GraphSnapshot({**data, "edges": [{"source": "a"}]})
    bad_node = {**data, "nodes": [{"id": "x", "kind": "variable", "label": "x", "colour": 1}], "edges": []}
    with pytest.raises(GraphError, match="node 'x' of the recorded graph is malformed"):
        GraphSnapshot(bad_node).node("x")
