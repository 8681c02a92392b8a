"""Recording machinery shared by decorators and shims: which traces are active, and how a call is kept.

Owns the ``ContextVar`` holding the active recorders (a tuple, innermost last), the ``CallSpec``
describing one traced function, and ``Recorder``, the thread-safe writer of one ``TraceResult``.
The wrappers in ``wrappers.py`` call ``start_calls`` / ``finish_ok`` / ``finish_error``; none of
these functions ever raises into user code (capture problems become text in the record).

Why a ContextVar: a trace is active for the thread or asyncio task that opened it (and for work
that inherits its context: tasks it creates, ``asyncio.to_thread``, ``TraceContext.bind``), never
for unrelated threads, and reading it when nothing is traced costs a few tens of nanoseconds.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .results import CallKind, TraceCall, TraceResult, TraceStage
from .summary import capture_mapping, capture_value

__all__ = ["ACTIVE", "DEPTH", "CallSpec", "Recorder", "finish_error", "finish_ok", "start_calls"]

ACTIVE: ContextVar[tuple[Recorder, ...]] = ContextVar("lineage_ext_trace_active", default=())
DEPTH: ContextVar[int] = ContextVar("lineage_ext_trace_depth", default=0)

GENERATOR_ITEMS_KEPT = 5  # first yielded items recorded for generator calls
_IMPLICIT_SKIPS = frozenset({"self", "cls"})


@dataclass(frozen=True, slots=True)
class CallSpec:
    """What the decorator knows about one traced function."""

    stage: str
    func_name: str
    display_name: str
    qualname: str
    module: str
    kind: CallKind
    signature: inspect.Signature | None
    params_to_capture: frozenset[str] | None  # None: all but self/cls
    result_names: tuple[str, ...]
    keep_values: bool | None  # None: the TraceContext decides
    owners: set[Recorder] | None = None  # shims record only while one of their TraceContexts is active

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.stage, self.module, self.qualname)


class Recorder:
    """Writes calls into one ``TraceResult``; one lock guards the limit counters and stage lists."""

    def __init__(self, limit: int | None, keep_values: bool) -> None:
        self.limit = limit
        self.keep_values = keep_values
        self.closed = False
        self.result = TraceResult(trace_id=_new_id(), limit=limit, started_at=time.time())
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str, str], int] = {}
        self._epoch = 0

    def reset(self) -> None:
        """Forget the recorded calls (``reset_trace``); the limits start over."""
        with self._lock:
            self.result.reset()

    def reserve(self, spec: CallSpec, depth: int) -> TraceCall | None:
        """A new call record, or None once the block has exited or ``limit`` is reached."""
        with self._lock:
            if self.closed:
                return None
            if self._epoch != self.result._epoch:  # the result was reset: limits start over
                self._epoch = self.result._epoch
                self._counts.clear()
            stage = self.result.stages.get(spec.stage)
            if stage is None:
                stage = self.result.stages[spec.stage] = TraceStage(spec.stage)
            seen = self._counts.get(spec.key, 0)
            if self.limit is not None and seen >= self.limit:
                stage.dropped[spec.func_name] = stage.dropped.get(spec.func_name, 0) + 1
                return None
            self._counts[spec.key] = seen + 1
            call = TraceCall(
                index=self.result._next_index,
                stage=spec.stage,
                func_name=spec.func_name,
                display_name=spec.display_name,
                qualname=spec.qualname,
                module=spec.module,
                kind=spec.kind,
                params={},
                result_names=spec.result_names,
                depth=depth,
                thread=threading.current_thread().name,
            )
            self.result._next_index += 1
            stage.calls.append(call)
            return call

    def close(self) -> None:
        with self._lock:
            self.closed = True


def _new_id() -> str:
    import uuid

    return uuid.uuid4().hex


def bind_params(spec: CallSpec, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Parameter name -> value for this call, filtered by ``params_to_capture``."""
    wanted = spec.params_to_capture
    try:
        if spec.signature is None:
            raise TypeError("no signature")
        bound = spec.signature.bind_partial(*args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
    except TypeError:  # bad call: the function raises its own TypeError; keep what was passed
        values = {f"arg{i}": v for i, v in enumerate(args)} | dict(kwargs)
    if wanted is None:
        return {k: v for k, v in values.items() if k not in _IMPLICIT_SKIPS}
    return {k: v for k, v in values.items() if k in wanted}


def start_calls(
    spec: CallSpec, active: tuple[Recorder, ...], args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> list[tuple[Recorder, TraceCall]]:
    """Reserve a record in every active trace that wants this call and capture its parameters."""
    owners = spec.owners
    if owners is not None and not any(recorder in owners for recorder in active):
        return []
    depth = DEPTH.get()
    calls: list[tuple[Recorder, TraceCall]] = []
    for recorder in active:
        call = recorder.reserve(spec, depth)
        if call is not None:
            calls.append((recorder, call))
    if calls:
        try:
            raw = bind_params(spec, args, kwargs)
            for recorder, call in calls:
                call.params = capture_mapping(raw, _keep(spec, recorder))
        except Exception as exc:  # never let capture break the user's call
            for _, call in calls:
                call.params = {"<capture failed>": f"{type(exc).__name__}: {exc}"}
    return calls


def _keep(spec: CallSpec, recorder: Recorder) -> bool:
    return recorder.keep_values if spec.keep_values is None else spec.keep_values


def finish_ok(calls: list[tuple[Recorder, TraceCall]], spec: CallSpec, start_ns: int, result: object) -> None:
    duration = time.perf_counter_ns() - start_ns
    for recorder, call in calls:
        call.duration_ns = duration
        call.result = _capture_result(result, spec, _keep(spec, recorder))
        call.status = "ok"


def _capture_result(result: object, spec: CallSpec, keep: bool) -> object:
    if len(spec.result_names) > 1 and isinstance(result, tuple) and not keep:
        return tuple(capture_value(item, keep) for item in result)  # each named part summarized apart
    return capture_value(result, keep)


def finish_error(calls: list[tuple[Recorder, TraceCall]], start_ns: int, exc: BaseException) -> None:
    duration = time.perf_counter_ns() - start_ns
    for _, call in calls:
        call.duration_ns = duration
        call.exception = exc
        call.status = "error"


def record_yield(calls: list[tuple[Recorder, TraceCall]], spec: CallSpec, item: object) -> None:
    for recorder, call in calls:
        if call.yield_count < GENERATOR_ITEMS_KEPT:
            call.yielded.append(capture_value(item, _keep(spec, recorder)))
        call.yield_count += 1
