"""``GraphWidget``: the ipywidgets frame every graph view shares (lineage, artifact, runtime graphs).

Owns the common controls (filter by name, focus a node upstream/downstream), the SVG output, the static
fallback for frontends without a widget manager (``_repr_mimebundle_`` adds ``image/svg+xml`` and
``text/html``, so nbconvert and GitHub show the picture) and the optional dagre-py hand-off. Subclasses
say what to draw (``drawing``) and may add controls. Only stock ipywidgets 8 models: no custom JS.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from lineage_ext.drawing import DrawEdge, DrawNode, render_svg

NO_FOCUS = ""
DIRECTIONS = (("both", "both"), ("upstream", "upstream"), ("downstream", "downstream"))


class GraphWidget(widgets.VBox):  # type: ignore[misc]
    """A filterable, focusable graph drawn as SVG inside an ``ipywidgets.HTML``."""

    def __init__(
        self, title: str, extra_controls: Sequence[widgets.Widget] = (), footer: Sequence[widgets.Widget] = ()
    ) -> None:
        self.title = title
        self.filter_box = widgets.Text(
            placeholder="filter by name", description="Filter", continuous_update=False
        )
        self.focus_menu = widgets.Dropdown(
            options=[("(whole graph)", NO_FOCUS)], value=NO_FOCUS, description="Focus"
        )
        self.direction = widgets.ToggleButtons(options=DIRECTIONS, value="both", description="Direction")
        self.canvas = widgets.HTML()
        self.status = widgets.HTML()
        controls = widgets.HBox([self.filter_box, self.focus_menu, *extra_controls])
        super().__init__([controls, self.direction, self.status, self.canvas, *footer])
        self._svg = ""
        for control in (self.filter_box, self.focus_menu, self.direction, *extra_controls):
            control.observe(self._on_control, names="value")

    # ---- what subclasses provide
    def drawing(self) -> tuple[list[DrawNode], list[DrawEdge]]:
        raise NotImplementedError

    def focus_choices(self) -> list[tuple[str, str]]:
        """(label, node id) pairs offered in the focus menu."""
        return []

    # ---- rendering
    @property
    def svg(self) -> str:
        """The SVG currently shown."""
        return self._svg

    def refresh(self) -> None:
        """Recompute the drawing from the source and show it."""
        self._update_focus_menu()
        nodes, edges = self.drawing()
        self._svg = render_svg(nodes, edges)
        self.status.value = (
            f"<small>{html.escape(self.title)}: {len(nodes)} nodes, {len(edges)} edges</small>"
        )
        self.canvas.value = (
            f'<div class="lineage-ext-widget" style="overflow:auto;max-height:640px">{self._svg}</div>'
        )

    def _update_focus_menu(self) -> None:
        choices = [("(whole graph)", NO_FOCUS), *self.focus_choices()]
        if list(self.focus_menu.options) != choices:
            current = self.focus_menu.value
            with self.hold_trait_notifications():
                self.focus_menu.unobserve(self._on_control, names="value")
                self.focus_menu.options = choices
                self.focus_menu.value = current if current in {v for _, v in choices} else NO_FOCUS
                self.focus_menu.observe(self._on_control, names="value")

    def _on_control(self, change: dict[str, Any]) -> None:
        self.refresh()

    @property
    def focus(self) -> str | None:
        value: str = self.focus_menu.value
        return value or None

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle: dict[str, Any] | None = super()._repr_mimebundle_(**kwargs)
        if bundle is None:  # a closed widget has no view
            return None
        bundle["image/svg+xml"] = self._svg
        bundle["text/html"] = f'<div class="lineage-ext-widget" style="overflow:auto">{self._svg}</div>'
        return bundle

    # ---- optional dagre-py
    def plot_dagre(self) -> None:
        """Open the drawn graph with dagre-py (optional extra ``lineage_ext[dagre]``), imported lazily."""
        plot_with_dagre_py(*self.drawing())


def dagre_py_payload(nodes: Sequence[DrawNode], edges: Sequence[DrawEdge]) -> dict[str, Any]:
    """dagre-py's ``plot()`` input. It keys nodes by label, so repeated labels get their id appended."""
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.label] = counts.get(node.label, 0) + 1
    label = {n.id: n.label if counts[n.label] == 1 else f"{n.label} ({n.id})" for n in nodes}
    return {
        "nodes": [
            {
                "label": html.escape(label[n.id]),  # dagre-py inserts labels as raw HTML
                "description": html.escape(n.kind),
                "tooltip": html.escape(n.title or n.label),
                "attributes": {"shape": "rect" if n.shape != "ellipse" else "ellipse"},
            }
            for n in nodes
        ],
        "edges": [
            {"source": html.escape(label[e.source]), "target": html.escape(label[e.target]), "label": e.label}
            for e in edges
            if e.source in label and e.target in label
        ],
    }


def plot_with_dagre_py(nodes: Sequence[DrawNode], edges: Sequence[DrawEdge]) -> None:
    try:
        from dagre_py.core import plot
    except Exception as exc:  # dagre-py also fails at import time when pkg_resources is missing
        raise ImportError(
            f"dagre-py is not usable here ({type(exc).__name__}: {exc}). It is an optional extra "
            "(pip install 'lineage_ext[dagre]'); the notebook widget and its SVG need nothing extra."
        ) from exc
    plot(dagre_py_payload(nodes, edges))
