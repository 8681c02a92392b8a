"""TraceContext: limits, nesting, exceptions, exit semantics, the kernel hook, misuse."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback

import pytest

from lineage_ext.errors import TraceUsageError
from lineage_ext.trace import TraceContext, TraceResult, register_summarizer, trace_func
from lineage_ext.trace.hooks import get_result_listener, set_result_listener
from lineage_ext.trace.summary import ValueSummary


@trace_func(stage_name="step")
def step(i: int) -> int:
    return i * 2


@trace_func(stage_name="other")
def other(i: int) -> int:
    return i


def boom(message: str) -> None:
    raise ValueError(message)


traced_boom = trace_func(stage_name="fail")(boom)


def test_limit_keeps_the_first_n_calls_per_function_and_counts_the_rest() -> None:
    with TraceContext(limit=3) as trace:
        results = [step(i) for i in range(10)] + [other(i) for i in range(2)]
    assert results[:10] == [i * 2 for i in range(10)]  # every call still ran
    assert [c["i"] for c in trace.step] == [0, 1, 2]
    assert trace.step.dropped == {"step": 7}
    assert len(trace.other) == 2
    assert trace.result.dropped_calls == 7
    assert "7 past the limit" in str(trace)


def test_no_limit_records_everything() -> None:
    with TraceContext(limit=None) as trace:
        for i in range(500):
            step(i)
    assert len(trace.step) == 500
    assert trace.result.dropped_calls == 0


@pytest.mark.parametrize("limit", [0, -1, True, 2.5, "3"])
def test_bad_limits_are_refused(limit: object) -> None:
    with pytest.raises(TraceUsageError, match="limit"):
        TraceContext(limit=limit)  # type: ignore[arg-type]


def test_nested_contexts_both_record_with_their_own_limits() -> None:
    with TraceContext(limit=None) as outer:
        step(1)
        with TraceContext(limit=1) as inner:
            step(2)
            step(3)
            other(4)
        step(5)
    assert [c["i"] for c in outer.step] == [1, 2, 3, 5]
    assert [c["i"] for c in inner.step] == [2]
    assert inner.step.dropped == {"step": 1}
    assert [c["i"] for c in inner.other] == [4] == [c["i"] for c in outer.other]
    assert inner.result.trace_id != outer.result.trace_id


def test_nested_traced_calls_record_depth() -> None:
    @trace_func(stage_name="pipeline")
    def pipeline(n: int) -> int:
        return sum(step(i) for i in range(n))

    with TraceContext() as trace:
        assert pipeline(3) == 6
    assert [(c.func_name, c.depth) for c in trace.calls] == [
        ("pipeline", 0),
        ("step", 1),
        ("step", 1),
        ("step", 1),
    ]
    outer_call = trace.pipeline[0]
    assert outer_call.duration_ns is not None
    assert outer_call.duration_ns >= sum(c.duration_ns or 0 for c in trace.step)


def _frames(exc: BaseException) -> list[str]:
    return [frame.name for frame in traceback.extract_tb(exc.__traceback__)]


def test_exception_propagates_unchanged_and_is_recorded() -> None:
    with TraceContext() as trace, pytest.raises(ValueError, match="bad input") as info:
        traced_boom("bad input")
    exc = info.value
    assert type(exc) is ValueError
    call = trace.fail[0]
    assert call.status == "error"
    assert call.exception is exc
    assert call.duration_ns is not None
    assert exc.__cause__ is None
    assert exc.__context__ is None
    assert exc.__traceback__ is not None
    # exactly one tracer frame (the wrapper) between the caller and the user's function
    assert _frames(exc)[-2:] == ["traced", "boom"]
    assert sum(1 for f in traceback.extract_tb(exc.__traceback__) if "lineage_ext" in f.filename) == 1
    assert "raised ValueError: bad input" in str(trace)


def test_untraced_path_adds_the_same_single_frame() -> None:
    with pytest.raises(ValueError, match="x") as info:
        traced_boom("x")
    assert _frames(info.value)[-2:] == ["traced", "boom"]


def test_base_exceptions_are_recorded_and_propagate() -> None:
    @trace_func(stage_name="stop")
    def interrupt() -> None:
        raise KeyboardInterrupt

    with TraceContext() as trace, pytest.raises(KeyboardInterrupt):
        interrupt()
    assert isinstance(trace.stop[0].exception, KeyboardInterrupt)


def test_the_tracer_never_breaks_user_code() -> None:
    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no repr for you")

    class Exploding:
        pass

    @register_summarizer(Exploding)
    def _explode(value: Exploding) -> ValueSummary:
        raise RuntimeError("summarizer bug")

    @trace_func(stage_name="robust")
    def use(a: object, b: object) -> object:
        return b

    hostile, exploding = Hostile(), Exploding()
    with TraceContext() as trace:
        assert use(hostile, exploding) is exploding
        with pytest.raises(TypeError):
            use(1, 2, 3)  # type: ignore[call-arg]  # a bad call raises Python's own TypeError, still recorded
    first, bad_call = trace.robust
    assert "Hostile instance" in repr(first["a"])  # reprlib stands in for the broken __repr__
    assert "summary failed" in repr(first.result)
    assert bad_call.status == "error"
    assert isinstance(bad_call.exception, TypeError)
    assert bad_call.params == {"arg0": 1, "arg1": 2, "arg2": 3}
    assert str(trace)
    assert trace._repr_html_()


def test_calls_after_exit_are_not_recorded() -> None:
    with TraceContext() as trace:
        step(1)
        bound = trace.bind(step)
    bound(2)
    step(3)
    assert [c["i"] for c in trace.step] == [1]
    assert trace.result.finished
    assert trace.result.duration_ns is not None


def test_context_is_single_use_and_instrument_needs_an_open_block() -> None:
    trace = TraceContext()
    with pytest.raises(TraceUsageError, match="inside the with block"):
        trace.instrument(TraceContext, "bind")
    with trace:
        pass
    with pytest.raises(TraceUsageError, match="entered once"), trace:
        pass
    with pytest.raises(TraceUsageError, match="inside the with block"):
        trace.bind(step)


def test_async_with_and_tasks_created_inside_inherit_the_trace() -> None:
    @trace_func(stage_name="io")
    async def fetch(i: int) -> int:
        await asyncio.sleep(0)
        return i

    async def main() -> TraceContext:
        async with TraceContext() as trace:
            tasks = [asyncio.create_task(fetch(i)) for i in range(3)]
            await asyncio.gather(*tasks)
            await asyncio.to_thread(step, 7)
        return trace

    trace = asyncio.run(main())
    assert sorted(c["i"] for c in trace.io) == [0, 1, 2]
    assert [c["i"] for c in trace.step] == [7]
    assert trace.step[0].thread != "MainThread"


def test_result_listener_gets_each_finished_result_after_shims_are_gone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Target:
        def method(self) -> int:
            return 1

    original = Target.__dict__["method"]
    seen: list[tuple[TraceResult, bool]] = []

    def listener(result: TraceResult) -> None:
        seen.append((result, Target.__dict__["method"] is original))

    assert set_result_listener(listener) is None
    assert get_result_listener() is listener
    with pytest.raises(ZeroDivisionError), TraceContext() as trace:
        trace.instrument(Target, "method")
        Target().method()
        _ = 1 / 0
    assert [(r.trace_id, restored) for r, restored in seen] == [(trace.result.trace_id, True)]
    assert seen[0][0].finished
    assert len(seen[0][0].calls) == 1

    def broken(result: TraceResult) -> None:
        raise RuntimeError("listener bug")

    assert set_result_listener(broken) is listener
    with caplog.at_level(logging.ERROR, logger="lineage_ext.trace.hooks"), TraceContext():
        step(1)
    assert "listener bug" in caplog.text
    with pytest.raises(TraceUsageError):
        set_result_listener(42)  # type: ignore[arg-type]


def test_importing_the_tracer_does_not_import_heavy_libraries() -> None:
    import subprocess

    code = (
        "import sys, lineage_ext.trace as t\n"
        "@t.trace_func\n"
        "def f(x): return [x] * 3\n"
        "with t.TraceContext() as tr: f('a'); f({'k': 1})\n"
        "str(tr); tr._repr_html_(); tr.to_json()\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'IPython') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
