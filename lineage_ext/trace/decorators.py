"""The ``@trace_func`` decorator, the stage shorthands, and ``make_spec`` (also used by shims).

Owns argument validation (bad arguments raise ``TraceUsageError`` at decoration time, not at
call time) and the handling of method kinds: plain functions and methods are wrapped directly;
``staticmethod``/``classmethod`` objects are unwrapped, traced and re-wrapped, so both decorator
orders work. Re-decorating a traced function replaces its spec instead of tracing twice.

Defaults: the stage is the function's ``__name__``; every parameter is captured except ``self``
and ``cls`` (name them in ``params_to_capture`` to get them); the return value is reachable as
``call["result"]`` or under ``result_name`` (a sequence of names unpacks a returned tuple).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar, cast, overload

from lineage_ext.errors import TraceUsageError

from .recorder import CallSpec, Recorder
from .results import CallKind
from .wrappers import build_wrapper, is_tracer_wrapper

__all__ = [
    "STAGE_SHORTHANDS",
    "StageDecorator",
    "make_spec",
    "make_stage_decorator",
    "trace_evaluate",
    "trace_features",
    "trace_func",
    "trace_load",
    "trace_predict",
    "trace_preprocess",
    "trace_train",
    "untraced",
]

F = TypeVar("F", bound=Callable[..., Any])


def untraced(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The original callable behind a traced wrapper (``fn`` itself if it is not traced)."""
    while is_tracer_wrapper(fn):
        fn = fn.__wrapped__  # type: ignore[attr-defined]
    return fn


def _kind_of(fn: Callable[..., Any]) -> CallKind:
    if inspect.isasyncgenfunction(fn):
        return "async_generator"
    if inspect.iscoroutinefunction(fn):
        return "coroutine"
    if inspect.isgeneratorfunction(fn):
        return "generator"
    return "function"


def _signature(fn: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):  # some C callables have none; params are then named arg0, arg1...
        return None


def _check_names(
    signature: inspect.Signature | None,
    params: Iterable[str] | None,
    result_names: tuple[str, ...],
    name: str,
) -> frozenset[str] | None:
    wanted = None if params is None else frozenset(params)
    if wanted and signature is not None:
        accepts_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
        unknown = sorted(wanted - set(signature.parameters))
        if unknown and not accepts_any:
            raise TraceUsageError(
                f"{name} has no parameter(s) {', '.join(unknown)}; it takes {', '.join(signature.parameters)}"
            )
    clash = set(result_names) & (set(signature.parameters) if signature else set())
    if clash or len(set(result_names)) != len(result_names):
        raise TraceUsageError(
            f"result_name {result_names!r} of {name} clashes with a parameter or repeats a name"
        )
    return wanted


def _check_options(
    stage_name: object, params_to_capture: object, result_name: object
) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """Checks that need no function; returns (params to capture, result names) as tuples."""
    if stage_name is not None and (not isinstance(stage_name, str) or not stage_name):
        raise TraceUsageError(f"stage_name must be a non-empty string, got {stage_name!r}")
    params = _names_tuple(params_to_capture, "params_to_capture", allow_empty_names=False)
    names = (result_name,) if isinstance(result_name, str) else _names_tuple(result_name, "result_name") or ()
    if not all(names) or len(set(names)) != len(names):
        raise TraceUsageError(f"result_name must be a name or a sequence of names, got {result_name!r}")
    return params, names


def _names_tuple(value: object, option: str, allow_empty_names: bool = True) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else None
    if items is None or not all(isinstance(n, str) and (n or allow_empty_names) for n in items):
        raise TraceUsageError(f"{option} must be a list of names, got {value!r}")
    return items


