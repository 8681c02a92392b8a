"""Decorators: stages, ordering, method kinds, capture filters, result naming, async and generators."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncGenerator, Callable, Generator

import pytest

from lineage_ext.errors import TraceUsageError
from lineage_ext.trace import (
    TraceContext,
    make_stage_decorator,
    trace_evaluate,
    trace_features,
    trace_func,
    trace_load,
    trace_predict,
    trace_preprocess,
    trace_train,
    untraced,
)


@trace_load
def load(path: str, nrows: int = 3) -> list[int]:
    return list(range(nrows))


@trace_preprocess(result_name="cleaned")
def clean(rows: list[int], threshold: int = 1) -> list[int]:
    return [r for r in rows if r >= threshold]


@trace_features(params_to_capture=["rows"], result_name=("xs", "n"))
def featurize(rows: list[int], secret: str = "hunter2") -> tuple[list[int], int]:
    return [r * 10 for r in rows], len(rows)


def test_stages_keep_first_call_order_and_calls_keep_start_order() -> None:
    with TraceContext() as trace:
        rows = load("a.csv")
        cleaned = clean(rows)
        featurize(cleaned)
        clean(rows, threshold=2)
    assert trace.stage_names == ["load", "preprocess", "features"]
    assert [c.index for c in trace.calls] == [0, 1, 2, 3]
    assert [c.func_name for c in trace.calls] == ["load", "clean", "featurize", "clean"]
    assert [c.index for c in trace["preprocess"]] == [1, 3]
    assert trace.load[0].params == {"path": "a.csv", "nrows": 3}  # defaults are captured too


def test_result_naming_single_and_tuple() -> None:
    with TraceContext() as trace:
        featurize(clean(load("x", nrows=4)))
    cleaned_call = trace.preprocess[0]
    assert cleaned_call["cleaned"] == cleaned_call.cleaned == cleaned_call.result
    assert cleaned_call.keys() == ["rows", "threshold", "cleaned"]
    feat = trace.features[0]
    assert feat.outputs.keys() == {"xs", "n"}
    assert feat["n"] == 3
    assert feat.xs is not None
    assert trace.load[0]["result"] == trace.load[0].result  # default result key


def test_capture_filters() -> None:
    with TraceContext() as trace:
        featurize([1, 2], secret="s3cret")
    assert trace.features[0].params.keys() == {"rows"}
    with pytest.raises(KeyError, match="secret"):
        trace.features[0]["secret"]


def test_empty_capture_list_captures_nothing_and_self_is_opt_in() -> None:
    class Model:
        @trace_train(params_to_capture=[])
        def fit(self, x: int) -> Model:
            return self

        @trace_predict(params_to_capture=["self", "x"])
        def predict(self, x: int) -> int:
            return x

        @trace_evaluate
        def score(self, x: int) -> int:
            return x

    model = Model()
    with TraceContext() as trace:
        model.fit(1)
        model.predict(2)
        model.score(3)
    assert trace.train[0].params == {}
    assert trace.predict[0].params.keys() == {"self", "x"}
    assert trace.evaluate[0].params == {"x": 3}
    assert trace.evaluate[0].display_name.endswith("Model.score")


class Shapes:
    factor = 3

    @staticmethod
    @trace_func(stage_name="static")
    def static_inner(x: int) -> int:
        return x + 1

    @trace_func(stage_name="static")
    @staticmethod
    def static_outer(x: int) -> int:
        return x + 2

    @classmethod
    @trace_func(stage_name="class")
    def class_inner(cls, x: int) -> int:
        return x * cls.factor

    @trace_func(stage_name="class")
    @classmethod
    def class_outer(cls, x: int) -> int:
        return x * cls.factor + 1

    @trace_func(stage_name="method")
    def method(self, x: int) -> int:
        return x - 1


def test_methods_static_and_class_methods_in_both_decorator_orders() -> None:
    obj = Shapes()
    with TraceContext() as trace:
        results = [
            Shapes.static_inner(1),
            obj.static_outer(1),
            Shapes.class_inner(2),
            obj.class_outer(2),
            obj.method(5),
            Shapes.method(obj, 6),
        ]
    assert results == [2, 3, 6, 7, 4, 5]
    assert [len(trace[s]) for s in ("static", "class", "method")] == [2, 2, 2]
    assert [c.params for c in trace["class"]] == [{"x": 2}, {"x": 2}]
    assert isinstance(Shapes.__dict__["static_outer"], staticmethod)
    assert isinstance(Shapes.__dict__["class_outer"], classmethod)
    assert trace.method["method"][1].params == {"x": 6}


def test_async_functions_are_traced_and_stay_coroutine_functions() -> None:
    @trace_func(stage_name="io", result_name="payload")
    async def fetch(key: str) -> dict[str, str]:
        await asyncio.sleep(0.01)
        return {"key": key}

    assert inspect.iscoroutinefunction(fetch)

    async def main() -> TraceContext:
        async with TraceContext() as trace:
            await asyncio.gather(fetch("a"), fetch("b"))
        return trace

    trace = asyncio.run(main())
    assert sorted(c["key"] for c in trace.io) == ["a", "b"]
    assert all(c.kind == "coroutine" and c.duration_ns and c.duration_ns >= 5_000_000 for c in trace.io)


def test_generators_record_params_items_and_return_value_and_forward_send() -> None:
    @trace_func(stage_name="stream")
    def echo(start: int) -> Generator[int, int | None, int]:
        value = start
        while value < 100:
            received = yield value
            value = received if received is not None else value + 1
        return value

    assert inspect.isgeneratorfunction(echo)
    with TraceContext() as trace:
        gen = echo(1)
        assert next(gen) == 1
        assert gen.send(50) == 50
        assert next(gen) == 51
        with pytest.raises(StopIteration) as stop:
            gen.send(100)
    assert stop.value.value == 100
    call = trace.stream[0]
    assert (call.status, call.result, call.yield_count, call.yielded) == ("ok", 100, 3, [1, 50, 51])


def test_generator_throw_close_and_error() -> None:
    @trace_func(stage_name="stream")
    def counter() -> Generator[int, None, None]:
        n = 0
        while True:
            try:
                yield n
            except KeyError:
                n = -100
            n += 1
            if n > 3:
                raise RuntimeError("overflow")

    with TraceContext() as trace:
        closed = counter()
        assert [next(closed), next(closed)] == [0, 1]
        closed.close()
        thrown = counter()
        next(thrown)
        assert thrown.throw(KeyError("k")) == -99
        failing = counter()
        with pytest.raises(RuntimeError, match="overflow") as info:
            list(failing)
    first, second, third = trace.stream
    assert (first.status, first.yield_count) == ("ok", 2)
    assert (second.status, second.yielded) == ("running", [0, -99])  # never exhausted nor closed
    assert third.status == "error"
    assert third.exception is info.value
    thrown.close()


def test_async_generators_forward_asend_and_aclose() -> None:
    @trace_func(stage_name="astream")
    async def ticks(n: int) -> AsyncGenerator[int, str | None]:
        for i in range(n):
            got = yield i
            if got == "stop":
                return

    async def main() -> tuple[TraceContext, list[int], int]:
        async with TraceContext() as trace:
            items = [i async for i in ticks(3)]
            agen = ticks(10)
            first = await agen.__anext__()
            with pytest.raises(StopAsyncIteration):
                await agen.asend("stop")
        return trace, items, first

    trace, items, first = asyncio.run(main())
    assert items == [0, 1, 2]
    assert first == 0
    assert [(c.yield_count, c.status) for c in trace.astream] == [(3, "ok"), (1, "ok")]


def test_untraced_calls_behave_exactly_like_the_original() -> None:
    assert load("p", nrows=2) == [0, 1]
    assert list(untraced(load)("p")) == [0, 1, 2]
    assert load.__name__ == "load"
    assert inspect.unwrap(load) is untraced(load)
    assert inspect.signature(load) == inspect.signature(untraced(load))


def test_redecorating_replaces_the_stage_instead_of_recording_twice() -> None:
    again = trace_func(load, stage_name="reload")
    with TraceContext() as trace:
        again("x")
    assert trace.stage_names == ["reload"]
    assert len(trace.calls) == 1
    assert untraced(again) is untraced(load)


def test_make_stage_decorator_and_default_stage_name() -> None:
    trace_export = make_stage_decorator("export")

    @trace_export
    def write(x: int) -> int:
        return x

    @trace_func
    def helper(x: int) -> int:
        return x

    with TraceContext() as trace:
        write(1)
        helper(2)
    assert trace.stage_names == ["export", "helper"]
    assert trace_export.__name__ == "trace_export"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"stage_name": ""}, "stage_name"),
        ({"stage_name": 3}, "stage_name"),
        ({"params_to_capture": "rows"}, "params_to_capture"),
        ({"params_to_capture": [1]}, "params_to_capture"),
        ({"result_name": ""}, "result_name"),
        ({"result_name": ("a", "a")}, "result_name"),
    ],
)
def test_bad_options_fail_at_the_decorator_line(options: dict[str, object], message: str) -> None:
    with pytest.raises(TraceUsageError, match=message):
        trace_func(**options)  # type: ignore[call-overload]


def test_bad_names_fail_against_the_signature() -> None:
    def f(rows: int, **kwargs: int) -> int:
        return rows

    def g(rows: int) -> int:
        return rows

    assert callable(trace_func(params_to_capture=["anything"])(f))  # **kwargs may carry any name
    with pytest.raises(TraceUsageError, match="no parameter"):
        trace_func(params_to_capture=["nope"])(g)
    with pytest.raises(TraceUsageError, match="clashes"):
        trace_func(result_name="rows")(g)
    with pytest.raises(TraceUsageError, match="not callable"):
        trace_func(42)  # type: ignore[call-overload]
    with pytest.raises(TraceUsageError, match="fixes stage_name"):
        trace_load(stage_name="other")  # type: ignore[call-overload]


def test_generator_options_survive_one_shot_iterables() -> None:
    decorator = trace_func(params_to_capture=(n for n in ["rows"]))

    @decorator
    def a(rows: int, other: int = 0) -> int:
        return rows

    @decorator
    def b(rows: int, other: int = 0) -> int:
        return rows

    with TraceContext() as trace:
        a(1)
        b(2)
    assert [c.params for c in trace.calls] == [{"rows": 1}, {"rows": 2}]


def test_other_decorators_around_a_traced_function_are_kept() -> None:
    import functools

    def logged(fn: Callable[[int], int]) -> Callable[[int], int]:
        @functools.wraps(fn)  # copies the traced wrapper's __dict__, spec attribute included
        def inner(x: int) -> int:
            return fn(x) + 1000

        return inner

    @logged
    @trace_func(stage_name="inner")
    def base(x: int) -> int:
        return x

    retraced = trace_func(base, stage_name="outer")
    with TraceContext() as trace:
        assert retraced(1) == 1001  # the logging layer is still there
    assert trace.stage_names == ["outer", "inner"]
    assert untraced(retraced) is base
