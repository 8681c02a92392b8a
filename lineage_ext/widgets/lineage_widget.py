"""``LineageGraphWidget``: a lineage graph in a cell output, optionally live (redrawn after each cell).

Owns the lineage-specific controls (show imports, collapse to cells) and the live hook: with a
``graph_source`` callable, the widget registers an IPython ``post_run_cell`` callback that redraws when
the graph's revision changed, and unregisters it when the widget is closed. The callback never raises
into the user's cell: any failure is logged once and live updating stops.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from lineage_ext.drawing import DrawEdge, DrawNode
from lineage_ext.ir import Graph

from .base import GraphWidget
from .lineage_view import ViewOptions, lineage_drawing

log = logging.getLogger(__name__)
FOCUS_KINDS = ("variable", "artifact", "file")
COLLAPSE_THRESHOLD = 400  # the panel's default "collapse to cells above" setting


class LineageGraphWidget(GraphWidget):
    """An interactive lineage graph; ``graph_source`` (if given) is re-read by ``update()``."""

    def __init__(
        self, graph: Graph, title: str = "lineage", graph_source: Callable[[], Graph] | None = None
    ) -> None:
        self.graph = graph
        self.graph_source = graph_source
        self.imports_box = widgets.Checkbox(value=False, description="imports", indent=False)
        large = len(graph) > COLLAPSE_THRESHOLD  # big sessions start collapsed to stay readable
        self.collapse_box = widgets.Checkbox(value=large, description="collapse to cells", indent=False)
        self._shell: Any = None
        super().__init__(title, [self.imports_box, self.collapse_box])
        self.refresh()

    def options(self) -> ViewOptions:
        direction = self.direction.value
        return ViewOptions(
            name_filter=self.filter_box.value,
            focus=self.focus,
            direction=direction,
            show_imports=bool(self.imports_box.value),
            collapse_cells=bool(self.collapse_box.value),
        )

    def drawing(self) -> tuple[list[DrawNode], list[DrawEdge]]:
        return lineage_drawing(self.graph, self.options())

    def focus_choices(self) -> list[tuple[str, str]]:
        choices: list[tuple[str, str]] = []
        for node in self.graph.nodes:
            if node.kind in FOCUS_KINDS and not node.superseded:
                label = (
                    node.label
                    if node.kind != "artifact"
                    else f"{node.artifact_name} v{node.artifact_version}"
                )
                choices.append((f"{node.kind}: {label}", node.id))
        return choices

    def update(self) -> bool:
        """Re-read the graph from ``graph_source``; redraw only when its revision changed."""
        if self.graph_source is None:
            return False
        graph = self.graph_source()
        if graph.revision == self.graph.revision and len(graph) == len(self.graph):
            return False
        self.graph = graph
        self.refresh()
        return True

    # ---- live mode
    def start_live(self, shell: Any) -> None:
        """Redraw after every cell of ``shell`` until ``stop_live()`` or ``close()``."""
        if self._shell is not None:
            return
        shell.events.register("post_run_cell", self._after_cell)
        self._shell = shell

    def stop_live(self) -> None:
        shell, self._shell = self._shell, None
        if shell is None:
            return
        with contextlib.suppress(ValueError):  # already gone (the shell was reset)
            shell.events.unregister("post_run_cell", self._after_cell)

    @property
    def live(self) -> bool:
        return self._shell is not None

    def _after_cell(self, result: Any) -> None:
        try:
            self.update()
        except Exception:  # never break the user's cell because a drawing failed
            log.exception("lineage_ext: live graph update failed; live updating stopped")
            self.stop_live()

    def close(self) -> None:
        self.stop_live()
        super().close()
