"""Slices of side effects: a saved file (``Path``) or the session's files/database writes (``WrittenFiles``).

The statements are the upstream closure of the file version (or of the ``effects:<kind>#N`` node the
kernel links every written file version to), so they are every statement needed to reproduce the files.
The slice then ends with one line naming what it reproduced, so re-running it (verification, exported
tasks) yields a value the store saves and compares by the files' content:
``saved_file = pathlib.Path('out.csv')`` or ``saved_files = lineage_ext.WrittenFiles([...], 'db')``.
Paths are the graph's labels: relative to the notebook's folder when the file is inside it.
"""

from __future__ import annotations

from lineage_ext.errors import SliceError
from lineage_ext.ir import Node, ReadableGraph

from .program import Slice, SliceLine

FILE_RESULT = "saved_file"
FILES_RESULT = "saved_files"


def side_effect_slice(
    graph: ReadableGraph, target: Node, lines: list[SliceLine], upstream_files: list[str]
) -> Slice:
    """The slice of a file/effects node; ``upstream_files`` are the file nodes of its closure (the
    files and folders the statements write along the way, which verification sets aside)."""
    if not lines:
        raise SliceError(
            f"no statement of the session wrote {target.label!r}, so there is no code to reproduce it"
        )
    key = (*max(line.key for line in lines), 1)
    if target.id.startswith("effects:"):
        files = [graph.node(e.source) for e in graph.in_edges(target.id) if e.kind == "writes_file"]
        kind = "db" if target.id.startswith("effects:db") else "file_system"
        paths = [_shown_path(node) for node in files]
        text = f"import lineage_ext\n{FILES_RESULT} = lineage_ext.WrittenFiles({paths!r}, {kind!r})"
        result = FILES_RESULT
    else:
        files = [target]
        text = f"import pathlib\n{FILE_RESULT} = pathlib.Path({_shown_path(target)!r})"
        result = FILE_RESULT
    written = [
        graph.node(n) for n in upstream_files if any(e.kind == "writes_file" for e in graph.in_edges(n))
    ]
    absolute = tuple(sorted({node.path for node in (*files, *written) if node.path}))
    return Slice(target.id, result, (*lines, SliceLine(key, target.id, text)), absolute)


def _shown_path(node: Node) -> str:
    return node.label if node.label else (node.path or "")
