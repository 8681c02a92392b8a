"""Incremental change sets: a snapshot plus every later change set rebuilds the builder's graph exactly."""

from __future__ import annotations

import random

import pytest

from lineage_ext.ir import CellRun, Graph, GraphEditor, GraphError, Node, SessionInfo, apply_changes


def _random_session(seed: int, steps: int = 200) -> tuple[GraphEditor, list[dict], dict]:
    """Grow a graph at random; take a change set every few steps; return builder, changes, first snapshot."""
    rng = random.Random(seed)
    builder = GraphEditor(SessionInfo("s"), track_changes=True)
    builder.add_node(Node("v0", "variable", "v0", name="v", version=0))
    builder.take_changes()
    snapshot = dict(builder.freeze().to_json())
    changes: list[dict] = []
    ids = ["v0"]
    for step in range(steps):
        action = rng.random()
        if action < 0.45:
            node_id = f"n{step}"
            builder.add_node(Node(node_id, "statement", f"stmt {step}", run=step, source="x"))
            builder.add_edge(rng.choice(ids), node_id, "reads")
            ids.append(node_id)
        elif action < 0.7:
            target = rng.choice(ids)
            builder.replace_node(target, superseded=not builder.node(target).superseded)
        elif action < 0.85:
            builder.add_cell(CellRun(step, f"c{step}", step, "x = 1", len(builder.cells())))
        elif builder.cells():
            run = rng.choice(builder.cells()).run
            builder.replace_cell(run, error=True)
        if rng.random() < 0.3:
            changes.append(dict(builder.take_changes().to_json()))
    changes.append(dict(builder.take_changes().to_json()))
    return builder, changes, snapshot


@pytest.mark.parametrize("seed", range(20))
def test_snapshot_plus_changes_equals_the_graph(seed: int) -> None:
    builder, changes, snapshot = _random_session(seed)
    rebuilt = apply_changes(snapshot, changes)
    assert rebuilt == builder.freeze().to_json()
    assert [n.id for n in Graph.from_json(rebuilt).visit_order()] == [
        n.id for n in builder.freeze().visit_order()
    ]


def test_change_sets_chain_by_revision_and_empty_ones_are_false() -> None:
    builder = GraphEditor(SessionInfo("s"), track_changes=True)
    builder.add_node(Node("a", "variable", "a"))
    first = builder.take_changes()
    builder.add_node(Node("b", "variable", "b"))
    builder.add_edge("a", "b", "defines")
    second = builder.take_changes()
    assert (first.base_revision, first.revision) == (0, 1)
    assert (second.base_revision, second.revision) == (1, 3)
    assert [n.id for n in second.nodes] == ["b"]
    assert len(second.edges) == 1
    assert not builder.take_changes()


def test_changes_at_or_below_the_snapshot_revision_are_skipped() -> None:
    builder = GraphEditor(SessionInfo("s"), track_changes=True)
    builder.add_node(Node("a", "variable", "a"))
    early = dict(builder.take_changes().to_json())
    builder.replace_node("a", label="renamed")
    snapshot = dict(builder.freeze().to_json())
    assert apply_changes(snapshot, [early])["nodes"] == [{"id": "a", "kind": "variable", "label": "renamed"}]


def test_untracked_builders_refuse_take_changes_and_bad_formats_are_refused() -> None:
    with pytest.raises(GraphError, match="track_changes"):
        GraphEditor(SessionInfo("s")).take_changes()
    snapshot = dict(GraphEditor(SessionInfo("s")).freeze().to_json())
    with pytest.raises(GraphError, match="change set"):
        apply_changes(snapshot, [{"format": "something-else", "revision": 9}])
    with pytest.raises(GraphError, match="not a lineage graph"):
        apply_changes({"format": "nope"}, [])
