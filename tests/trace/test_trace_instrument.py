"""Shims: traced for the block, and the class/instance/module restored exactly on every kind of exit."""

from __future__ import annotations

import json
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pytest

from lineage_ext.errors import TraceUsageError
from lineage_ext.trace import TraceContext, trace_func


class Base:
    def inherited(self, x: int) -> int:
        return x + 100


class Pipeline(Base):
    """Every kind of attribute a shim must handle."""

    scale = 2

    def run(self, x: int) -> int:
        return x * self.scale

    @staticmethod
    def helper(x: int) -> int:
        return x - 1

    @classmethod
    def build(cls, scale: int) -> Pipeline:
        obj = cls()
        obj.scale = scale
        return obj

    dumps = staticmethod(json.dumps)
    plain_builtin = len  # builtins never bind: must stay non-binding while shimmed
    partial_fn = partial(int, base=2)

    @trace_func(stage_name="decorated")
    def already_traced(self, x: int) -> int:
        return x


def class_state(cls: type) -> list[tuple[str, object]]:
    """Keys in order with the very objects (compared with ``is``)."""
    return list(cls.__dict__.items())


def assert_same(before: list[tuple[str, object]], after: list[tuple[str, object]]) -> None:
    assert [k for k, _ in before] == [k for k, _ in after]
    assert all(a is b for (_, a), (_, b) in zip(before, after, strict=True))


def use_everything(obj: Pipeline) -> list[object]:
    return [
        obj.run(3),
        Pipeline.helper(3),
        Pipeline.build(5).scale,
        obj.inherited(1),
        Pipeline.dumps([1]),
        obj.plain_builtin("abc"),  # type: ignore[misc,call-arg]  # len never binds
        obj.partial_fn("101"),
        obj.already_traced(9),
    ]


EXPECTED = [6, 2, 5, 101, "[1]", 3, 5, 9]
NAMES = ("run", "helper", "build", "inherited", "dumps", "plain_builtin", "partial_fn", "already_traced")


def test_class_shims_trace_every_attribute_kind_and_restore_exactly() -> None:
    before_cls, before_base = class_state(Pipeline), class_state(Base)
    obj = Pipeline()
    with TraceContext() as trace:
        trace.instrument(Pipeline, *NAMES, stage="model")
        assert use_everything(obj) == EXPECTED
    assert [c.func_name for c in trace.model] == [
        "run",
        "helper",
        "build",
        "inherited",
        "dumps",
        "len",
        "partial",
        "already_traced",
    ]
    assert trace.model["build"][0].params == {"scale": 5}
    assert "decorated" not in trace.result.stages  # the shim replaced the decorator's spec, no double record
    assert_same(before_cls, class_state(Pipeline))
    assert_same(before_base, class_state(Base))
    assert "inherited" not in Pipeline.__dict__
    assert use_everything(obj) == EXPECTED


def _exit_by(kind: str, body: Callable[[TraceContext], None]) -> None:
    if kind == "normal":
        with TraceContext() as trace:
            body(trace)
    elif kind == "exception":
        with pytest.raises(LookupError), TraceContext() as trace:
            body(trace)
            raise LookupError("user bug")
    else:
        with pytest.raises(KeyboardInterrupt), TraceContext() as trace:
            body(trace)
            raise KeyboardInterrupt


@pytest.mark.parametrize("exit_kind", ["normal", "exception", "keyboard_interrupt"])
def test_classes_are_restored_on_every_exit(exit_kind: str) -> None:
    before_cls, before_base = class_state(Pipeline), class_state(Base)

    def body(trace: TraceContext) -> None:
        trace.instrument(Pipeline, *NAMES)
        assert Pipeline.__dict__["run"] is not dict(before_cls)["run"]

    _exit_by(exit_kind, body)
    assert_same(before_cls, class_state(Pipeline))
    assert_same(before_base, class_state(Base))


@pytest.mark.parametrize("exit_kind", ["normal", "exception", "keyboard_interrupt"])
def test_instances_are_restored_on_every_exit(exit_kind: str) -> None:
    obj = Pipeline()
    obj.scale = 4
    obj.run = types.MethodType(lambda self, x: -x, obj)  # type: ignore[method-assign]
    before = list(obj.__dict__.items())
    before_cls = class_state(Pipeline)
    calls: list[object] = []

    def body(trace: TraceContext) -> None:
        trace.instrument(obj, "run", "inherited", "helper", stage="instance")
        calls.extend([obj.run(2), obj.inherited(2), obj.helper(2), Pipeline().run(1)])
        calls.append(len(trace.instance))

    _exit_by(exit_kind, body)
    assert calls == [-2, 102, 1, 2, 3]  # the other instance is untouched
    assert_same(before, list(obj.__dict__.items()))
    assert_same(before_cls, class_state(Pipeline))


