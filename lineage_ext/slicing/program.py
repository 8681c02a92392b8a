"""The slice of one value: its statements as runnable lines, and the program text they make.

Owns `Slice` (the lines that recompute one variable version, in execution order, plus the name that holds
the value at the end) and `render` (imports first, then statements; optionally the rest of the session as
comments). Pure: it reads a `Graph` and never touches values.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lineage_ext.ir import Node, ReadableGraph

from .closure import closure, execution_key, slice_statements, target_name
from .source import names_loaded, render_statement, saved_expression


@dataclass(frozen=True)
class SliceLine:
    """One line of a slice; `key` orders lines as they ran ((run, index), plus a suffix for loads)."""

    key: tuple[int, ...]
    node_id: str
    text: str
    hoistable_import: bool = False


@dataclass(frozen=True)
class Slice:
    target_node_id: str
    result_variable: str
    lines: tuple[SliceLine, ...]
    files: tuple[str, ...] = ()  # absolute paths a side-effect slice (re)writes (see `effects`)

    @property
    def statement_ids(self) -> set[str]:
        return {line.node_id for line in self.lines}


def statement_line(graph: ReadableGraph, node: Node) -> SliceLine:
    installed = all(
        graph.node(edge.source).package is not None
        for edge in graph.in_edges(node.id)
        if edge.kind == "imports"
    )
    rendered = render_statement(node.source or "", node.error, f"statement {node.label!r}", installed)
    return SliceLine(execution_key(node), node.id, rendered.text, rendered.hoistable_import)


def build_slice(
    graph: ReadableGraph,
    target_id: str,
    stops: frozenset[str] = frozenset(),
    replacements: Mapping[str, str] | None = None,
) -> Slice:
    """The lines recomputing `target_id` (a variable version, or the statement of an expression save).

    `stops` are variable versions provided from outside (loaded artifacts); `replacements` maps a
    statement id to the text that stands in for it (a load of a pre-computed artifact).
    """
    target = graph.node(target_id)
    if target.kind == "statement":
        return _expression_slice(graph, target, stops, replacements or {})
    if target.kind == "file":
        from .effects import side_effect_slice

        statements = slice_statements(graph, [target_id], stops)
        written = [n for n in closure(graph, [target_id], stops) if graph.node(n).kind == "file"]
        return side_effect_slice(graph, target, _lines(graph, statements, replacements or {}), written)
    result = target_name(graph, target_id)
    statements = slice_statements(graph, [target_id], stops)
    return Slice(target_id, result, tuple(_lines(graph, statements, replacements or {})))


def _lines(
    graph: ReadableGraph, statements: Iterable[Node], replacements: Mapping[str, str]
) -> list[SliceLine]:
    lines = []
    for node in statements:
        if node.id in replacements:
            lines.append(SliceLine(execution_key(node), node.id, replacements[node.id]))
        else:
            lines.append(statement_line(graph, node))
    return lines


def _expression_slice(
    graph: ReadableGraph, statement: Node, stops: frozenset[str], replacements: Mapping[str, str]
) -> Slice:
    """`save(df.head(), "top")`: the value is an expression of the saving statement, not a variable."""
    expression, artifact_name = saved_expression(statement.source or "")
    used = names_loaded(expression)
    reads = [e.source for e in graph.in_edges(statement.id) if e.kind in ("reads", "loads")]
    needed = [n for n in reads if graph.node(n).name in used or graph.node(n).kind == "artifact"]
    statements = slice_statements(graph, needed, stops) if needed else []
    result = _identifier(artifact_name)
    lines = _lines(graph, statements, replacements)
    lines.append(SliceLine(execution_key(statement), statement.id, f"{result} = {expression}"))
    return Slice(statement.id, result, tuple(lines))


def _identifier(name: str | None) -> str:
    if name and name.isidentifier() and not keyword.iskeyword(name):
        return name
    return "value"


def render(lines: Iterable[SliceLine], context: Iterable[SliceLine] = ()) -> str:
    """Imports first (each once), then the statements in execution order.

    `context` lines (the rest of the session) are interleaved as comments, up to the last slice line.
    """
    kept = sorted(lines, key=lambda line: line.key)
    imports = list(dict.fromkeys(line.text for line in kept if line.hoistable_import))
    body = [(line.key, line.text) for line in kept if not line.hoistable_import]
    if kept:
        last = kept[-1].key
        kept_ids = {line.node_id for line in kept}
        body += [
            (line.key, _commented(line.text))
            for line in context
            if line.node_id not in kept_ids and line.key <= last
        ]
    body.sort(key=lambda item: item[0])
    parts = ["\n".join(imports)] if imports else []
    if body:
        parts.append("\n".join(text for _, text in body))
    return "\n\n".join(parts) + "\n" if parts else ""


def _commented(text: str) -> str:
    return "\n".join(f"# {line}" if line.strip() else "#" for line in text.splitlines())


def session_context(graph: ReadableGraph) -> list[SliceLine]:
    """Every recorded statement as plain text, for `include_non_slice_as_comment`."""
    return [
        SliceLine(execution_key(node), node.id, (node.source or "").strip("\n"))
        for node in graph.nodes_of_kind("statement")
    ]
