"""fluidml's console graph view: ``visualize_graph_in_console`` draws a task graph as text.

Owns text rendering only: one line per layer (longest path from a source, as in the SVG view), then
the edges. Shown through a pager when asked and when the output is a terminal, else printed.
"""

from __future__ import annotations

import pydoc
import sys
from typing import Any


def graph_text(graph: Any, use_unicode: bool = False) -> str:
    """Text of a ``Flow`` (fluidml-style or the runtime's): layers of task instances, then edges."""
    flow = getattr(graph, "task_graph", graph)
    runs = list(flow.runs.values())
    layer: dict[str, int] = {}
    for run in runs:  # runs are in a topological order
        layer[run.name] = max((layer[p] + 1 for p in run.predecessors), default=0)
    arrow, bar = ("→", "│") if use_unicode else ("->", "|")
    lines = []
    for level in range(max(layer.values(), default=-1) + 1):
        names = [run.name for run in runs if layer[run.name] == level]
        lines.append(f"{level:>3} {bar} " + "   ".join(names))
    lines += [f"    {pred} {arrow} {run.name}" for run in runs for pred in run.predecessors]
    return "\n".join(lines) + "\n"


def visualize_graph_in_console(graph: Any, use_pager: bool = True, use_unicode: bool = False) -> None:
    text = graph_text(graph, use_unicode)
    if use_pager and sys.stdout.isatty():
        pydoc.pager(text)
    else:
        sys.stdout.write(text)