def make_spec(
    fn: Callable[..., Any],
    *,
    stage_name: str | None = None,
    params_to_capture: Iterable[str] | None = None,
    result_name: str | Iterable[str] | None = None,
    display_name: str | None = None,
    keep_values: bool | None = None,
    owners: set[Recorder] | None = None,
) -> CallSpec:
    """Validate the options and describe ``fn`` (already unwrapped) for the recorder."""
    if not callable(fn):
        raise TraceUsageError(f"cannot trace {fn!r}: it is not callable")
    func_name = getattr(fn, "__name__", None) or type(fn).__name__
    qualname = getattr(fn, "__qualname__", func_name)
    params, names = _check_options(stage_name, params_to_capture, result_name)
    signature = _signature(fn)
    return CallSpec(
        stage=stage_name or func_name,
        func_name=func_name,
        display_name=display_name or qualname.replace("<locals>.", ""),
        qualname=qualname,
        module=getattr(fn, "__module__", None) or "",
        kind=_kind_of(fn),
        signature=signature,
        params_to_capture=_check_names(signature, params, names, qualname),
        result_names=names,
        keep_values=keep_values,
        owners=owners,
    )


def _decorate(target: Any, options: dict[str, Any]) -> Any:
    if isinstance(target, (staticmethod, classmethod)):
        return type(target)(_decorate(target.__func__, options))
    original = untraced(target)
    return build_wrapper(original, make_spec(original, **options))


@overload
def trace_func(
    func: F,
    /,
    *,
    stage_name: str | None = None,
    params_to_capture: Iterable[str] | None = None,
    result_name: str | Iterable[str] | None = None,
    display_name: str | None = None,
    keep_values: bool | None = None,
) -> F: ...
@overload
def trace_func(
    func: None = None,
    /,
    *,
    stage_name: str | None = None,
    params_to_capture: Iterable[str] | None = None,
    result_name: str | Iterable[str] | None = None,
    display_name: str | None = None,
    keep_values: bool | None = None,
) -> Callable[[F], F]: ...
def trace_func(
    func: Any = None,
    /,
    *,
    stage_name: str | None = None,
    params_to_capture: Iterable[str] | None = None,
    result_name: str | Iterable[str] | None = None,
    display_name: str | None = None,
    keep_values: bool | None = None,
) -> Any:
    """Record calls of the decorated function while a ``TraceContext`` is active.

    Usable bare (``@trace_func``) or with options (``@trace_func(stage_name="clean")``), on
    functions, methods, static/class methods (either order), coroutines and generators.
    ``keep_values`` overrides the context's choice for this function only.
    """
    options: dict[str, Any] = {
        "stage_name": stage_name,
        "params_to_capture": params_to_capture,
        "result_name": result_name,
        "display_name": display_name,
        "keep_values": keep_values,
    }
    if func is None:
        # fail at the decorator line; keep a tuple so a one-shot iterable survives reuse
        options["params_to_capture"], _ = _check_options(stage_name, params_to_capture, result_name)
        return lambda fn: _decorate(fn, options)
    return _decorate(func, options)


class StageDecorator(Protocol):
    """``trace_func`` with the stage fixed; usable bare or with the other options."""

    __name__: str

    @overload
    def __call__(self, func: F, /) -> F: ...
    @overload
    def __call__(
        self,
        func: None = None,
        /,
        *,
        params_to_capture: Iterable[str] | None = None,
        result_name: str | Iterable[str] | None = None,
        display_name: str | None = None,
        keep_values: bool | None = None,
    ) -> Callable[[F], F]: ...


def make_stage_decorator(stage: str) -> StageDecorator:
    """A ``trace_func`` with ``stage_name`` fixed: ``@trace_load`` or ``@trace_load(result_name="df")``."""
    _check_options(stage, None, None)

    def stage_decorator(func: Any = None, /, **options: Any) -> Any:
        if "stage_name" in options:
            raise TraceUsageError(f"trace_{stage} fixes stage_name={stage!r}; use trace_func for another")
        return trace_func(func, stage_name=stage, **options)

    stage_decorator.__name__ = stage_decorator.__qualname__ = f"trace_{stage}"
    stage_decorator.__doc__ = f"``trace_func`` with ``stage_name={stage!r}``."
    return cast(StageDecorator, stage_decorator)


STAGE_SHORTHANDS = ("load", "preprocess", "features", "train", "predict", "evaluate")
trace_load = make_stage_decorator("load")
trace_preprocess = make_stage_decorator("preprocess")
trace_features = make_stage_decorator("features")
trace_train = make_stage_decorator("train")
trace_predict = make_stage_decorator("predict")
trace_evaluate = make_stage_decorator("evaluate")
