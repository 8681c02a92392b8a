"""What a slice repair may add: the candidate statements, in the order they are tried, and their kinds.

Pure graph work, no I/O. `plan_repair` returns the traced slice (`base`) and two widening stages:
*reachable* (statements of the session that read, bound or changed a variable the target depends on,
with what they depend on themselves) and *history* (every statement the session ran before the save, in
order). Statements that save artifacts are left out (re-running them would write new versions), and so
are statements that cannot run outside IPython. `statement_kind` names what kind of statement an added
line is; the kinds of a repair's added lines are its pattern.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from lineage_ext.errors import SliceError
from lineage_ext.ir import Node, ReadableGraph

from .closure import closure, execution_key, target_name
from .program import SliceLine, build_slice, statement_line


@dataclass(frozen=True)
class Stage:
    """One widening step: the lines it adds to the base slice, and why each may be needed."""

    label: str
    lines: tuple[SliceLine, ...]
    why: str


@dataclass(frozen=True)
class RepairPlan:
    variable: str
    base: tuple[SliceLine, ...]
    stages: tuple[Stage, ...]


def plan_repair(graph: ReadableGraph, target_id: str) -> RepairPlan:
    """The traced slice of `target_id` and the stages that widen it; raises `SliceError` without a name."""
    try:
        traced = build_slice(graph, target_id)
        base, variable = traced.lines, traced.result_variable
    except SliceError:  # e.g. a variable bound before tracing: the history may still recompute it
        base, variable = (), target_name(graph, target_id)
    history = _history(graph)
    in_base = {line.node_id for line in base}
    names = _reachable_names(graph, target_id) | {variable}
    touching = [node.id for node in history if _touches(graph, node, names)]
    wanted = {n for n in closure(graph, touching) if graph.node(n).kind == "statement"}
    reachable = tuple(_lines(graph, [n for n in history if n.id in wanted and n.id not in in_base]))
    rest = tuple(_lines(graph, [n for n in history if n.id not in in_base]))
    listed = ", ".join(sorted(names))
    stages = (
        Stage("reachable", reachable, f"it touches {listed}, which the target depends on"),
        Stage("history", rest, "the re-run needs it, but the trace recorded no link to the target"),
    )
    return RepairPlan(variable, base, tuple(stage for stage in stages if stage.lines))


def _history(graph: ReadableGraph) -> list[Node]:
    statements = graph.nodes_of_kind("statement")
    return sorted((node for node in statements if not _saves(node.source or "")), key=execution_key)


def _saves(source: str) -> bool:
    """The statement calls `save(...)` or `<module>.save(...)`: re-running it would write a new version."""
    if "save" not in source:
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "save":
                return True
            if isinstance(func, ast.Attribute) and func.attr == "save" and isinstance(func.value, ast.Name):
                return func.value.id in _SAVING_MODULES
    return False


_SAVING_MODULES = frozenset({"lineage_ext", "lineapy", "api"})


def _reachable_names(graph: ReadableGraph, target_id: str) -> set[str]:
    upstream = closure(graph, [target_id])
    return {node.name for node in map(graph.node, upstream) if node.kind == "variable" and node.name}


def _touches(graph: ReadableGraph, statement: Node, names: set[str]) -> bool:
    edges = [*graph.in_edges(statement.id), *graph.out_edges(statement.id)]
    for edge in edges:
        other = graph.node(edge.target if edge.source == statement.id else edge.source)
        if other.kind == "variable" and other.name in names:
            return True
    return False


def _lines(graph: ReadableGraph, statements: list[Node]) -> list[SliceLine]:
    lines = []
    for node in statements:
        try:
            lines.append(statement_line(graph, node))
        except SliceError:
            continue  # a magic or shell command with no plain-Python form cannot be re-run
    return lines


_KINDS: dict[type[ast.stmt], str] = {
    ast.Import: "import",
    ast.ImportFrom: "import",
    ast.FunctionDef: "function definition",
    ast.AsyncFunctionDef: "function definition",
    ast.ClassDef: "class definition",
    ast.AugAssign: "augmented assignment",
    ast.For: "loop",
    ast.While: "loop",
    ast.With: "with block",
    ast.If: "conditional",
    ast.Try: "try block",
    ast.Delete: "del",
}


def statement_kind(text: str) -> str:
    """A short name for what a statement is: "call", "method call", "assignment from call", "loop", ..."""
    try:
        body = ast.parse(text).body
    except SyntaxError:
        return "unparsable"
    if not body:
        return "empty"
    first = body[0]
    if isinstance(first, ast.Expr | ast.Assign | ast.AnnAssign):
        value = first.value
        prefix = "" if isinstance(first, ast.Expr) else "assignment from "
        if isinstance(value, ast.Call):
            return prefix + ("method call" if isinstance(value.func, ast.Attribute) else "call")
        return "expression" if isinstance(first, ast.Expr) else "assignment"
    return _KINDS.get(type(first), type(first).__name__.lower())
