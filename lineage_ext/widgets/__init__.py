"""ipywidgets for notebook outputs: lineage graphs (live or not), artifacts, the store, traces, runtimes.

Public names come from ``api``; the drawing code (``layout``, ``svg``, ``lineage_view``) is private. The
widgets only use stock ipywidgets 8 models, so they need no frontend extension of their own.
"""

from __future__ import annotations

from .api import (
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
