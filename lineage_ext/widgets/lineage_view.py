"""From a lineage ``Graph`` to what the notebook widget draws, under the user's view options.

Owns the meaning of the controls: hide imports, filter by name, focus upstream/downstream of a node,
collapse statements to cells (one node per cell run; variables between cells become edge labels). It
styles nodes like the panel (variables, statements, files as cylinders, artifacts highlighted with their
version, stale nodes marked by the same rule as the panel's, `ir.staleness`) and writes the hover text.
Pure functions of (graph, options): no widgets, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lineage_ext.drawing import DrawEdge, DrawNode
from lineage_ext.ir import Direction, Graph, Node, Walkable, traverse
from lineage_ext.ir.staleness import stale_node_ids

FocusDirection = Literal["upstream", "downstream", "both"]
_BOTH: list[Direction] = ["upstream", "downstream"]
SHAPE_OF_KIND = {
    "variable": "rounded",
    "statement": "box",
    "file": "cylinder",
    "import": "hexagon",
    "artifact": "box",
    "trace": "diamond",
}


@dataclass(frozen=True)
class ViewOptions:
    name_filter: str = ""
    focus: str | None = None  # a node id
    direction: FocusDirection = "both"
    show_imports: bool = False
    collapse_cells: bool = False


def lineage_drawing(graph: Graph, options: ViewOptions) -> tuple[list[DrawNode], list[DrawEdge]]:
    """The nodes and edges to draw for ``graph`` under ``options`` (graph order kept)."""
    keep = _visible_ids(graph, options)
    stale = stale_node_ids(graph)
    if options.collapse_cells:
        return _collapsed(graph, keep, stale)
    nodes = [draw_node(node, node.id in stale) for node in graph.nodes if node.id in keep]
    edges = [
        DrawEdge(e.source, e.target, e.kind) for e in graph.edges if e.source in keep and e.target in keep
    ]
    return nodes, edges


def _visible_ids(graph: Graph, options: ViewOptions) -> set[str]:
    keep = {n.id for n in graph.nodes if options.show_imports or n.kind != "import"}
    if options.focus is not None and options.focus in graph:
        keep &= focus_ids(graph, options.focus, options.direction)
    text = options.name_filter.strip().lower()
    if text:
        keep = {node_id for node_id in keep if text in searchable_text(graph.node(node_id))}
    return keep


def focus_ids(graph: Walkable[str], focus: str, direction: str) -> set[str]:
    """`focus` and the nodes upstream or downstream of it; "both" (or any other word) is the two together."""
    ways = [way for way in _BOTH if way == direction] or _BOTH
    return {node_id for way in ways for node_id in traverse(graph, [focus], way)}


def searchable_text(node: Node) -> str:
    parts = (node.label, node.name, node.path, node.module, node.artifact_name)
    return " ".join(part for part in parts if part).lower()


def draw_node(node: Node, stale: bool = False) -> DrawNode:
    label: str = node.label
    if node.kind == "artifact" and node.artifact_name is not None:
        label = f"{node.artifact_name} v{node.artifact_version}"
    return DrawNode(
        id=node.id,
        label=label,
        kind=node.kind,
        shape=SHAPE_OF_KIND.get(node.kind, "box"),
        title=hover_text(node) + ("\nstale: computed from a value that changed since" if stale else ""),
        emphasis=node.kind == "artifact",
        faded=node.superseded or node.deleted or node.error,
        stale=stale,
    )


def hover_text(node: Node) -> str:
    """Name, type, preview and defining code line, one per line (what the panel shows on hover)."""
    lines = [f"{node.kind}: {node.name or node.artifact_name or node.path or node.module or node.label}"]
    if node.version is not None and node.kind == "variable":
        lines.append(f"version {node.version}")
    if node.type_name:
        lines.append(f"type: {node.type_name}")
    if node.preview:
        lines.append(f"preview: {node.preview[:200]}")
    if node.source:
        where = f"[{node.execution_count}] " if node.execution_count is not None else ""
        lines.append(
            f"code: {where}{node.source.strip().splitlines()[0][:200] if node.source.strip() else ''}"
        )
    if node.package:
        lines.append(f"package: {node.package} {node.package_version or ''}".rstrip())
    if node.artifact_version is not None:
        lines.append(f"artifact version {node.artifact_version}")
    if node.superseded:
        lines.append("superseded by a later run")
    return "\n".join(lines)


def _cell_key(node: Node) -> str:
    return f"cell:{node.run}" if node.run is not None else f"cell:{node.cell_id}"


def _collapsed(graph: Graph, keep: set[str], stale: frozenset[str]) -> tuple[list[DrawNode], list[DrawEdge]]:
    """Statements merged into their cell run; variables vanish into labelled cell -> cell edges."""
    group: dict[str, str] = {}
    cells: dict[str, list[Node]] = {}
    for node in graph.nodes:
        if node.kind == "statement" and node.id in keep:
            key = _cell_key(node)
            group[node.id] = key
            cells.setdefault(key, []).append(node)
    nodes: list[DrawNode] = [
        _cell_node(key, members, any(s.id in stale for s in members)) for key, members in cells.items()
    ]
    kept_other = [n for n in graph.nodes if n.id in keep and n.kind in ("file", "artifact", "import")]
    nodes += [draw_node(n, n.id in stale) for n in kept_other]
    for n in kept_other:
        group[n.id] = n.id
    labels: dict[tuple[str, str], set[str]] = {}
    for variable in (n for n in graph.nodes if n.kind == "variable" and n.id in keep):
        producer = graph.defining_statement(variable.id)
        sources = {group[producer.id]} if producer is not None and producer.id in group else set()
        sources |= {
            group[e.source] for e in graph.in_edges(variable.id) if e.kind == "loads" and e.source in group
        }
        for edge in graph.out_edges(variable.id):
            target = group.get(edge.target)
            for source in sources:
                if target is not None and target != source:
                    labels.setdefault((source, target), set()).add(variable.name or variable.label)
    for edge in graph.edges:
        start, end = group.get(edge.source), group.get(edge.target)
        if start and end and start != end:
            labels.setdefault((start, end), set())
    edges = [DrawEdge(s, t, "cell", ", ".join(sorted(names))) for (s, t), names in labels.items()]
    return nodes, edges


def _cell_node(key: str, statements: list[Node], stale: bool) -> DrawNode:
    first = statements[0]
    count = f"[{first.execution_count}]" if first.execution_count is not None else "[ ]"
    code = "\n".join((s.source or s.label).strip() for s in statements)
    return DrawNode(
        id=key,
        label=f"{count} {short_first_line(code)}",
        kind="cell",
        shape="box",
        title=f"cell {count} ({len(statements)} statements)\n{code[:600]}",
        faded=all(s.superseded for s in statements),
        stale=stale,
    )


def short_first_line(code: str) -> str:
    stripped = code.strip()
    return stripped.splitlines()[0] if stripped else ""
