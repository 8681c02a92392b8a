"""hyrax.trace's documented names on top of our tracer: the current trace, stage decorators, verbs.

Owns ``get_trace``/``reset_trace`` (the innermost active trace of this thread or task, so no
module-level mutable state: ``lineage_ext.trace.trace_result`` is computed on access),
``trace_dataset_func``/``trace_model_func`` (``trace_func`` with hyrax's default stages),
``trace_verb_data`` (hyrax's ``trace=N`` keyword for a verb, generic: no hyrax config is touched),
``TraceDef`` (hyrax's description of an instrumented function) and ``TracePrintable`` (the ABC
our ``TraceResult``/``TraceStage``/``TraceCall`` are registered under). It records nothing itself.
"""

from __future__ import annotations

import functools
from abc import ABC
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .context import TraceContext
from .decorators import trace_func
from .recorder import ACTIVE
from .results import TraceCall, TraceResult, TraceStage

__all__ = [
    "TraceDef",
    "TracePrintable",
    "get_trace",
    "reset_trace",
    "trace_dataset_func",
    "trace_model_func",
    "trace_verb_data",
]


class TracePrintable(ABC):  # noqa: B024 (a marker ABC: the registered classes implement the protocol)
    """Base of the user-facing trace objects: printable, indexable, attribute access routed to items."""


for _cls in (TraceResult, TraceStage, TraceCall):
    TracePrintable.register(_cls)


@dataclass(slots=True)
class TraceDef:
    """What hyrax fills out for an instrumented function (shown when the trace is printed)."""

    disp_name: str = ""
    func_name: str = ""
    params_to_capture: dict[str, int] = field(default_factory=dict)  # name -> position
    result_name: str = ""
    stage_name: str = ""


def get_trace() -> TraceResult | None:
    """The innermost active trace of this thread/task, or None when no trace is active."""
    active = ACTIVE.get()
    return active[-1].result if active else None


def reset_trace() -> None:
    """Forget the calls recorded so far by the innermost active trace; a no-op when none is active."""
    active = ACTIVE.get()
    if active:
        active[-1].reset()


def trace_dataset_func(
    func: Any = None,
    *,
    params_to_capture: Iterable[str] | None = None,
    result_name: str | None = None,
    stage_name: str = "dataset_getter",
) -> Any:
    """``trace_func`` placing the function in the ``dataset_getter`` stage by default."""
    return trace_func(
        func, stage_name=stage_name, params_to_capture=params_to_capture, result_name=result_name
    )


def trace_model_func(
    func: Any = None,
    *,
    params_to_capture: Iterable[str] | None = None,
    result_name: str | None = None,
    stage_name: str = "evaluation",
) -> Any:
    """``trace_func`` placing the function in the ``evaluation`` stage by default."""
    return trace_func(
        func, stage_name=stage_name, params_to_capture=params_to_capture, result_name=result_name
    )


def trace_verb_data(verb_run_func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a verb a ``trace=N`` keyword: with N > 0 it runs traced (N calls kept per function) and
    returns the ``TraceResult`` (values kept, as hyrax does); without it the verb runs as usual."""

    @functools.wraps(verb_run_func)
    def verb(*args: Any, trace: int | None = None, **kwargs: Any) -> Any:
        if not trace:
            return verb_run_func(*args, **kwargs)
        with TraceContext(trace, keep_values=True) as context:
            verb_run_func(*args, **kwargs)
        return context.result

    return verb
