"""Side effects as capture targets: a saved ``pathlib.Path`` the session wrote, and ``WrittenFiles``.

``written_files(session, kind)`` lists the files of one kind (``db``: SQLite files the session connected
to; ``file_system``: every other file) whose latest version a statement of this session wrote.
``effect_target`` picks the graph node a save of such a value slices from:

* a ``Path`` whose latest version the session wrote -> that file version node, so the slice holds the code
  that wrote the file, not only the ``Path(...)`` line;
* ``WrittenFiles`` -> a new node ``effects:<kind>#N`` (kind ``file``, labelled "file system" or
  "database") that each listed file version points to with a ``writes_file`` edge, so the slice is every
  statement needed to reproduce those files.
"""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING, Any

from lineage_ext.ir import Graph, Node
from lineage_ext.store.sideeffects import EffectKind, WrittenFiles

if TYPE_CHECKING:
    from .session import TracerSession

FILE_RESULT = "saved_file"
FILES_RESULT = "saved_files"
_LABELS = {"file_system": "file system", "db": "database"}


def _written(graph: Graph, node_id: str) -> bool:
    return node_id in graph and any(edge.kind == "writes_file" for edge in graph.in_edges(node_id))


def written_files(session: TracerSession, kind: EffectKind) -> WrittenFiles:
    """The files of ``kind`` the session wrote (their latest versions), sorted by path."""
    graph = session.builder.freeze()
    databases = session.databases.paths
    paths = sorted(
        _shown(path)
        for path, (node_id, _digest) in session.state.file_versions.items()
        if (path in databases) == (kind == "db") and _written(graph, node_id) and os.path.isfile(path)
    )
    return WrittenFiles(paths, kind)


def _shown(path: str) -> str:
    """Relative to the working directory when inside it (as the graph labels files): the saved files
    then restore, and the slice re-runs, relative to wherever the notebook is."""
    return os.path.relpath(path) if path.startswith(os.getcwd() + os.sep) else path


def effect_target(session: TracerSession, value: Any) -> tuple[str, str] | None:
    """(node id, result name) when ``value`` is a side effect this session produced, else None."""
    if isinstance(value, WrittenFiles):
        return _effects_node(session, value), FILES_RESULT
    if isinstance(value, pathlib.PurePath):
        latest = session.state.file_versions.get(os.path.abspath(value))
        if latest is not None and _written(session.builder.freeze(), latest[0]):
            return latest[0], FILE_RESULT
    return None


def _effects_node(session: TracerSession, value: WrittenFiles) -> str:
    state = session.state
    key = f"\0effects:{value.kind}"
    state.counters[key] = state.counters.get(key, 0) + 1
    node_id = f"effects:{value.kind}#{state.counters[key]}"
    session.builder.add_node(Node(node_id, "file", _LABELS[value.kind]))
    for path in value.paths:
        latest = state.file_versions.get(os.path.abspath(path))
        if latest is not None:
            session.builder.add_edge(latest[0], node_id, "writes_file")
    return node_id
