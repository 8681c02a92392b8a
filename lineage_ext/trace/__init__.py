"""Call tracing: see the arguments, return values and durations flowing through your functions.

Public surface (everything else is private)::

    @trace_func(stage_name="clean", params_to_capture=["df"], result_name="cleaned")
    def clean(df, threshold=0.5): ...

    with TraceContext(limit=5) as trace:          # also ``async with``
        trace.instrument(SomeClass, "method", stage="model")   # removed on exit, always
        run_pipeline()
    trace["clean"][0]["df"]        # == trace.clean[0].df: a summary (shape, dtypes, first rows)

Stage shorthands: ``trace_load``, ``trace_preprocess``, ``trace_features``, ``trace_train``,
``trace_predict``, ``trace_evaluate`` (``make_stage_decorator`` builds more). Semantics of scope,
nesting, limits and threads: ``context.py``. The kernel hook: ``hooks.set_result_listener``.
JSON shapes: `trace_json.py`. Value summaries: ``summary.register_summarizer``. Names load on first use.
hyrax.trace's names (``get_trace``, ``reset_trace``, ``trace_result``, ``trace_dataset_func``,
``trace_model_func``, ``trace_verb_data``, ``TraceDef``, ``TracePrintable``): ``compat.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lineage_ext._lazy import lazy_getattr

if TYPE_CHECKING:  # type checkers and IDEs see the real names
    from .compat import (
        TraceDef,
        TracePrintable,
        get_trace,
        reset_trace,
        trace_dataset_func,
        trace_model_func,
        trace_verb_data,
    )
    from .context import TraceContext
    from .decorators import (
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
    from .results import TraceCall, TraceResult, TraceStage
    from .summary import ValueSummary, register_summarizer

# loaded on first use, so the kernel can import ``trace.hooks`` at start-up for almost nothing
_PUBLIC = {
    "TraceContext": "context",
    "TraceDef": "compat",
    "TracePrintable": "compat",
    "get_trace": "compat",
    "reset_trace": "compat",
    "trace_dataset_func": "compat",
    "trace_model_func": "compat",
    "trace_verb_data": "compat",
    "TraceCall": "results",
    "TraceResult": "results",
    "TraceStage": "results",
    "ValueSummary": "summary",
    "register_summarizer": "summary",
    "make_stage_decorator": "decorators",
    "trace_evaluate": "decorators",
    "trace_features": "decorators",
    "trace_func": "decorators",
    "trace_load": "decorators",
    "trace_predict": "decorators",
    "trace_preprocess": "decorators",
    "trace_train": "decorators",
    "untraced": "decorators",
}

__all__ = [
    "TraceCall",
    "TraceContext",
    "TraceDef",
    "TracePrintable",
    "TraceResult",
    "TraceStage",
    "ValueSummary",
    "get_trace",
    "make_stage_decorator",
    "register_summarizer",
    "reset_trace",
    "trace_dataset_func",
    "trace_evaluate",
    "trace_features",
    "trace_func",
    "trace_load",
    "trace_model_func",
    "trace_predict",
    "trace_preprocess",
    "trace_train",
    "trace_verb_data",
    "untraced",
]

_lazy = lazy_getattr(__name__, _PUBLIC, globals())


def __getattr__(name: str) -> Any:
    if name == "trace_result":  # hyrax's module attribute: the current trace, computed on each access
        from .compat import get_trace

        return get_trace()
    return _lazy(name)
