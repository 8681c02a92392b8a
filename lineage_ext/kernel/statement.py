"""Recording one executed top-level statement in the graph, once it finished (`record_statement`).

The statement's ``StatementPlan`` (`planning.py`, made before it ran) says what it read and may change;
here the namespace after the run decides what it did: which names got new versions (rebound, changed in
place, through an alias or a container), which imports, loaded artifacts and files it touched. Runtime
facts used are cheap and taken at the statement's end only: object identities and the file events the audit
hook saw while the statement ran.
"""

from __future__ import annotations

import os
from typing import Any

from lineage_ext.ir import Node

from .facts import StatementFacts
from .files import FileAccess, is_user_file
from .hidden import current_figure_names
from .latebinding import carry
from .planning import StatementPlan
from .reach import changed_with
from .state import NameState, Origin

_IMMUTABLE = (int, float, complex, str, bytes, tuple, frozenset, bool, type(None), range)


def _aliases(name: str, state: NameState, namespace: dict[str, Any]) -> set[str]:
    """Other variables bound to the very same object, and containers the variable was taken from."""
    value = namespace.get(name)
    result: set[str] = set()
    if not isinstance(value, _IMMUTABLE):  # only mutable objects can change under another name
        result = {n for n in state.current if n != name and namespace.get(n) is value}
    container = state.part_of.get(name)
    if container is not None and container in state.current:
        result.add(container)
    return result


def record_statement(
    plan: StatementPlan, statement_node: Node, state: NameState, namespace: dict[str, Any], failed: bool
) -> None:
    """Add the statement node and everything it read, bound, changed, imported and touched on disk."""
    builder = state.builder
    sid = statement_node.id
    if sid in builder:  # added early by a capture of an expression value
        builder.replace_node(sid, error=statement_node.error)
    else:
        builder.add_node(statement_node)
    origin = Origin(
        sid,
        statement_node.cell_id,
        statement_node.execution_count,
        statement_node.line,
        (statement_node.source or "").split("\n", 1)[0][:200],
    )
    facts = plan.facts
    for node_id in plan.reads.values():
        builder.add_edge(node_id, sid, "reads")
    for module, _bound in facts.imports:
        builder.add_edge(state.import_node(module), sid, "imports")
    for name, version in plan.loaded_artifacts:
        artifact_id = add_artifact_node(state, name, version)
        builder.add_edge(artifact_id, sid, "loads")
    rebound, changed = _record_bindings(plan, origin, state, namespace, failed)
    carry(plan.summaries, rebound, changed, state, namespace)
    _record_files(plan, sid, state)


def add_artifact_node(state: NameState, name: str, version: int) -> str:
    node_id = f"artifact:{name}:{version}"
    if node_id not in state.builder:
        state.builder.add_node(
            Node(node_id, "artifact", f"{name} v{version}", artifact_name=name, artifact_version=version)
        )
    return node_id


def _record_bindings(
    plan: StatementPlan, origin: Origin, state: NameState, namespace: dict[str, Any], failed: bool
) -> tuple[set[str], set[str]]:
    """New versions of the names the statement re-bound and changed in place; returns both sets."""
    facts = plan.facts
    changed: set[str] = set()
    for name in sorted(plan.writes):
        before = plan.before_ids.get(name)
        now = id(namespace[name]) if name in namespace else None
        if now is None and before is None:
            continue  # never bound (a branch not taken, a failed statement, a cleared `except ... as`)
        if (facts.may_write or failed) and now == before and name not in facts.aug_names:
            continue
        in_place = name in facts.aug_names and namespace.get(name) is plan.aug_before.get(name)
        state.new_version(name, namespace, origin, "mutates" if in_place else "defines")
        changed.add(name)
        if in_place:
            plan.mutations.add(name)
    if plan.snapshot is not None:
        changed |= _record_opaque_changes(plan.snapshot, origin, state, namespace, changed)
    mutated = {m for m in plan.mutations if m in namespace}
    for name in list(mutated):
        mutated |= _aliases(name, state, namespace)
        if name in facts.part_of:  # `for row in rows: row.append(...)` changes rows
            mutated.add(facts.part_of[name])
    mutated |= {n for n in plan.held if n in namespace}
    if plan.draws:
        mutated |= current_figure_names(state.current, namespace)
    if mutated:
        mutated |= changed_with(mutated, state.part_of, state.current, namespace)
    changed_in_place: set[str] = set()
    for name in sorted(mutated - changed):
        if name in state.current:
            state.builder.add_edge(state.current[name], origin.statement_id, "reads")
            state.new_version(name, namespace, origin, "mutates")
            changed_in_place.add(name)
    _update_summaries(facts, state, changed)
    return changed, changed_in_place


def _record_opaque_changes(
    snapshot: dict[str, int], origin: Origin, state: NameState, namespace: dict[str, Any], done: set[str]
) -> set[str]:
    changed: set[str] = set()
    visible = {k for k in namespace if not k.startswith("_")}
    for name in sorted((visible | set(snapshot)) - done):
        now = id(namespace[name]) if name in namespace else None
        if now != snapshot.get(name) and (name in state.current or now is not None):
            state.new_version(name, namespace, origin, "defines")
            changed.add(name)
    return changed


def _update_summaries(facts: StatementFacts, state: NameState, changed: set[str]) -> None:
    for name in changed:
        summary = facts.functions.get(name)
        if summary is not None:
            state.functions[name] = summary
        else:
            state.functions.pop(name, None)
        source = facts.part_of.get(name)
        if source is not None and source != name:
            state.part_of[name] = source
        else:
            state.part_of.pop(name, None)


def _needs_folder(state: NameState, path: str, sid: str) -> None:
    """A file written into a folder the session created depends on the statement that created it."""
    folder = state.file_versions.get(os.path.dirname(path))
    if folder is not None and folder[1] is None:  # folders have no content hash
        state.builder.add_edge(folder[0], sid, "reads_file")


def _record_files(plan: StatementPlan, sid: str, state: NameState) -> None:
    seen: set[tuple[str, FileAccess]] = set()
    for path, access in plan.file_events:
        if (path, access) in seen or not (path in plan.unfiltered_paths or is_user_file(path)):
            continue
        seen.add((path, access))
        previous = state.file_versions.get(path)
        if access == "a" and previous is not None:  # appending: the new version builds on the old one
            state.builder.add_edge(previous[0], sid, "reads_file")
        is_write = access != "r"
        node_id = state.file_node(path, is_write)
        if node_id is None:
            continue
        if is_write:
            state.builder.add_edge(sid, node_id, "writes_file")
            _needs_folder(state, path, sid)
        else:
            state.builder.add_edge(node_id, sid, "reads_file")
