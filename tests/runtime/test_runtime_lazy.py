"""GraphBuilder: laziness, reference-counted release, persist, raw inputs, n_out, verbose logs."""

from __future__ import annotations

import gc
import logging
import weakref
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.runtime import DataNode, GraphBuilder


class Box:
    """A weak-referenceable value, so tests can see when the graph lets go of it."""

    def __init__(self, value: int) -> None:
        self.value = value


class Recorder:
    """Wraps functions, counts their calls and keeps weak references to what they return."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.outputs: dict[str, weakref.ref[Box]] = {}

    def __call__(self, name: str, func: Callable[..., int]) -> Callable[..., Box]:
        def wrapped(*args: Any) -> Box:
            self.calls[name] += 1
            box = Box(func(*[a.value if isinstance(a, Box) else a for a in args]))
            self.outputs[name] = weakref.ref(box)
            return box

        wrapped.__name__ = name
        return wrapped

    def alive(self, name: str) -> bool:
        gc.collect()
        return self.outputs[name]() is not None


def diamond(graph: GraphBuilder, rec: Recorder, persist: frozenset[str] = frozenset()) -> dict[str, DataNode]:
    """a -> b, a -> c, (b, c) -> d, and an unrelated e."""
    a = graph.add(rec("a", lambda x: x + 1), persist="a" in persist)(1)
    b = graph.add(rec("b", lambda x: x * 2), persist="b" in persist)(a)
    c = graph.add(rec("c", lambda x: x * 3))(a)
    d = graph.add(rec("d", lambda x, y: x + y))(b, c)
    e = graph.add(rec("e", lambda x: -x))(100)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_nothing_runs_until_get_and_only_what_is_needed() -> None:
    rec = Recorder()
    nodes = diamond(GraphBuilder(), rec)
    assert rec.calls == {}
    assert nodes["b"].get().value == 4
    assert rec.calls == {"a": 1, "b": 1}
    assert nodes["d"].get().value == 4 + 6
    assert rec.calls == {"a": 1, "b": 1, "c": 1, "d": 1}  # a and b were kept for c and d
    assert "e" not in rec.calls


def test_values_are_held_while_a_consumer_has_not_run_then_released() -> None:
    rec = Recorder()
    nodes = diamond(GraphBuilder(), rec)
    result = nodes["b"].get()
    assert nodes["a"].has_value
    assert rec.alive("a")
    assert nodes["b"].has_value  # d has not run yet
    del result
    d_value = nodes["d"].get()
    assert not any(nodes[name].has_value for name in "abcd")
    assert not rec.alive("a")
    assert not rec.alive("b")
    assert not rec.alive("c")
    assert rec.alive("d")  # only because the caller holds it
    del d_value
    assert not rec.alive("d")


def test_released_values_are_recomputed_when_asked_again() -> None:
    rec = Recorder()
    nodes = diamond(GraphBuilder(), rec)
    assert nodes["d"].get().value == 10
    assert nodes["d"].get().value == 10
    assert rec.calls == {"a": 2, "b": 2, "c": 2, "d": 2}


def test_node_level_persist_keeps_only_that_node() -> None:
    rec = Recorder()
    nodes = diamond(GraphBuilder(), rec, persist=frozenset({"b"}))
    nodes["d"].get()
    assert nodes["b"].has_value
    assert rec.alive("b")
    assert not nodes["a"].has_value
    assert not rec.alive("a")
    nodes["d"].get()
    assert rec.calls == {"a": 2, "b": 1, "c": 2, "d": 2}  # b not recomputed, its siblings were


def test_graph_level_persist_keeps_everything() -> None:
    rec = Recorder()
    nodes = diamond(GraphBuilder(persist=True), rec)
    nodes["d"].get()
    assert all(nodes[name].has_value for name in "abcd")
    assert nodes["d"].get().value == 10
    assert rec.calls == {"a": 1, "b": 1, "c": 1, "d": 1}


def test_raw_inputs_are_kept_and_shared_intermediates_computed_once_in_run() -> None:
    rec = Recorder()
    graph = GraphBuilder()
    raw = Box(5)
    raw_ref = weakref.ref(raw)
    a = graph.add(rec("a", lambda x: x))(raw)
    b = graph.add(rec("b", lambda x: x + 1))(a)
    c = graph.add(rec("c", lambda x: x + 2))(a)
    del raw
    values = graph.run(b, c)
    assert [v.value for v in values] == [6, 7]
    assert rec.calls == {"a": 1, "b": 1, "c": 1}
    gc.collect()
    assert raw_ref() is not None  # the graph keeps its raw input
    assert graph.data[0].is_input
    assert graph.data[0].has_value


def test_n_out_returns_a_tuple_of_handles_and_checks_the_count() -> None:
    graph = GraphBuilder()
    left, right = graph.add(lambda x: (x, x + 1), n_out=2, alias=["left", "right"])(1)
    total = graph.add(lambda a, b: a + b)(left, right)
    assert (left.alias, right.alias) == ("left", "right")
    assert total.get() == 3
    bad = graph.add(lambda: (1, 2, 3), n_out=2)()
    with pytest.raises(RuntimeGraphError, match="n_out=2 but returned tuple of length 3"):
        bad[0].get()
    with pytest.raises(RuntimeGraphError, match="2 name"):
        graph.add(lambda: 1, alias=["a", "b"])


def test_keyword_handles_make_edges_and_errors_propagate_unchanged() -> None:
    graph = GraphBuilder()
    base = graph.add(lambda: 2)()
    scaled = graph.add(lambda x, factor: x * factor)(x=base, factor=10)
    assert scaled.get() == 20

    def broken(x: int) -> int:
        raise KeyError("user bug")

    failing = graph.add(broken)(base)
    with pytest.raises(KeyError, match="user bug"):
        failing.get()
    other = GraphBuilder()
    with pytest.raises(RuntimeGraphError, match="another GraphBuilder"):
        other.add(lambda x: x)(base)


def test_verbose_logs_activation_running_and_release(caplog: pytest.LogCaptureFixture) -> None:
    graph = GraphBuilder(verbose=True)
    a = graph.add(lambda x: x, alias="a")(1)

    def double(x: int) -> int:
        return 2 * x

    b = graph.add(double)(a)
    with caplog.at_level(logging.INFO, logger="lineage_ext.runtime"):
        assert b.get() == 2
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "activate op1 (double)",  # pyflow's order: from the requested node back to its inputs
        "activate op0 (<lambda>)",
        "run op0 (<lambda>)",
        "run op1 (double)",
        "release d1 (a)",
        "release d2 (double:0)",
    ]


def test_quiet_graph_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    graph = GraphBuilder()
    node = graph.add(lambda: 1)()
    with caplog.at_level(logging.DEBUG, logger="lineage_ext.runtime"):
        node.get()
    assert caplog.records == []


def test_run_without_arguments_evaluates_every_final_output_once() -> None:
    rec = Recorder()
    nodes = diamond(GraphBuilder(), rec)
    values = nodes["a"].graph.run()
    assert [v.value for v in values] == [10, -100]  # d and e, in creation order
    assert rec.calls == {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}
