"""The layered layout: edges point down, layers do not overlap, same input gives the same picture."""

from __future__ import annotations

import itertools

from lineage_ext.widgets.layout import NODE_GAP, layered_layout


def _sizes(ids: list[str]) -> dict[str, tuple[float, float]]:
    return dict.fromkeys(ids, (60.0, 30.0))


def test_every_edge_points_to_a_lower_layer_and_rows_do_not_overlap() -> None:
    ids = ["load", "clean", "features", "labels", "model", "score", "report"]
    edges = [
        ("load", "clean"),
        ("clean", "features"),
        ("clean", "labels"),
        ("features", "model"),
        ("labels", "model"),
        ("model", "score"),
        ("features", "score"),
        ("load", "report"),
    ]
    layout = layered_layout(_sizes(ids), edges)
    place = layout.placements
    for source, target in edges:
        assert place[target].layer > place[source].layer
        assert place[target].y > place[source].y
    assert place["score"].layer == 4  # longest path: load, clean, features, model, score
    by_layer: dict[int, list[str]] = {}
    for node, p in place.items():
        by_layer.setdefault(p.layer, []).append(node)
    for members in by_layer.values():
        xs = sorted(place[m].x for m in members)
        assert all(b - a >= 60.0 + NODE_GAP - 1e-9 for a, b in itertools.pairwise(xs))
    assert all(0 < p.x < layout.width and 0 < p.y < layout.height for p in place.values())


def test_layout_is_deterministic_and_uses_barycentres() -> None:
    ids = ["a", "b", "x", "y"]
    edges = [("a", "y"), ("b", "x")]  # crossing if kept in input order
    first = layered_layout(_sizes(ids), edges)
    second = layered_layout(_sizes(ids), edges)
    assert first == second
    assert first.placements["y"].order < first.placements["x"].order  # uncrossed


def test_cycles_and_unknown_nodes_do_not_break_the_layout() -> None:
    layout = layered_layout(_sizes(["a", "b", "c"]), [("a", "b"), ("b", "c"), ("c", "a"), ("a", "zz")])
    assert set(layout.placements) == {"a", "b", "c"}
    assert layout.placements["a"].layer < layout.placements["b"].layer < layout.placements["c"].layer
    assert layered_layout({}, []).placements == {}


def test_long_edges_are_routed_through_the_layers_they_cross() -> None:
    ids = ["source", "a", "b", "c", "sink"]
    edges = [("source", "a"), ("a", "b"), ("b", "c"), ("c", "sink"), ("source", "sink")]
    layout = layered_layout(_sizes(ids), edges)
    route = layout.routes[("source", "sink")]
    assert len(route) == 3  # one point in each layer between them
    ys = [y for _, y in route]
    assert ys == sorted(ys)
    assert ys[0] > layout.placements["source"].y
    assert ys[-1] < layout.placements["sink"].y
    for (x, y), middle in zip(route, ("a", "b", "c"), strict=True):
        place = layout.placements[middle]
        assert y == place.y
        assert abs(x - place.x) >= place.width / 2  # beside the node, not through it
    assert ("a", "b") not in layout.routes
