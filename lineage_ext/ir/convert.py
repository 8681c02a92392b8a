"""Conversions of a `Graph`: JSON wire shape (both ways), networkx (imported lazily), dagre-py's shape."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, cast

from .graph_json import CellJSON, DagreJSON, EdgeJSON, GraphJSON, NodeJSON
from .model import CellRun, Edge, Graph, GraphError, Node, SessionInfo

FORMAT = "lineage_ext.graph/1"
_NODE_FIELDS = list(dataclasses.fields(Node))
_NODE_FIELD_NAMES = {f.name for f in _NODE_FIELDS}


def node_to_json(node: Node) -> NodeJSON:
    """Only fields that differ from their defaults are written, keeping the JSON small."""
    data: dict[str, Any] = {"id": node.id, "kind": node.kind, "label": node.label}
    for f in _NODE_FIELDS[3:]:
        value = getattr(node, f.name)
        if value != f.default:
            data[f.name] = value
    if node.kind == "statement":
        data.setdefault("cell_id", node.cell_id)
        data.setdefault("execution_count", node.execution_count)
    return cast(NodeJSON, data)


def cell_to_json(cell: CellRun) -> CellJSON:
    return {
        "run": cell.run,
        "cell_id": cell.cell_id,
        "execution_count": cell.execution_count,
        "source": cell.source,
        "order": cell.order,
        "traced": cell.traced,
        "error": cell.error,
        "statement_ids": list(cell.statement_ids),
    }


def graph_to_json(graph: Graph) -> GraphJSON:
    edges: list[EdgeJSON] = [{"source": e.source, "target": e.target, "kind": e.kind} for e in graph.edges]
    return {
        "format": "lineage_ext.graph/1",
        "session_id": graph.session.session_id,
        "kernel_id": graph.session.kernel_id,
        "notebook_path": graph.session.notebook_path,
        "revision": graph.revision,
        "nodes": [node_to_json(node) for node in graph.nodes],
        "edges": edges,
        "cells": [cell_to_json(cell) for cell in graph.cells],
    }


def graph_from_json(data: GraphJSON | Mapping[str, Any]) -> Graph:
    """Rebuild a graph from `graph_to_json` output; malformed input raises `GraphError`."""
    raw = cast(Mapping[str, Any], data)
    if raw.get("format") != FORMAT:
        raise GraphError(f"not a lineage graph: format is {raw.get('format')!r}, expected {FORMAT!r}")
    try:
        session = SessionInfo(str(raw["session_id"]), raw.get("kernel_id"), raw.get("notebook_path"))
        nodes: dict[str, Node] = {}
        for item in raw["nodes"]:
            unknown = set(item) - _NODE_FIELD_NAMES
            if unknown:
                raise GraphError(f"node {item.get('id')!r} has unknown fields {sorted(unknown)}")
            nodes[item["id"]] = Node(**item)
        edges = tuple(Edge(e["source"], e["target"], e["kind"]) for e in raw["edges"])
        cells = tuple(
            CellRun(**{**c, "statement_ids": tuple(c["statement_ids"])}) for c in raw.get("cells", [])
        )
        return Graph(session, int(raw["revision"]), nodes, edges, cells).validate()
    except (KeyError, TypeError) as exc:
        raise GraphError(f"malformed graph JSON: {exc!r}") from exc


def graph_to_networkx(graph: Graph) -> Any:
    """A `networkx.MultiDiGraph` with node attributes from the JSON shape and an edge attribute `kind`."""
    import networkx as nx

    result = nx.MultiDiGraph(session_id=graph.session.session_id, revision=graph.revision)
    for node in graph.nodes:
        attrs = dict(node_to_json(node))
        del attrs["id"]
        result.add_node(node.id, **attrs)
    for edge in graph.edges:
        result.add_edge(edge.source, edge.target, key=edge.kind, kind=edge.kind)
    return result


def graph_to_dagre(graph: Graph) -> DagreJSON:
    """dagre-py's plot input: nodes [{"id", "label", ...}] and edges [{"source", "target", ...}]."""
    return {
        "nodes": [
            {"id": n.id, "label": n.label, "kind": n.kind, "cell_id": n.cell_id, "superseded": n.superseded}
            for n in graph.nodes
        ],
        "edges": [{"source": e.source, "target": e.target, "label": e.kind} for e in graph.edges],
    }