def test_modules_can_be_shimmed_and_are_restored() -> None:
    module = types.ModuleType("fake_mod")
    exec("def load(path):\n    return path.upper()\n", module.__dict__)
    before = list(module.__dict__.items())
    with TraceContext() as trace:
        trace.instrument(module, "load", stage="load", result_name="text")
        assert module.load("a") == "A"
    assert trace.load[0].text == "A"
    assert_same(before, list(module.__dict__.items()))


def test_frozen_dataclass_instances_are_shimmed_and_restored() -> None:
    @dataclass(frozen=True)
    class Frozen:
        n: int

        def get(self) -> int:
            return self.n

    obj = Frozen(3)
    with TraceContext() as trace:
        trace.instrument(obj, "get")
        assert obj.get() == 3
    assert len(trace.get) == 1
    assert obj.__dict__ == {"n": 3}


def test_shims_refuse_what_they_cannot_restore() -> None:
    class Slotted:
        __slots__ = ("x",)

        def f(self) -> int:
            return 1

    class WithProperty:
        @property
        def p(self) -> int:
            return 1

        x = 3

    with TraceContext() as trace:
        with pytest.raises(TraceUsageError, match="__slots__"):
            trace.instrument(Slotted(), "f")
        with pytest.raises(TraceUsageError, match="property"):
            trace.instrument(WithProperty, "p")
        with pytest.raises(TraceUsageError, match="no attribute"):
            trace.instrument(Pipeline, "missing")
        with pytest.raises(TraceUsageError, match="not callable"):
            trace.instrument(Pipeline(), "scale")
        with pytest.raises(TraceUsageError, match="method_descriptor"):
            trace.instrument(int, "bit_length")
        with pytest.raises(TraceUsageError, match="at least one"):
            trace.instrument(Pipeline)
    trace.instrument
    assert not hasattr(int, "__lineage_trace__")


def test_shims_only_record_in_their_own_trace() -> None:
    """A shim installed by one thread's context must not leak calls into another thread's trace."""
    obj = Pipeline()
    installed, done = threading.Event(), threading.Event()
    seen_elsewhere: list[int] = []

    def other_thread() -> None:
        installed.wait(5)
        with TraceContext() as mine:
            obj.run(1)  # runs through the shim, but the shim's owner is not active here
            seen_elsewhere.append(len(mine.result.calls))
        done.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with TraceContext() as trace:
        trace.instrument(Pipeline, "run")
        installed.set()
        done.wait(5)
        obj.run(2)
    worker.join(5)
    assert seen_elsewhere == [0]
    assert [c["x"] for c in trace.run] == [2]


@pytest.mark.parametrize("first_out", ["first", "second"])
def test_two_contexts_sharing_a_shim_restore_the_original_whatever_the_exit_order(first_out: str) -> None:
    original = Pipeline.__dict__["run"]
    events = {name: threading.Event() for name in ("a_in", "b_in", "a_go", "b_go", "a_out", "b_out")}
    records: dict[str, list[int]] = {}
    still_shimmed: dict[str, bool] = {}

    def worker(me: str, arg: int) -> None:
        with TraceContext() as trace:
            trace.instrument(Pipeline, "run", stage=me)
            events[f"{me}_in"].set()
            events[f"{me}_go"].wait(5)
            Pipeline().run(arg)
        still_shimmed[me] = Pipeline.__dict__["run"] is not original
        records[me] = [c["x"] for c in trace.calls]
        events[f"{me}_out"].set()

    threads = [threading.Thread(target=worker, args=(m, n)) for m, n in (("a", 1), ("b", 2))]
    threads[0].start()
    events["a_in"].wait(5)
    threads[1].start()
    events["b_in"].wait(5)
    order = ("a", "b") if first_out == "first" else ("b", "a")
    for me in order:
        events[f"{me}_go"].set()
        events[f"{me}_out"].wait(5)
    for t in threads:
        t.join(5)
    assert records == {"a": [1], "b": [2]}
    assert still_shimmed == {order[0]: True, order[1]: False}
    assert Pipeline.__dict__["run"] is original


def _churn_shims(threads: int, rounds: int) -> None:
    original = Pipeline.__dict__["run"]
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def worker(me: int) -> None:
        try:
            start.wait(5)
            obj = Pipeline()
            for i in range(rounds):
                with TraceContext() as trace:
                    trace.instrument(Pipeline, "run")
                    trace.instrument(obj, "helper")
                    assert obj.run(i) == 2 * i
                    assert obj.helper(i) == i - 1
                assert [c["x"] for c in trace.calls] == [i, i]
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(60)
    assert errors == []
    assert Pipeline.__dict__["run"] is original


def test_many_threads_installing_and_removing_the_same_shim() -> None:
    _churn_shims(threads=4, rounds=25)


@pytest.mark.slow
def test_many_threads_installing_and_removing_the_same_shim_stress() -> None:
    _churn_shims(threads=16, rounds=2000)
