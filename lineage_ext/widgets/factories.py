"""The notebook-facing entry points of the widget family.

``visualize(live=False)`` (exported as ``lineage_ext.visualize``) draws the current session's lineage
graph; ``artifact_view`` an artifact's own lineage (from the graph snapshot saved with it);
``catalog_widget``, ``trace_widget`` and ``runtime_graph_widget`` wrap the store listing, call traces and
runtime graphs. Each returns a widget; a widget shows itself when it is the last expression of a cell.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import CodeNotCaptured

from .catalog_widget import CatalogWidget
from .lineage_widget import LineageGraphWidget
from .runtime_widget import RuntimeGraphWidget, TraceWidget

if TYPE_CHECKING:
    from lineage_ext.ir import Graph


def visualize(live: bool = False) -> LineageGraphWidget:
    """The current session's lineage graph as an interactive widget.

    ``live=True`` redraws it after every cell execution until the widget is closed (``widget.close()``).
    Raises ``TracerError`` outside a traced kernel (``%load_ext lineage_ext`` first).
    """
    from lineage_ext.kernel.current import current_session, graph

    widget = LineageGraphWidget(graph(), title="session lineage", graph_source=graph)
    if live:
        session = current_session()
        shell = _running_shell()
        if session is not None and shell is not None:
            widget.start_live(shell)
    return widget


def _running_shell() -> Any:
    ipython_module = sys.modules.get("IPython")
    return None if ipython_module is None else ipython_module.get_ipython()


def artifact_view(artifact: Any) -> LineageGraphWidget:
    """The lineage of one artifact version: what its saved value was computed from, and nothing else.

    Reads the graph snapshot stored with the artifact, so it works in any process (no session needed).
    Raises ``CodeNotCaptured`` for values saved outside a traced session (they have no graph).
    """
    snapshot = artifact.get_graph_snapshot()
    if snapshot is None:
        raise CodeNotCaptured(
            f"artifact {artifact.name!r} version {artifact.version} was saved outside a traced session: "
            "it has no lineage graph to show"
        )
    graph = artifact_lineage(snapshot, artifact.name, artifact.version, artifact.info.node_id)
    return LineageGraphWidget(graph, title=f"lineage of {artifact.name} v{artifact.version}")


def artifact_lineage(snapshot: dict[str, Any], name: str, version: int, target: str | None) -> Graph:
    """The snapshot cut to what ``target`` was computed from, plus the artifact node itself.

    The snapshot is taken while saving, before the session adds the artifact node, so it is added here.
    """
    from lineage_ext.ir import Graph, GraphEditor, Node

    graph = Graph.from_json(snapshot)
    if target is None or target not in graph:
        return graph
    builder = GraphEditor.from_graph(graph.get_subgraph(graph.upstream([target])))
    artifact_id = f"artifact:{name}:{version}"
    if artifact_id not in builder:
        builder.add_node(
            Node(id=artifact_id, kind="artifact", label=name, artifact_name=name, artifact_version=version)
        )
        builder.add_edge(target, artifact_id, "saves")
    return builder.freeze()


def catalog_widget(catalog: Any) -> CatalogWidget:
    """An ``ArtifactCatalog`` (what ``lineage_ext.artifact_store()`` returns) as a browsable table."""
    return CatalogWidget(catalog)


def catalog_bundle(catalog: Any) -> dict[str, Any]:
    """The display bundle for an ``ArtifactCatalog``: the table widget, its HTML table for frontends without
    widgets, and the catalog's plain-text table for terminals (``ArtifactCatalog._repr_mimebundle_``)."""
    bundle: dict[str, Any] = CatalogWidget(catalog)._repr_mimebundle_() or {}
    bundle["text/plain"] = str(catalog)
    return bundle


def trace_widget(result: Any) -> TraceWidget:
    """A ``TraceResult`` (or anything with a ``to_json()`` in its shape) as a call graph and table."""
    return TraceWidget(result)


def runtime_graph_widget(view: Any) -> RuntimeGraphWidget:
    """A runtime graph view (``GraphBuilder.view()``, ``Flow.view()``) with filter and focus controls."""
    return RuntimeGraphWidget(view)
