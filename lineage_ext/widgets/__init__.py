"""ipywidgets for notebook outputs: lineage graphs (live or not), artifacts, the store, traces, runtimes.

Public names come from ``api``; ``lineage_view`` is private; layout and SVG come from ``lineage_ext.drawing``.
The widgets only use stock ipywidgets 8 models, so they need no frontend extension of their own.
"""

from __future__ import annotations

from .factories import (
    artifact_view,
    catalog_bundle,
    catalog_widget,
    runtime_graph_widget,
    trace_widget,
    visualize,
)

__all__ = [
    "artifact_view",
    "catalog_bundle",
    "catalog_widget",
    "runtime_graph_widget",
    "trace_widget",
    "visualize",
]
