"""Text and HTML rendering of trace results; owns formatting only (no recording, no access logic).

Text is what terminals and ``repr`` show: one line per call, indented by nesting depth.
HTML is what notebooks show: one table per stage. Every piece of user-controlled text (names,
previews, messages) goes through ``html.escape``; values are always shown as summaries, so a
trace of large frames renders in kilobytes even when ``keep_values=True``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .summary import ValueSummary, capture_value, exception_message, type_name

if TYPE_CHECKING:
    from .results import TraceCall, TraceResult, TraceStage

__all__ = ["call_line", "calls_html", "format_ns", "result_html", "result_text", "stage_text", "value_text"]

_VALUE_CHARS = 80


def format_ns(ns: int | None) -> str:
    if ns is None:
        return "…"
    for unit, size in (("s", 10**9), ("ms", 10**6), ("µs", 10**3)):
        if ns >= size:
            return f"{ns / size:.3g} {unit}"
    return f"{ns} ns"


def value_text(value: object, limit: int = _VALUE_CHARS) -> str:
    """Short one-line text for a captured value (summarizes kept values too)."""
    shown = capture_value(value, keep_values=False)
    text = shown.describe() if isinstance(shown, ValueSummary) else repr(shown)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _outcome(call: TraceCall) -> str:
    if call.status == "running":
        return "(running)"
    if call.status == "error":
        assert call.exception is not None
        return f"raised {type_name(call.exception)}: {exception_message(call.exception)}"
    if call.kind in ("generator", "async_generator"):
        return f"yielded {call.yield_count} item(s)"
    outputs = call.outputs
    if len(outputs) == 1 and not call.result_names:
        return value_text(next(iter(outputs.values())))
    return ", ".join(f"{k}={value_text(v)}" for k, v in outputs.items())


def call_line(call: TraceCall) -> str:
    params = ", ".join(f"{name}={value_text(v, 40)}" for name, v in call.params.items())
    return (
        f"{'  ' * call.depth}[{call.index}] {call.display_name}({params}) -> {_outcome(call)}"
        f"  [{format_ns(call.duration_ns)}]"
    )


def stage_text(stage: TraceStage) -> str:
    dropped = sum(stage.dropped.values())
    past_limit = f", {dropped} past the limit" if dropped else ""
    header = f"stage {stage.name!r}: {len(stage)} call(s){past_limit}"
    return "\n".join([header, *("  " + call_line(c) for c in stage)])


def result_text(result: TraceResult) -> str:
    limit = "no limit" if result.limit is None else f"limit {result.limit}/function"
    state = format_ns(result.duration_ns) if result.finished else "recording"
    counts = f"{len(result)} stage(s), {len(result.calls)} call(s)"
    dropped = result.dropped_calls
    if dropped:  # say it loudly: a user reading a trace must know it is partial
        counts += f", {dropped} call(s) dropped past the limit (TraceContext(limit=None) keeps all)"
    header = f"TraceResult {result.trace_id[:8]}: {counts}, {limit}, {state}"
    return "\n".join([header, *(stage_text(s) for s in result)])


def _cell(text: str, title: str | None = None) -> str:
    tip = f' title="{html.escape(title, quote=True)}"' if title else ""
    return f"<td{tip}>{html.escape(text)}</td>"


def _value_cell(values: dict[str, object]) -> str:
    parts = []
    for name, value in values.items():
        shown = capture_value(value, keep_values=False)
        tip = shown.preview if isinstance(shown, ValueSummary) else repr(shown)
        label = html.escape(f"{name}={value_text(shown)}")
        parts.append(f'<code title="{html.escape(tip[:400], quote=True)}">{label}</code>')
    return "<td>" + "<br>".join(parts) + "</td>"


def calls_html(calls: list[TraceCall], title: str) -> str:
    rows = []
    for call in calls:
        outcome = _value_cell(call.outputs) if call.outputs else _cell(_outcome(call))
        rows.append(
            f'<tr class="lineage-trace-{call.status}">{_cell(str(call.index))}'
            f"{_cell(call.display_name, call.module + '.' + call.qualname)}{_value_cell(call.params)}"
            f"{outcome}{_cell(format_ns(call.duration_ns))}</tr>"
        )
    head = "<tr><th>#</th><th>function</th><th>params</th><th>result</th><th>time</th></tr>"
    return (
        f'<div class="lineage-trace"><b>{html.escape(title)}</b>'
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def result_html(result: TraceResult) -> str:
    header = html.escape(result_text(result).splitlines()[0])
    stages = "".join(
        f"<details open><summary>{html.escape(stage_text(s).splitlines()[0])}</summary>"
        f"{calls_html(list(s), title='')}</details>"
        for s in result
    )
    return f'<div class="lineage-trace-result"><p>{header}</p>{stages}</div>'
