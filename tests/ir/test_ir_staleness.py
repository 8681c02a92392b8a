"""Stale marking (`ir.staleness`): the cases the panel's rule was tested on, on `Graph` and JSON alike."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from lineage_ext.ir import CellRun, Edge, Graph, GraphEditor, Node, SessionInfo
from lineage_ext.ir.staleness import StaleIndex, stale_node_ids


class Session:
    """A traced session written by hand: each `run` is one cell run of one statement, as the kernel records."""

    def __init__(self) -> None:
        self.builder = GraphEditor(SessionInfo("s1"), track_changes=True)

    def run(self, run: int, cell_id: str, reads: list[str], defines: list[str]) -> Session:
        builder = self.builder
        for cell in builder.cells():  # the kernel marks a cell's earlier runs superseded
            if cell.cell_id == cell_id:
                for sid in cell.statement_ids:
                    builder.replace_node(sid, superseded=True)
        sid = f"stmt:{run}:0"
        builder.add_node(Node(sid, "statement", f"run {run}", cell_id=cell_id, run=run, execution_count=run))
        for input_id in reads:
            builder.add_edge(input_id, sid, "reads")
        for output in defines:
            name, version = output.split(":")
            builder.add_node(Node(f"var:{output}", "variable", name, name=name, version=int(version)))
            builder.add_edge(sid, f"var:{output}", "defines")
        builder.add_cell(CellRun(run, cell_id, run, "", len(builder.cells()), statement_ids=(sid,)))
        return self

    def artifact(self, name: str, version: int, source: str) -> Session:
        node_id = f"artifact:{name}:{version}"
        self.builder.add_node(Node(node_id, "artifact", name, artifact_name=name, artifact_version=version))
        self.builder.add_edge(source, node_id, "saves")
        return self

    def graph(self) -> Graph:
        return self.builder.freeze()


def three_cells() -> Session:
    """a = 2 (cell A), b = a * 10 (cell B), c = b + 1 (cell C), b saved as artifact "b" v1."""
    return (
        Session()
        .run(1, "A", [], ["a:1"])
        .run(2, "B", ["var:a:1"], ["b:1"])
        .run(3, "C", ["var:b:1"], ["c:1"])
        .artifact("b", 1, "var:b:1")
    )


def stale(session: Session) -> set[str]:
    """The rule on the `Graph`, checked to agree with the rule on its JSON wire shape."""
    graph = session.graph()
    result = stale_node_ids(graph)
    assert stale_node_ids(graph.to_json()) == result
    return set(result)


def test_a_notebook_run_top_to_bottom_has_nothing_stale() -> None:
    assert stale(three_cells()) == set()


def test_what_was_computed_from_a_re_run_cell_is_stale_transitively() -> None:
    session = three_cells().run(4, "A", [], ["a:2"])
    assert stale(session) == {"stmt:2:0", "var:b:1", "stmt:3:0", "var:c:1", "artifact:b:1"}


def test_values_recomputed_after_the_re_run_are_fresh() -> None:
    found = stale(three_cells().run(4, "A", [], ["a:2"]).run(5, "B", ["var:a:2"], ["b:2"]))
    assert "var:b:2" not in found
    assert "var:c:1" in found  # C still used the old b
    assert "artifact:b:1" in found
    assert "stmt:2:0" not in found  # superseded by run 5: history, not stale


def test_a_cell_re_reading_its_own_output_is_not_stale() -> None:
    session = Session().run(1, "A", [], ["x:1"]).run(2, "B", ["var:x:1"], ["x:2"])
    session.run(3, "B", ["var:x:2"], ["x:3"])  # x = x + 1, run twice
    assert stale(session) == set()


def test_superseded_nodes_are_never_listed() -> None:
    session = three_cells().run(4, "A", [], ["a:2"]).run(5, "C", ["var:b:1"], ["c:2"])
    found = stale(session)
    assert "stmt:3:0" not in found  # C's first run: superseded
    assert {"stmt:5:0", "var:c:2"} <= found  # C's new run still read the old b


def test_run_stale_dependents_case() -> None:
    """The notebook the "Run stale dependents" tests use: B, C (through B) and D read the re-run A."""
    session = (
        Session()
        .run(1, "A", [], ["a:1"])
        .run(2, "B", ["var:a:1"], ["b:1"])
        .run(3, "C", ["var:b:1"], ["c:1"])
        .run(4, "D", ["var:a:1"], ["d:1"])
        .run(5, "E", [], ["e:1"])
        .run(6, "A", [], ["a:2"])
    )
    statements = {i for i in stale(session) if i.startswith("stmt:")}
    assert statements == {"stmt:2:0", "stmt:3:0", "stmt:4:0"}


def test_a_cycle_in_malformed_input_ends_and_is_marked_through() -> None:
    graph = three_cells().run(4, "A", [], ["a:2"]).graph()
    # c feeds back into B's statement: impossible from a tracer, possible in hand-written JSON
    cyclic = Graph(graph.session, graph.revision, {n.id: n for n in graph.nodes}, (*graph.edges, Edge("var:c:1", "stmt:2:0", "reads")), graph.cells)  # fmt: skip
    assert stale_node_ids(cyclic) == {"stmt:2:0", "var:b:1", "stmt:3:0", "var:c:1", "artifact:b:1"}
    fresh = three_cells().graph()
    loop = dataclasses.replace(
        fresh, _edges=(*fresh.edges, Edge("var:c:1", "stmt:2:0", "reads")), _adjacency_cache=[]
    )
    assert stale_node_ids(loop) == set()


def test_damaged_json_is_read_as_far_as_it_goes() -> None:
    data = dict(three_cells().run(4, "A", [], ["a:2"]).graph().to_json())
    data["edges"] = [*data["edges"], {"source": "var:gone", "target": "stmt:3:0", "kind": "reads"}, {}]
    data["nodes"] = [
        *data["nodes"],
        {"kind": "variable"},
        {"id": "stmt:9:0", "kind": "statement", "run": "x"},
    ]
    data["cells"] = [*data["cells"], {"cell_id": "Z"}]
    assert stale_node_ids(data) == stale_node_ids(three_cells().run(4, "A", [], ["a:2"]).graph())


@pytest.mark.parametrize("every", [1, 2, 5])
def test_the_index_fed_change_sets_agrees_with_the_whole_graph(every: int) -> None:
    session = Session()
    index = StaleIndex()
    plan = [("A", [], ["a:1"]), ("B", ["var:a:1"], ["b:1"]), ("C", ["var:b:1"], ["c:1"]), ("A", [], ["a:2"])]
    plan += [("B", ["var:a:2"], ["b:2"]), ("D", ["var:b:2", "var:c:1"], ["d:1"]), ("C", ["var:b:2"], ["c:2"])]
    for run, (cell_id, reads, defines) in enumerate(plan, start=1):
        session.run(run, cell_id, reads, defines)
        if run % every == 0 or run == len(plan):
            index.apply(session.builder.take_changes())
            assert index.stale() == stale_node_ids(session.graph())
    # D read the c computed from the old b; old variable versions stay stale, only statements are superseded
    assert index.stale() == {"var:b:1", "var:c:1", "stmt:6:0", "var:d:1"}


def _random_step(rng: random.Random, builder: GraphEditor, state: dict[str, Any]) -> None:
    """One random change: mostly cell runs, sometimes the changes that can take staleness away."""
    values: list[str] = state["values"]
    action = rng.random()
    if action < 0.6 or not values:
        state["run"] += rng.choice((1, 1, 2))  # a skipped run number arrives later, out of order
        session = Session.__new__(Session)  # the hand-written session, on this builder
        session.builder = builder
        reads = rng.sample(values, min(len(values), rng.randrange(3)))
        session.run(state["run"], f"c{rng.randrange(5)}", reads, [f"v{state['run']}:1"])
        values.append(f"var:v{state['run']}:1")
    elif action < 0.7:
        superseded = [n.id for n in builder.freeze().nodes if n.superseded]
        if superseded:
            builder.replace_node(rng.choice(superseded), superseded=False)
    elif action < 0.8:
        statements = [n.id for n in builder.freeze().nodes if n.kind == "statement"]
        builder.add_edge(rng.choice(values), rng.choice(statements), "reads")
    elif action < 0.9:  # superseded before its next run is known
        statements = [n.id for n in builder.freeze().nodes if n.kind == "statement" and not n.superseded]
        if statements:
            builder.replace_node(rng.choice(statements), superseded=True)
    else:
        used = {cell.run for cell in builder.cells()}
        free = [run for run in range(1, state["run"]) if run not in used]
        if free:
            run = rng.choice(free)
            builder.add_cell(CellRun(run, f"c{rng.randrange(5)}", run, "", len(builder.cells())))


@pytest.mark.parametrize("seed", range(25))
def test_the_index_kept_up_to_date_agrees_with_a_fresh_one(seed: int) -> None:
    rng = random.Random(seed)
    builder = GraphEditor(SessionInfo("s"), track_changes=True)
    index = StaleIndex()
    state: dict[str, Any] = {"values": [], "run": 0}
    for _ in range(150):
        _random_step(rng, builder, state)
        if rng.random() < 0.5:
            index.apply(builder.take_changes())
            assert index.stale() == stale_node_ids(builder.freeze())
    index.apply(builder.take_changes())
    assert index.stale() == stale_node_ids(builder.freeze())
