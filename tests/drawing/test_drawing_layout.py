"""The layered layout: edges point down, layers do not overlap, same input gives the same picture."""

from __future__ import annotations

import itertools
import random

import pytest

from lineage_ext.drawing.layout import NODE_GAP, layered_layout


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


def test_nodes_sharing_a_rank_share_the_lowest_layer_and_successors_stay_below() -> None:
    ids = ["root", "short", "long1", "long2", "after_short"]
    edges = [("root", "short"), ("root", "long1"), ("long1", "long2"), ("short", "after_short")]
    layout = layered_layout(_sizes(ids), edges, ranks={"short": "r", "long2": "r"})
    layer = {node: place.layer for node, place in layout.placements.items()}
    assert layer["short"] == layer["long2"] == 2  # lifted down to long2's layer
    assert layer["after_short"] == 3  # pushed down to stay below short
    assert layered_layout(_sizes(ids), edges).placements["short"].layer == 1  # without ranks


def _random_dag(seed: int) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    ids = [f"n{i}" for i in range(rng.randint(1, 25))]
    edges = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if rng.random() < 0.15]
    rng.shuffle(ids)  # input order is not a topological order
    return ids, edges


@pytest.mark.parametrize("seed", range(40))
def test_random_graphs_layer_downwards_without_overlaps_and_deterministically(seed: int) -> None:
    ids, edges = _random_dag(seed)
    rng = random.Random(seed)
    sizes = {node: (rng.uniform(40.0, 160.0), 30.0) for node in ids}
    layout = layered_layout(sizes, edges)
    assert layout == layered_layout(sizes, edges)
    place = layout.placements
    assert set(place) == set(ids)
    assert all(place[t].layer > place[s].layer for s, t in edges)
    rows: dict[int, list[str]] = {}
    for node, p in place.items():
        rows.setdefault(p.layer, []).append(node)
    for members in rows.values():
        members.sort(key=lambda m: place[m].x)
        assert len({place[m].y for m in members}) == 1  # one row, one height
        for a, b in itertools.pairwise(members):
            gap = (place[b].x - place[b].width / 2) - (place[a].x + place[a].width / 2)
            assert gap >= NODE_GAP - 1e-9
        assert sorted(place[m].order for m in members) == [place[m].order for m in members]
    for p in place.values():
        assert 0 <= p.x - p.width / 2 < p.x + p.width / 2 <= layout.width
        assert 0 <= p.y - p.height / 2 < p.y + p.height / 2 <= layout.height
