"""Planning one top-level statement before it runs: its static facts resolved against the namespace.

``plan_statement`` turns the ast facts of `analysis.py` into a ``StatementPlan``: the name versions the
statement reads, the names it may rebind or change in place (through methods, calls of user functions and
modules, hidden changes, dynamic code), the files and SQL tables it touches. Runtime facts used here are all
cheap and taken right before the statement: which object a name is bound to (identity, for rebinding), the
receiver type of method calls and the callee of calls. `statement.py` records the plan once it has run.
"""

from __future__ import annotations

import os
import types
from dataclasses import dataclass, field
from typing import Any

from .dynamic import reach_everything
from .facts import FunctionSummary, StatementFacts
from .files import FileAccess
from .hidden import calls_pyplot, hidden_mutations
from .latebinding import carried_summaries
from .magic_effects import resolved_files
from .purity import method_mutates, module_call_is_stateful, mutated_argument_positions
from .reach import held_names
from .sql import sql_events, unchanged_connections
from .state import NameState

_WRITER_CALLS = frozenset({"to_csv", "to_parquet", "to_json", "to_excel", "to_pickle", "to_feather"})
_WRITER_CALLS |= {"savefig", "save", "savez", "savetxt", "imsave"}


@dataclass
class StatementPlan:
    """What one statement reads and may change, resolved right before it runs (see the module doc)."""

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
