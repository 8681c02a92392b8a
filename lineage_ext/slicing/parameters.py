"""Input parameters: variables assigned a literal exactly once, which generated code takes as arguments.

Owns the rule (and its errors) for `input_parameters`: the slices must read exactly one version of the
name, that version must come from a `name = <bool/int/float/str literal>` statement, and the session must
not assign the name in another live (not superseded) statement. Also lists candidates for the export dialog.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lineage_ext.errors import AmbiguousParameter
from lineage_ext.ir import Node, ReadableGraph

from .closure import closure, producer
from .source import ParameterValue, literal_assignment


@dataclass(frozen=True)
class ResolvedParameter:
    name: str
    value: ParameterValue
    version_id: str  # the variable version the slices read
    statement_id: str  # the literal assignment, dropped from generated code


def _live_assignments(graph: ReadableGraph, name: str) -> set[str]:
    statements = set()
    for version in graph.variable_versions(name):
        statement = producer(graph, version.id)
        if statement is not None and not statement.superseded:
            statements.add(statement.id)
    return statements


def resolve_parameter(graph: ReadableGraph, name: str, used_ids: set[str], where: str) -> ResolvedParameter:
    versions = [n for n in graph.variable_versions(name) if n.id in used_ids]
    if not versions:
        raise AmbiguousParameter(f"input parameter {name!r} is not used by the code of {where}")
    if len({v.id for v in versions}) > 1:
        raise AmbiguousParameter(
            f"input parameter {name!r} is assigned more than once in the code of {where}; "
            "a parameter must be assigned exactly once, with a literal"
        )
    statement = producer(graph, versions[0].id)
    found = literal_assignment(statement.source or "") if statement is not None else None
    if statement is None or found is None or found[0] != name:
        text = (statement.source or "").strip() if statement is not None else "(no statement)"
        raise AmbiguousParameter(
            f"input parameter {name!r} is not assigned by a literal (`{name} = 3`, `= 'text'`...): {text!r}"
        )
    if len(_live_assignments(graph, name) | {statement.id}) > 1:
        raise AmbiguousParameter(
            f"input parameter {name!r} is assigned in more than one statement of the session; "
            "a parameter must be assigned exactly once, with a literal"
        )
    return ResolvedParameter(name, found[1], versions[0].id, statement.id)


def resolve_parameters(
    graph: ReadableGraph, names: Sequence[str], used_ids: set[str], where: str
) -> list[ResolvedParameter]:
    return [resolve_parameter(graph, name, used_ids, where) for name in names]


def candidates(graph: ReadableGraph, node_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Literal assignments in the slices of `node_ids`, each name once (names assigned twice are left out)."""
    found: dict[str, dict[str, Any]] = {}
    repeated: set[str] = set()
    for node_id in node_ids:
        for statement in _statements(graph, closure(graph, [node_id])):
            literal = literal_assignment(statement.source or "")
            if literal is None:
                continue
            name, value = literal
            previous = found.get(name)
            if previous is not None and previous["statement"] != statement.id:
                repeated.add(name)
            found.setdefault(
                name, {"name": name, "value": value, "artifact": node_id, "line": statement.line}
            )
            found[name].setdefault("statement", statement.id)
    repeated |= {name for name in found if len(_live_assignments(graph, name)) > 1}
    return [
        {key: item[key] for key in ("name", "value", "artifact", "line")}
        for name, item in found.items()
        if name not in repeated
    ]


def _statements(graph: ReadableGraph, ids: set[str]) -> list[Node]:
    return [graph.node(i) for i in sorted(ids) if graph.node(i).kind == "statement"]
