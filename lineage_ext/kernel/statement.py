"""One executed top-level statement: resolve its static facts against the namespace before it runs
(`plan_statement`), then record what it did in the graph once it finished (`record_statement`).

Runtime facts used here are all cheap and taken at statement boundaries only: which object a name is bound
to (identity, for rebinding and aliasing), the receiver type of method calls, the callee of calls, and the
file events the audit hook saw while the statement ran.
"""

from __future__ import annotations

import os
import types
from dataclasses import dataclass, field
from typing import Any

from lineage_ext.ir import Node

from .analysis import FunctionSummary, StatementFacts
from .dynamic import reach_everything
from .files import FileAccess, is_user_file
from .hidden import calls_pyplot, current_figure_names, hidden_mutations
from .latebinding import carried_summaries, carry
from .magic_effects import resolved_files
from .purity import method_mutates, module_call_is_stateful, mutated_argument_positions
from .reach import changed_with, held_names
from .sql import sql_events, unchanged_connections
from .state import NameState, Origin

_IMMUTABLE = (int, float, complex, str, bytes, tuple, frozenset, bool, type(None), range)
_WRITER_CALLS = frozenset({"to_csv", "to_parquet", "to_json", "to_excel", "to_pickle", "to_feather"})
_WRITER_CALLS |= {"savefig", "save", "savez", "savetxt", "imsave"}


@dataclass
class StatementPlan:
    index: int
    facts: StatementFacts
    reads: dict[str, str] = field(default_factory=dict)  # name -> version node read
    writes: set[str] = field(default_factory=set)
    mutations: set[str] = field(default_factory=set)
    held: set[str] = field(default_factory=set)  # names held by objects whose own code the statement runs
    draws: bool = False  # calls pyplot, which changes the current figure
    before_ids: dict[str, int | None] = field(default_factory=dict)
    aug_before: dict[str, Any] = field(default_factory=dict)
    snapshot: dict[str, int] | None = None
    file_events: list[tuple[str, FileAccess]] = field(default_factory=list)
    loaded_artifacts: list[tuple[str, int]] = field(default_factory=list)
    summaries: list[FunctionSummary] = field(default_factory=list)  # user code the statement may run
    unfiltered_paths: set[str] = field(default_factory=set)  # resources known exactly (SQL tables, magics)


def _expand_functions(names: set[str], functions: dict[str, FunctionSummary]) -> list[FunctionSummary]:
    """Summaries of user functions among `names`, following the functions they use in turn."""
    seen: dict[str, FunctionSummary] = {}
    stack = [n for n in names if n in functions]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen[name] = functions[name]
        stack.extend(n for n in functions[name].global_reads if n in functions and n not in seen)
    return list(seen.values())


def _resolve_callee(path: tuple[str, ...], namespace: dict[str, Any]) -> tuple[Any, types.ModuleType | None]:
    """The called object and the module it was found in, walking attributes of modules only."""
    value = namespace.get(path[0])
    module: types.ModuleType | None = None
    for attr in path[1:]:
        if not isinstance(value, types.ModuleType):
            return None, None
        module = value
        value = getattr(value, attr, None)
    return value, module


def _call_mutations(facts: StatementFacts, state: NameState, namespace: dict[str, Any]) -> set[str]:
    mutated: set[str] = set()
    for call in facts.calls:
        summary = state.functions.get(call.callee[0]) if len(call.callee) == 1 else None
        if summary is not None:
            positional = dict(zip(summary.params, call.args, strict=False))
            for param in summary.mutated_params:
                root = positional.get(param) or dict(call.kwargs).get(param)
                if root:
                    mutated.add(root)
            continue
        callee, module = _resolve_callee(call.callee, namespace)
        if callee is None:
            continue
        for position in mutated_argument_positions(callee):
            if position < len(call.args) and call.args[position]:
                mutated.add(call.args[position])  # type: ignore[arg-type]
        if module is not None and module_call_is_stateful(module, call.callee[-1]):
            mutated.add(call.callee[0])
    return mutated


