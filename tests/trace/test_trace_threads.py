"""Thread and asyncio-task safety: who records what when traced calls run concurrently."""

from __future__ import annotations

import asyncio
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from lineage_ext.trace import TraceContext, trace_func


@trace_func(stage_name="work")
def work(worker: int, i: int) -> int:
    return worker * 1000 + i


WORKERS, CALLS = 8, 300


@pytest.fixture(autouse=True)
def _fast_thread_switches() -> object:
    """Switch threads very often so races in the recorder would show up."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def _hammer(fn: object, worker: int, start: threading.Barrier) -> None:
    start.wait(5)
    for i in range(CALLS):
        assert fn(worker, i) == worker * 1000 + i  # type: ignore[operator]


def test_bound_worker_threads_record_every_call_without_losing_any() -> None:
    start = threading.Barrier(WORKERS)
    with TraceContext(limit=None) as trace, ThreadPoolExecutor(WORKERS) as pool:
        bound = trace.bind(work)
        futures = [pool.submit(_hammer, bound, w, start) for w in range(WORKERS)]
        for future in futures:
            future.result()
    calls = trace.work.calls
    assert len(calls) == WORKERS * CALLS
    assert sorted(c.index for c in calls) == list(range(WORKERS * CALLS))
    assert {(c["worker"], c["i"]) for c in calls} == {(w, i) for w in range(WORKERS) for i in range(CALLS)}
    assert all(c.result == c["worker"] * 1000 + c["i"] for c in calls)  # no record mixed up with another
    assert len({c.thread for c in calls}) > 1


def test_the_limit_holds_exactly_under_concurrency() -> None:
    start = threading.Barrier(WORKERS)
    with TraceContext(limit=50) as trace, ThreadPoolExecutor(WORKERS) as pool:
        bound = trace.bind(work)
        for future in [pool.submit(_hammer, bound, w, start) for w in range(WORKERS)]:
            future.result()
    assert len(trace.work) == 50
    assert trace.work.dropped == {"work": WORKERS * CALLS - 50}


def test_unbound_threads_started_inside_the_block_are_not_recorded() -> None:
    """A new thread starts with an empty contextvars context: documented, and proved here."""
    results: list[int] = []
    with TraceContext() as trace:
        thread = threading.Thread(target=lambda: results.append(work(1, 1)))
        thread.start()
        thread.join(5)
        work(0, 0)
    assert results == [1001]
    assert [c["worker"] for c in trace.work] == [0]


def test_each_thread_sees_only_its_own_trace() -> None:
    start = threading.Barrier(WORKERS)
    traces: dict[int, list[tuple[int, int]]] = {}

    def own_trace(worker: int) -> None:
        with TraceContext(limit=None) as trace:
            _hammer(work, worker, start)
        traces[worker] = [(c["worker"], c["i"]) for c in trace.work]

    threads = [threading.Thread(target=own_trace, args=(w,)) for w in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert traces == {w: [(w, i) for i in range(CALLS)] for w in range(WORKERS)}


def test_concurrent_asyncio_tasks_each_see_only_their_own_trace() -> None:
    @trace_func(stage_name="io")
    async def fetch(owner: str, i: int) -> str:
        await asyncio.sleep(0)
        return f"{owner}{i}"

    async def session(owner: str) -> list[str]:
        async with TraceContext() as trace:
            for i in range(5):
                await fetch(owner, i)
                await asyncio.sleep(0)  # let the other session run in between
        return [str(c.result) for c in trace.io]

    async def main() -> list[list[str]]:
        return list(await asyncio.gather(session("a"), session("b")))

    assert asyncio.run(main()) == [[f"a{i}" for i in range(5)], [f"b{i}" for i in range(5)]]
