"""fluidml's documented API on the runtime: ``from lineage_ext.runtime.fluid import Flow, Task, TaskSpec``.

The import line is the only change fluidml code needs (``fluidml``, ``fluidml.storage``, ``fluidml.task``
and ``fluidml.visualization`` names all live here). Differences are listed in docs/coming-from.md.
"""

from __future__ import annotations

from lineage_ext.runtime.states import TaskState

from .console import visualize_graph_in_console
from .files import LocalFileStore
from .flow import Flow, TaskSpec
from .storage import (
    File,
    FilePromise,
    InMemoryStore,
    LazySweep,
    Promise,
    ResultsStore,
    StoreContext,
    Sweep,
    TypeInfo,
)
from .task import Task, TaskInfo, TaskResults

__all__ = [
    "File",
    "FilePromise",
    "Flow",
    "InMemoryStore",
    "LazySweep",
    "LocalFileStore",
    "Promise",
    "ResultsStore",
    "StoreContext",
    "Sweep",
    "Task",
    "TaskInfo",
    "TaskResults",
    "TaskSpec",
    "TaskState",
    "TypeInfo",
    "visualize_graph_in_console",
]
