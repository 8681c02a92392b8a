"""The one hook the kernel tracer uses to attach call traces to the lineage graph.

Owns a single process-wide listener slot. The kernel (which this package never imports) calls
``set_result_listener(fn)`` when its extension loads and ``set_result_listener(None)`` when it
unloads. ``fn(result)`` is then called with every finished ``TraceResult``:

- once per ``TraceContext``, when its block exits (normally or by exception), after every shim
  is removed, in the thread that exits the block, while the kernel's current statement is still
  the one holding the ``with`` block, so the kernel can link that statement node to
  ``result.trace_id`` and keep ``result.to_json()`` for the panel;
- a listener that raises is logged (logger ``lineage_ext.trace.hooks``) and never reaches user code.

One slot, not a list: there is one kernel per process; a second ``set`` replaces the first and
returns it, so a caller can restore the previous listener.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import TraceResult

__all__ = ["ResultListener", "get_result_listener", "notify_result", "set_result_listener"]

ResultListener = Callable[["TraceResult"], None]

_log = logging.getLogger(__name__)
_listener: ResultListener | None = None


def set_result_listener(listener: ResultListener | None) -> ResultListener | None:
    """Install ``listener`` (or remove it with None); returns the one it replaces."""
    global _listener
    if listener is not None and not callable(listener):
        from lineage_ext.errors import TraceUsageError

        raise TraceUsageError(f"the result listener must be callable or None, got {listener!r}")
    previous, _listener = _listener, listener
    return previous


def get_result_listener() -> ResultListener | None:
    return _listener


def notify_result(result: TraceResult) -> None:
    """Hand a finished result to the listener, if any; never raises."""
    listener = _listener
    if listener is None:
        return
    try:
        listener(result)
    except Exception:
        _log.exception("trace result listener %r failed", listener)
