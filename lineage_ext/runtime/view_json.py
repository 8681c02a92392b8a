"""JSON shapes of runtime graph views (``GraphBuilder.view().to_json()``, ``Flow.view().to_json()``).

The notebook widget and the panel draw these; ``server.gen_ts`` can turn them into TypeScript, so only
str/int/float/bool/None, lists, dicts, ``Literal``, ``NotRequired`` and other TypedDicts appear here.
Coordinates are a finished top-to-bottom layered layout in pixels (centre of each node), so a client may
draw them as is or lay the graph out again with dagre.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

NodeKind = Literal["operation", "data", "input", "task"]
NodeShape = Literal["box", "ellipse", "circle", "diamond", "hexagon"]
TaskStateName = Literal["pending", "scheduled", "running", "finished", "failed", "upstream_failed", "killed"]


class ViewNode(TypedDict):
    id: str
    label: str
    kind: NodeKind
    shape: NodeShape
    color: str  # CSS colour of the fill
    rank: str | None  # nodes with the same rank are drawn on the same layer
    layer: int
    order: int  # position within the layer, left to right
    x: float
    y: float
    width: float
    height: float
    persist: NotRequired[bool]  # GraphBuilder nodes: kept in memory after use
    has_value: NotRequired[bool]  # GraphBuilder data nodes: a value is held right now
    state: NotRequired[TaskStateName]  # Flow tasks: state in the last run
    cached: NotRequired[bool]  # Flow tasks: result came from the results store


class ViewEdge(TypedDict):
    source: str
    target: str
    label: NotRequired[str]


class RuntimeGraphView(TypedDict):
    kind: Literal["runtime_graph"]
    version: Literal[1]
    summary: bool  # True: operation (or task) nodes only
    width: float
    height: float
    nodes: list[ViewNode]
    edges: list[ViewEdge]


class DagreStyle(TypedDict):
    fill: str
    stroke: str


class DagreNodeAttributes(TypedDict):
    style: DagreStyle
    shape: NodeShape


class DagreNode(TypedDict):
    label: str  # dagre-py uses the label as the node's identity, so labels are made unique
    description: str
    tooltip: str
    attributes: DagreNodeAttributes


class DagreEdge(TypedDict):
    source: str
    target: str
    label: str


class DagreGraphAttributes(TypedDict):
    rankdir: Literal["TB", "LR"]


class DagreGraph(TypedDict):
    nodes: list[DagreNode]
    edges: list[DagreEdge]
    attributes: DagreGraphAttributes
