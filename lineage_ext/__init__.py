"""lineage_ext: lineage, artifacts and pipelines for Jupyter notebooks.

This module is the public surface. Every name is resolved lazily from the module
that owns it, so ``import lineage_ext`` stays cheap (no pandas, no IPython, no
jupyter_server) and each side (kernel, server, CLI) loads only what it uses. Sitting
above every layer, it also plugs in what a lower layer may not import: the widget viewers
of artifacts (at the end).
"""

from __future__ import annotations

from typing import Any

from ._about import __version__
from ._lazy import lazy_getattr
from .artifacts.display import register_viewers

# public name -> module that owns it
_PUBLIC: dict[str, str] = {
    # artifacts
    "save": "lineage_ext.api",
    "get": "lineage_ext.api",
    "delete": "lineage_ext.api",
    "artifact_store": "lineage_ext.api",
    "Query": "lineage_ext.api",
    "reload": "lineage_ext.api",
    "options": "lineage_ext.options",
    "Artifact": "lineage_ext.artifacts.artifact",
    # side effects saved as artifacts (LineaPy's file_system and db)
    "file_system": "lineage_ext.store.sideeffects",
    "db": "lineage_ext.store.sideeffects",
    "WrittenFiles": "lineage_ext.store.sideeffects",
    # tracing of cells
    "graph": "lineage_ext.kernel.current",
    "visualize": "lineage_ext.widgets.factories",
    # slicing and export
    "get_function": "lineage_ext.slicing.entry_points",
    "get_module_definition": "lineage_ext.slicing.entry_points",
    "to_pipeline": "lineage_ext.export.to_pipeline",
    # call tracing
    "trace_func": "lineage_ext.trace",
    "TraceContext": "lineage_ext.trace",
    "TraceResult": "lineage_ext.trace",
    "TraceStage": "lineage_ext.trace",
    "TraceCall": "lineage_ext.trace",
    # local runtime
    "GraphBuilder": "lineage_ext.runtime",
    "Task": "lineage_ext.runtime",
    "TaskSpec": "lineage_ext.runtime",
    "Flow": "lineage_ext.runtime",
    "TaskState": "lineage_ext.runtime",
    "LocalFolderResultsStore": "lineage_ext.runtime",
    "ArtifactResultsStore": "lineage_ext.runtime",
}

__all__ = [
    "Artifact",
    "ArtifactResultsStore",
    "Flow",
    "GraphBuilder",
    "LocalFolderResultsStore",
    "Query",
    "Task",
    "TaskSpec",
    "TaskState",
    "TraceCall",
    "TraceContext",
    "TraceResult",
    "TraceStage",
    "WrittenFiles",
    "__version__",
    "artifact_store",
    "db",
    "delete",
    "file_system",
    "get",
    "get_function",
    "get_module_definition",
    "graph",
    "options",
    "reload",
    "save",
    "to_pipeline",
    "trace_func",
    "visualize",
]


__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())


def __dir__() -> list[str]:
    return __all__


# ---- Jupyter and IPython entry points (each imports its side lazily) ----


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "lineage-ext"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "lineage_ext"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    from .server.extension import load_server_extension

    load_server_extension(server_app)


def load_ipython_extension(ipython: Any) -> None:
    from .kernel.extension import load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from .kernel.extension import unload

    unload(ipython)


# ---- the widget viewers of artifacts ----
# ``Artifact.visualize()`` and the catalog's notebook display draw with the widgets, a layer above
# ``artifacts``: the root, above every layer, plugs them in (ipywidgets still loads only on first use).


def _artifact_view(artifact: Any) -> Any:
    from .widgets import artifact_view

    return artifact_view(artifact)


def _catalog_bundle(catalog: Any) -> dict[str, Any]:
    from .widgets import catalog_bundle

    return catalog_bundle(catalog)


register_viewers(_artifact_view, _catalog_bundle)
