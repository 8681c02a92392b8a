"""Attaching call traces to the lineage graph: a `TraceContext` that finishes inside a traced cell becomes
a `trace` node linked from the statement holding the `with` block.

The trace package calls the listener installed here (`trace.hooks.set_result_listener`) once per finished
context. Only the kernel's main thread, while a traced cell runs, knows which statement that is; a trace
finished anywhere else is left out of the graph. The whole trace (summaries, never values) goes to the
store through the session's `on_trace` callback; the graph keeps only its id, call count and duration.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from lineage_ext.ir import Node

if TYPE_CHECKING:
    from lineage_ext.trace.hooks import ResultListener

    from .session import TracerSession

MAX_LABEL_STAGES = 3


def trace_label(trace_json: dict[str, Any]) -> str:
    """`trace: load → clean (+2) · 14 calls`: the stages in order, then how many calls were recorded."""
    names = [stage["name"] for stage in trace_json.get("stages", [])]
    shown = " → ".join(names[:MAX_LABEL_STAGES]) or "no calls"
    more = f" (+{len(names) - MAX_LABEL_STAGES})" if len(names) > MAX_LABEL_STAGES else ""
    calls = int(trace_json.get("total_calls", 0))
    return f"trace: {shown}{more} · {calls} call{'s' if calls != 1 else ''}"


def attach_trace(session: TracerSession, result: Any) -> None:
    """The listener body: add the trace node and edge, then hand the trace's JSON to the writer."""
    if threading.current_thread() is not threading.main_thread():
        return
    statement_id = session.record_running_statement()
    if statement_id is None:
        return
    trace_json = dict(result.to_json())
    node = Node(
        f"trace:{trace_json['trace_id']}",
        "trace",
        trace_label(trace_json),
        trace_id=str(trace_json["trace_id"]),
        trace_calls=int(trace_json.get("total_calls", 0)),
        duration_ns=trace_json.get("duration_ns"),
    )
    builder = session.builder
    if node.id not in builder:
        builder.add_node(node)
    builder.add_edge(statement_id, node.id, "traces")
    if session.on_trace is not None:
        session.on_trace(session.session_id, trace_json)


class TraceListener:
    """Installs `attach_trace` as the process's trace result listener; `uninstall` restores the previous."""

    def __init__(self, session: TracerSession) -> None:
        self.session = session
        self._previous: ResultListener | None = None
        self._installed = False

    def __call__(self, result: Any) -> None:
        try:
            attach_trace(self.session, result)
        except Exception as exc:  # the trace still reaches the user; only the graph link is lost
            self.session._fail(exc)

    def install(self) -> None:
        from lineage_ext.trace.hooks import set_result_listener

        self._previous = set_result_listener(self)
        self._installed = True

    def uninstall(self) -> None:
        from lineage_ext.trace.hooks import get_result_listener, set_result_listener

        still_ours = get_result_listener() is self  # another listener installed since stays
        if self._installed and still_ours:
            set_result_listener(self._previous)
        self._installed = False
