"""JSON wire shapes of the lineage graph, as TypedDicts.

This module owns the graph's JSON contract with the store, the server and the browser. It is read by the
TypeScript generator, so it only uses str/int/float/bool/None, list, dict[str, ...], Literal, NotRequired and
other TypedDicts. It holds no logic.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

NodeKind = Literal["statement", "variable", "file", "import", "artifact", "trace"]

# Every edge points downstream (from what is used to what is produced).
EdgeKind = Literal[
    "reads",  # variable -> statement that read it
    "defines",  # statement -> variable version it bound (assignment, def, import, rebinding)
    "mutates",  # statement -> variable version it produced by changing the previous value in place
    "reads_file",  # file -> statement that opened it for reading
    "writes_file",  # statement -> file version it wrote
    "imports",  # import -> statement that imported it
    "saves",  # variable version -> artifact saved from it
    "loads",  # artifact -> variable version whose value was loaded from it
    "traces",  # statement -> call trace recorded while it ran (a `TraceContext` block)
]


class NodeJSON(TypedDict):
    """One node. Fields after `label` are present only when they apply to the node's kind."""

    id: str
    kind: NodeKind
    label: str
    # statements (and, for variables/files/imports, the statement that produced them)
    cell_id: NotRequired[str | None]
    execution_count: NotRequired[int | None]
    run: NotRequired[int]
    line: NotRequired[int]
    source: NotRequired[str]
    opaque: NotRequired[bool]
    error: NotRequired[bool]
    superseded: NotRequired[bool]
    # variables
    name: NotRequired[str]
    version: NotRequired[int]
    type_name: NotRequired[str]
    preview: NotRequired[str]
    deleted: NotRequired[bool]
    external: NotRequired[bool]
    # files
    path: NotRequired[str]
    content_hash: NotRequired[str]
    # imports
    module: NotRequired[str]
    package: NotRequired[str | None]
    package_version: NotRequired[str | None]
    # artifacts
    artifact_name: NotRequired[str]
    artifact_version: NotRequired[int]
    # call traces (the whole trace is served by the store, looked up by trace_id)
    trace_id: NotRequired[str]
    trace_calls: NotRequired[int]
    duration_ns: NotRequired[int | None]
    # a statement that raised: `Type: message` of its exception
    exception: NotRequired[str]


class EdgeJSON(TypedDict):
    source: str
    target: str
    kind: EdgeKind


class CellJSON(TypedDict):
    """One execution of a cell (a re-run cell appears once per run)."""

    run: int
    cell_id: str | None
    execution_count: int | None
    source: str
    order: int
    traced: bool
    error: bool
    statement_ids: list[str]


class GraphJSON(TypedDict):
    format: Literal["lineage_ext.graph/1"]
    session_id: str
    kernel_id: str | None
    notebook_path: str | None
    revision: int
    nodes: list[NodeJSON]
    edges: list[EdgeJSON]
    cells: list[CellJSON]


class GraphChangesJSON(TypedDict):
    """What changed in a session graph between two revisions: appended to the store after each cell.

    `nodes` holds added and replaced nodes (a replaced node keeps its place), `edges` only added edges
    (edges are never removed), `cells` added and replaced cell runs. Applying every change set after a
    snapshot's revision, in revision order, gives the graph at the last one's `revision`.
    """

    format: Literal["lineage_ext.graph-changes/1"]
    session_id: str
    base_revision: int
    revision: int
    nodes: list[NodeJSON]
    edges: list[EdgeJSON]
    cells: list[CellJSON]


class DagreNodeJSON(TypedDict):
    id: str
    label: str
    kind: NodeKind
    cell_id: NotRequired[str | None]
    superseded: NotRequired[bool]


class DagreEdgeJSON(TypedDict):
    source: str
    target: str
    label: str


class DagreJSON(TypedDict):
    nodes: list[DagreNodeJSON]
    edges: list[DagreEdgeJSON]
