"""The four call wrappers (function, coroutine, generator, async generator) around a traced callable.

Owns the hot path. When no trace is active a wrapper does one ContextVar read and calls through,
which is what keeps decorated code within the < 1 µs budget (``benchmarks/trace_overhead.py``).
When a trace is active the bookkeeping is done by helpers that return normally, so the only extra
frame in a user's traceback is the wrapper itself (marked ``__tracebackhide__`` for pytest/IPython),
and exceptions are re-raised with a bare ``raise``: the same object, never wrapped or chained.

Generators are traced lazily: the trace active when the first item is requested records the call;
``duration_ns`` is the wall time from that request to exhaustion or close, and the first few
yielded items are kept. ``send``/``throw``/``close`` (and their async forms) are forwarded.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import AsyncGenerator, Callable, Coroutine, Generator
from contextvars import Token
from typing import Any

from .recorder import ACTIVE, DEPTH, CallSpec, finish_error, finish_ok, record_yield, start_calls

__all__ = ["SPEC_ATTR", "build_wrapper", "is_tracer_wrapper"]

SPEC_ATTR = "__lineage_trace__"  # set on every wrapper: the CallSpec; __wrapped__ is the original

_perf_ns = time.perf_counter_ns
_WRAPPER_CODES: set[object] = set()  # the code objects of the four wrappers below


def is_tracer_wrapper(fn: object) -> bool:
    """True for our wrappers only, not for other decorators' wrappers that copied our ``__dict__``."""
    return getattr(fn, "__code__", None) in _WRAPPER_CODES


def _reset_depth(token: Token[int]) -> None:
    # resumed in another Context (a coroutine driven by hand): nothing to undo there
    with contextlib.suppress(ValueError):
        DEPTH.reset(token)


def build_wrapper(fn: Callable[..., Any], spec: CallSpec) -> Callable[..., Any]:
    builder = {
        "function": _wrap_function,
        "coroutine": _wrap_coroutine,
        "generator": _wrap_generator,
        "async_generator": _wrap_async_generator,
    }[spec.kind]
    wrapper = builder(fn, spec)
    try:
        functools.update_wrapper(wrapper, fn)
    except (AttributeError, TypeError):  # callables without __name__ etc. (partials, C objects)
        wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    setattr(wrapper, SPEC_ATTR, spec)
    _WRAPPER_CODES.add(wrapper.__code__)
    return wrapper


def _wrap_function(fn: Callable[..., Any], spec: CallSpec) -> Callable[..., Any]:
    def traced(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        active = ACTIVE.get()
        if not active:
            return fn(*args, **kwargs)
        calls = start_calls(spec, active, args, kwargs)
        if not calls:
            return fn(*args, **kwargs)
        token = DEPTH.set(calls[0][1].depth + 1)
        start = _perf_ns()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            finish_error(calls, start, exc)
            raise
        finally:
            _reset_depth(token)
        finish_ok(calls, spec, start, result)
        return result

    return traced


def _wrap_coroutine(fn: Callable[..., Coroutine[Any, Any, Any]], spec: CallSpec) -> Callable[..., Any]:
    async def traced(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        active = ACTIVE.get()
        if not active:
            return await fn(*args, **kwargs)
        calls = start_calls(spec, active, args, kwargs)
        if not calls:
            return await fn(*args, **kwargs)
        token = DEPTH.set(calls[0][1].depth + 1)
        start = _perf_ns()
        try:
            result = await fn(*args, **kwargs)
        except BaseException as exc:
            finish_error(calls, start, exc)
            raise
        finally:
            _reset_depth(token)
        finish_ok(calls, spec, start, result)
        return result

    return traced


def _wrap_generator(fn: Callable[..., Generator[Any, Any, Any]], spec: CallSpec) -> Callable[..., Any]:
    def traced(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        __tracebackhide__ = True
        active = ACTIVE.get()
        calls = start_calls(spec, active, args, kwargs) if active else []
        if not calls:
            return (yield from fn(*args, **kwargs))
        start = _perf_ns()
        inner = fn(*args, **kwargs)
        try:
            item = next(inner)
            while True:
                record_yield(calls, spec, item)
                try:
                    sent = yield item
                except GeneratorExit:
                    inner.close()
                    finish_ok(calls, spec, start, None)  # the consumer stopped early: not an error
                    raise
                except BaseException as thrown:
                    item = inner.throw(thrown)
                else:
                    item = inner.send(sent)
        except StopIteration as stop:
            finish_ok(calls, spec, start, stop.value)
            return stop.value
        except GeneratorExit:
            raise
        except BaseException as exc:
            finish_error(calls, start, exc)
            raise

    return traced


def _wrap_async_generator(fn: Callable[..., AsyncGenerator[Any, Any]], spec: CallSpec) -> Callable[..., Any]:
    async def traced(*args: Any, **kwargs: Any) -> AsyncGenerator[Any, Any]:
        __tracebackhide__ = True
        active = ACTIVE.get()
        calls = start_calls(spec, active, args, kwargs) if active else []
        inner = fn(*args, **kwargs)
        start = _perf_ns()
        try:
            item = await inner.__anext__()
            while True:
                if calls:
                    record_yield(calls, spec, item)
                try:
                    sent = yield item
                except GeneratorExit:
                    await inner.aclose()
                    finish_ok(calls, spec, start, None)
                    raise
                except BaseException as thrown:
                    item = await inner.athrow(thrown)
                else:
                    item = await (inner.__anext__() if sent is None else inner.asend(sent))
        except StopAsyncIteration:
            finish_ok(calls, spec, start, None)
        except GeneratorExit:
            raise
        except BaseException as exc:
            finish_error(calls, start, exc)
            raise

    return traced
