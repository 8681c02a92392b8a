"""Overhead of ``@trace_func`` when no trace is active (target: < 1 µs per call), and when one is.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/trace_overhead.py``. Prints one JSON object with
ns/call for the same function undecorated and decorated (sync and async), measured in the same
process, best of several repeats (the box is shared, so the minimum is the fair figure).
"""

from __future__ import annotations

import asyncio
import json
import platform
import sys
import timeit
from collections.abc import Callable
from typing import Any

from lineage_ext.trace import TraceContext, trace_func

CALLS = 200_000
REPEATS = 7
TARGET_NS = 1_000


def add(a: int, b: int = 1) -> int:
    return a + b


traced_add = trace_func(stage_name="bench")(add)


async def add_async(a: int, b: int = 1) -> int:
    return a + b


traced_add_async = trace_func(stage_name="bench")(add_async)


def ns_per_call(fn: Callable[..., Any], calls: int = CALLS) -> float:
    timer = timeit.Timer("fn(1, b=2)", globals={"fn": fn})
    return min(timer.repeat(repeat=REPEATS, number=calls)) / calls * 1e9


def ns_per_await(fn: Callable[..., Any], calls: int = CALLS // 4) -> float:
    async def drive() -> float:
        loop = asyncio.get_running_loop()
        best = float("inf")
        for _ in range(REPEATS):
            start = loop.time()
            for _ in range(calls):
                await fn(1, b=2)
            best = min(best, loop.time() - start)
        return best / calls * 1e9

    return asyncio.run(drive())


def main() -> None:
    plain = ns_per_call(add)
    traced_off = ns_per_call(traced_add)
    plain_async = ns_per_await(add_async)
    traced_async_off = ns_per_await(traced_add_async)
    with TraceContext(limit=None):
        traced_on = ns_per_call(traced_add, calls=20_000)
    with TraceContext(limit=10):  # past the limit: calls are counted, not captured
        traced_past_limit = ns_per_call(traced_add)
    overhead = traced_off - plain
    report = {
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "calls_per_repeat": CALLS,
        "undecorated_ns_per_call": round(plain, 1),
        "decorated_tracing_off_ns_per_call": round(traced_off, 1),
        "overhead_off_ns": round(overhead, 1),
        "undecorated_async_ns_per_call": round(plain_async, 1),
        "decorated_async_tracing_off_ns_per_call": round(traced_async_off, 1),
        "overhead_async_off_ns": round(traced_async_off - plain_async, 1),
        "decorated_tracing_on_ns_per_call": round(traced_on, 1),
        "decorated_past_limit_ns_per_call": round(traced_past_limit, 1),
        "target_overhead_off_ns": TARGET_NS,
        "ok": overhead < TARGET_NS and traced_async_off - plain_async < TARGET_NS,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
