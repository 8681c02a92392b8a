"""Turns trace results into the JSON shapes of `trace_json.py`; owns nothing else."""

from __future__ import annotations

from .results import TraceCall, TraceResult, TraceStage
from .summary import ValueSummary, capture_value, exception_message, type_name
from .trace_json import TraceCallJSON, TraceResultJSON, TraceStageJSON, ValueJSON

__all__ = ["result_to_json", "value_to_json"]


def value_to_json(value: object) -> ValueJSON:
    """Summary of a captured value (kept values are summarized here, never sent whole)."""
    captured = capture_value(value, keep_values=False)
    if not isinstance(captured, ValueSummary):
        return {"type": type_name(captured), "preview": repr(captured)}
    out: ValueJSON = {"type": captured.type, "preview": captured.preview}
    if captured.shape is not None:
        out["shape"] = list(captured.shape)
    if captured.dtype is not None:
        out["dtype"] = captured.dtype
    if captured.length is not None:
        out["length"] = captured.length
    return out


def call_to_json(call: TraceCall) -> TraceCallJSON:
    exc = call.exception
    out: TraceCallJSON = {
        "index": call.index,
        "stage": call.stage,
        "func_name": call.func_name,
        "display_name": call.display_name,
        "qualname": call.qualname,
        "module": call.module,
        "kind": call.kind,
        "status": call.status,
        "params": {name: value_to_json(v) for name, v in call.params.items()},
        "result": value_to_json(call.result) if call.status == "ok" else None,
        "result_names": list(call.result_names),
        "exception": None if exc is None else {"type": type_name(exc), "message": exception_message(exc)},
        "duration_ns": call.duration_ns,
        "depth": call.depth,
        "thread": call.thread,
    }
    if call.kind in ("generator", "async_generator"):
        out["yielded"] = [value_to_json(v) for v in call.yielded]
        out["yield_count"] = call.yield_count
    return out


def stage_to_json(stage: TraceStage) -> TraceStageJSON:
    return {"name": stage.name, "calls": [call_to_json(c) for c in stage], "dropped": dict(stage.dropped)}


def result_to_json(result: TraceResult) -> TraceResultJSON:
    return {
        "version": 1,
        "trace_id": result.trace_id,
        "started_at": result.started_at,
        "duration_ns": result.duration_ns,
        "limit": result.limit,
        "finished": result.finished,
        "total_calls": len(result.calls),
        "dropped_calls": result.dropped_calls,
        "stages": [stage_to_json(s) for s in result],
    }