def _changed_globals(summary: FunctionSummary, namespace: dict[str, Any]) -> set[str]:
    """Globals a user function changes; a module only through a stateful call (`random.seed`, not
    `functools.wraps`), which can only be told once the name is known to be a module."""
    changed = set()
    for name in summary.global_mutations:
        value = namespace.get(name)
        methods = summary.methods_on.get(name, set())
        if (
            isinstance(value, types.ModuleType)
            and methods
            and not any(module_call_is_stateful(value, m) for m in methods)
        ):
            continue
        changed.add(name)
    return changed


def _method_mutations(facts: StatementFacts, namespace: dict[str, Any]) -> set[str]:
    mutated: set[str] = set()
    missing = object()
    for call in facts.method_calls:
        receiver = namespace.get(call.root, missing)
        if isinstance(receiver, types.ModuleType):
            continue  # module functions are handled as calls
        if call.direct and receiver is not missing:
            if method_mutates(receiver, call.method, call.inplace):
                mutated.add(call.root)
        elif method_mutates(missing, call.method, call.inplace):
            mutated.add(call.root)
    return mutated


def plan_statement(
    index: int, facts: StatementFacts, state: NameState, namespace: dict[str, Any]
) -> StatementPlan:
    """Resolve a statement's facts against the namespace as it is right before the statement runs."""
    plan = StatementPlan(index, facts)
    summaries = _expand_functions(facts.reads, state.functions)
    classes, carried = carried_summaries(facts.reads, state, namespace)
    if carried:
        reached = set().union(*(s.global_reads for s in carried))
        summaries += carried + _expand_functions(reached, state.functions)
    read_names = facts.reads | classes
    plan.writes = facts.writes | facts.deletes
    by_own_code = _method_mutations(facts, namespace) | hidden_mutations(facts, state.current, namespace)
    if facts.sql_calls:
        by_own_code -= unchanged_connections(facts.method_calls, namespace)
    plan.mutations = (
        facts.mutations | facts.fresh_mutations | by_own_code | _call_mutations(facts, state, namespace)
    )
    if by_own_code:
        plan.held = held_names(by_own_code, state.current, namespace)
    plan.draws = calls_pyplot(facts, namespace)
    for summary in summaries:
        read_names |= summary.global_reads
        plan.writes |= summary.global_writes
        plan.mutations |= _changed_globals(summary, namespace)
    if facts.dynamic_code:
        everything, mutable = reach_everything(state.current, namespace)
        read_names |= everything
        plan.mutations |= mutable
    plan.summaries = summaries
    # a name bound by the statement before any use needs no earlier version: a compound statement that
    # leaves it unbound makes no new version either (issue 14, class 6: re-used loop variables, `_`)
    for name in read_names | {m for m in plan.mutations if m not in facts.writes}:
        node_id = state.version_of(name, namespace)
        if node_id is not None:
            plan.reads[name] = node_id
    plan.before_ids = {name: id(namespace[name]) if name in namespace else None for name in plan.writes}
    plan.aug_before = {name: namespace.get(name) for name in facts.aug_names}
    if facts.opaque:
        plan.snapshot = {k: id(v) for k, v in namespace.items() if not k.startswith("_")}
    _add_resources(plan, facts, state, namespace)
    for call_name, expr in facts.file_args:
        path = _static_path(expr, namespace)
        if path is not None and call_name != "open":
            plan.file_events.append((path, "w" if call_name in _WRITER_CALLS else "r"))
    return plan


def _add_resources(
    plan: StatementPlan, facts: StatementFacts, state: NameState, namespace: dict[str, Any]
) -> None:
    """Files and tables known exactly from the statement: a magic's files, SQL tables."""
    events = resolved_files(facts.magic_effects) if facts.magic_effects is not None else []
    if facts.sql_calls:
        events += sql_events(facts.sql_calls, namespace, state.sql_pending, state.file_versions)
    for path, access in events:
        plan.file_events.append((path, access))
        plan.unfiltered_paths.add(path)


def _static_path(expr: Any, namespace: dict[str, Any]) -> str | None:
    import ast

    value: Any = None
    if isinstance(expr, ast.Constant):
        value = expr.value
    elif isinstance(expr, ast.Name):
        value = namespace.get(expr.id)
    if isinstance(value, str | os.PathLike):
        path = os.fspath(value)
        return os.path.abspath(path) if isinstance(path, str) else None
    return None


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
