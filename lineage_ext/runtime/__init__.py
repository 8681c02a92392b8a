"""The local task-graph runtime: lazy graphs (``GraphBuilder``) and task runs over grids (``Flow``).

Two ways to describe work, one package:

* ``GraphBuilder`` (``lazy.py``, ``evaluate.py``): call functions on handles to build a graph that runs
  lazily in this process, holding intermediate values only while they are needed.
* ``Task``/``TaskSpec``/``Flow`` (``tasks.py``, ``grid.py``, ``plan.py``, ``execute.py``, ``flow.py``):
  named tasks with config grids, run in worker processes (or on Ray) with results cached in a results
  store (``stores.py``, ``artifact_store.py``) under a hash of each task's config and its upstream configs.

Exported pipeline folders run as flows too (``run_pipeline`` in ``pipelines.py``, ``lineage-ext run``).
Views of both (``view.py``) render as SVG in notebooks and as JSON (`view_json.py`) for the panel.
This package never imports the Jupyter server side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineage_ext._lazy import lazy_getattr

if TYPE_CHECKING:  # the names below, for type checkers (redundant aliases mark them as re-exports)
    from .artifact_store import ArtifactResultsStore as ArtifactResultsStore
    from .flow import Flow as Flow
    from .grid import expand_grid as expand_grid
    from .lazy import DataNode as DataNode
    from .lazy import GraphBuilder as GraphBuilder
    from .pipelines import run_pipeline as run_pipeline
    from .states import TaskRun as TaskRun
    from .states import TaskState as TaskState
    from .stores import (
        MISSING as MISSING,
    )
    from .stores import (
        InMemoryResultsStore as InMemoryResultsStore,
    )
    from .stores import (
        LocalFolderResultsStore as LocalFolderResultsStore,
    )
    from .stores import (
        ResultsStore as ResultsStore,
    )
    from .tasks import Task as Task
    from .tasks import TaskSpec as TaskSpec
    from .view import GraphView as GraphView

# Resolved lazily: a worker process imports only ``worker`` and ``tasks``, which keeps its start-up short.
_PUBLIC: dict[str, str] = {
    "ArtifactResultsStore": "artifact_store",
    "DataNode": "lazy",
    "Flow": "flow",
    "GraphBuilder": "lazy",
    "GraphView": "view",
    "InMemoryResultsStore": "stores",
    "LocalFolderResultsStore": "stores",
    "MISSING": "stores",
    "ResultsStore": "stores",
    "Task": "tasks",
    "TaskRun": "states",
    "TaskSpec": "tasks",
    "TaskState": "states",
    "expand_grid": "grid",
    "run_pipeline": "pipelines",
}

__all__ = [
    "MISSING",
    "ArtifactResultsStore",
    "DataNode",
    "Flow",
    "GraphBuilder",
    "GraphView",
    "InMemoryResultsStore",
    "LocalFolderResultsStore",
    "ResultsStore",
    "Task",
    "TaskRun",
    "TaskSpec",
    "TaskState",
    "expand_grid",
    "run_pipeline",
]


__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())


def __dir__() -> list[str]:
    return __all__
