"""Runtime task graphs (``GraphBuilder.view()``/``Flow.view()``) and call traces in the graph widget family.

Owns the translation of call traces' JSON (``trace.trace_json.TraceResultJSON``) into
``DrawNode``/``DrawEdge``; runtime views (``runtime.view_json.RuntimeGraphView``) are turned into nodes by
``runtime.view.runtime_drawing``, as for the view's own SVG (same shapes, fills and hover text). Layout,
SVG, controls and the static fallback come from ``GraphWidget``. Reads only ``to_json()`` output, so it
works on any object with that method.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from lineage_ext.drawing import DrawEdge, DrawNode
from lineage_ext.ir import EdgeIndex
from lineage_ext.runtime.view import runtime_drawing

from .base import GraphWidget
from .lineage_view import focus_ids


class RuntimeGraphWidget(GraphWidget):
    """A runtime graph view (operations, data nodes, tasks coloured by state)."""

    def __init__(self, view: Any, title: str = "runtime graph") -> None:
        self.data: dict[str, Any] = dict(view.to_json())
        super().__init__(title)
        self.refresh()

    def _all(self) -> tuple[list[DrawNode], list[DrawEdge]]:
        return runtime_drawing(self.data["nodes"], self.data["edges"])  # the view's own picture

    def drawing(self) -> tuple[list[DrawNode], list[DrawEdge]]:
        return narrowed(*self._all(), self.filter_box.value, self.focus, self.direction.value)

    def focus_choices(self) -> list[tuple[str, str]]:
        return [(f"{n['kind']}: {n['label']}", n["id"]) for n in self.data["nodes"]]


def narrowed(
    nodes: list[DrawNode], edges: list[DrawEdge], text: str, focus: str | None, direction: str
) -> tuple[list[DrawNode], list[DrawEdge]]:
    """Generic filter + focus over a drawing (the lineage view has its own, graph-aware version)."""
    keep = {n.id for n in nodes}
    if focus is not None and focus in keep:
        keep = focus_ids(EdgeIndex(edges), focus, direction)
    needle = text.strip().lower()
    if needle:
        keep = {n.id for n in nodes if n.id in keep and (needle in n.label.lower() or needle in n.id.lower())}
    return [n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep]


class TraceWidget(GraphWidget):
    """A call trace: stages in order, their calls below them, nested calls below their caller."""

    def __init__(self, result: Any, title: str = "call trace") -> None:
        self.data: dict[str, Any] = dict(result.to_json())
        self.details = widgets.HTML()
        super().__init__(title, footer=[self.details])
        self.refresh()

    def drawing(self) -> tuple[list[DrawNode], list[DrawEdge]]:
        nodes, edges = trace_drawing(self.data)
        return narrowed(nodes, edges, self.filter_box.value, self.focus, self.direction.value)

    def focus_choices(self) -> list[tuple[str, str]]:
        return [(f"stage: {s['name']}", f"stage:{s['name']}") for s in self.data["stages"]]

    def refresh(self) -> None:
        super().refresh()
        nodes, _ = self.drawing()
        shown = {n.id for n in nodes}
        calls = [c for s in self.data["stages"] for c in s["calls"] if f"call:{c['index']}" in shown]
        self.details.value = calls_table(calls)


def trace_drawing(data: dict[str, Any]) -> tuple[list[DrawNode], list[DrawEdge]]:
    nodes: list[DrawNode] = []
    edges: list[DrawEdge] = []
    previous_stage: str | None = None
    for stage in data["stages"]:
        stage_id = f"stage:{stage['name']}"
        dropped = sum(stage["dropped"].values())
        note = f"\n{dropped} calls past the limit" if dropped else ""
        nodes.append(DrawNode(stage_id, stage["name"], "statement", "box", f"stage {stage['name']}{note}"))
        if previous_stage is not None:
            edges.append(DrawEdge(previous_stage, stage_id, "stage"))
        previous_stage = stage_id
        callers: dict[tuple[str, int], str] = {}  # (thread, depth) -> latest call id at that depth
        for call in stage["calls"]:
            call_id = f"call:{call['index']}"
            nodes.append(_call_node(call_id, call))
            parent = callers.get((call["thread"], call["depth"] - 1), stage_id)
            edges.append(DrawEdge(parent, call_id, "calls"))
            callers[(call["thread"], call["depth"])] = call_id
    return nodes, edges


def _call_node(call_id: str, call: dict[str, Any]) -> DrawNode:
    lines = [f"{call['display_name']} [{call['status']}]", f"duration: {_duration(call['duration_ns'])}"]
    lines += [f"{name} = {value['preview']}" for name, value in call["params"].items()]
    if call["result"] is not None:
        lines.append(f"-> {call['result']['preview']}")
    if call["exception"] is not None:
        lines.append(f"raised {call['exception']['type']}: {call['exception']['message']}")
    return DrawNode(
        call_id,
        f"{call['display_name']} ({_duration(call['duration_ns'])})",
        "variable" if call["status"] == "ok" else "file",
        "rounded",
        "\n".join(lines),
        faded=call["status"] == "error",
    )


def _duration(ns: int | None) -> str:
    if ns is None:
        return "running"
    for unit, size in (("s", 10**9), ("ms", 10**6), ("µs", 10**3)):
        if ns >= size:
            return f"{ns / size:.3g} {unit}"
    return f"{ns} ns"


def calls_table(calls: list[dict[str, Any]]) -> str:
    """An HTML table of calls (values are the trace's own summaries, already short)."""
    head = "<tr><th>#</th><th>stage</th><th>function</th><th>params</th><th>result</th><th>time</th></tr>"
    rows = []
    for call in calls:
        params = ", ".join(f"{k}={v['preview']}" for k, v in call["params"].items())
        if call["exception"] is not None:
            outcome = f"{call['exception']['type']}: {call['exception']['message']}"
        else:
            outcome = call["result"]["preview"] if call["result"] is not None else ""
        cells = (
            str(call["index"]),
            call["stage"],
            call["display_name"],
            params,
            outcome,
            _duration(call["duration_ns"]),
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c[:200])}</td>" for c in cells) + "</tr>")
    return f'<table class="lineage-ext-trace">{head}{"".join(rows)}</table>'
