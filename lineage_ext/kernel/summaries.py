"""Function summaries: what calling a function reads and changes, from the facts of its body.

A ``def``, a named lambda or a class is summarised once, when defined: the statement collector
(`analysis.py`) walks the body into ``StatementFacts``, and ``summary_of`` turns those into a
``FunctionSummary`` (globals read, rebound with `global`, changed in place, parameters changed in place,
methods called on each), so calling the function later costs a dictionary lookup. Names the body binds
are its locals unless declared `global`/`nonlocal`; closures defined inside add what they do when called.
"""

from __future__ import annotations

from .facts import FunctionSummary, StatementFacts
from .purity import name_is_pure_method


def summary_of(
    name: str, params: tuple[str, ...], body: StatementFacts, declared: set[str]
) -> FunctionSummary:
    """The summary of a function called ``name`` whose body has the facts ``body``; ``declared``: the
    names its `global`/`nonlocal` statements declare."""
    local = (body.writes | body.deletes | set(params)) - declared
    mutated = set(body.mutations)
    summary = FunctionSummary(name, params)
    for call in body.method_calls:
        if not name_is_pure_method(call.method) or call.inplace:
            mutated.add(call.root)
            summary.methods_on.setdefault(call.root, set()).add(call.method)
    mutated |= {n for n in body.aug_names if n in declared}
    summary.global_reads = body.reads - local
    summary.global_writes = (body.writes | body.deletes) & declared
    summary.global_mutations = mutated - local
    summary.mutated_params = mutated & set(params)
    for inner in body.functions.values():  # closures read and change globals when called
        summary.global_reads |= inner.global_reads - local
        summary.global_mutations |= (inner.global_mutations | inner.global_writes) - local
        merge_methods(summary, inner)
    return summary


def merge(into: FunctionSummary, other: FunctionSummary) -> None:
    """Add what ``other`` does to ``into`` (a class's summary gathers its methods')."""
    into.global_reads |= other.global_reads
    into.global_writes |= other.global_writes
    into.global_mutations |= other.global_mutations
    merge_methods(into, other)


def merge_methods(into: FunctionSummary, other: FunctionSummary) -> None:
    for root, methods in other.methods_on.items():
        into.methods_on.setdefault(root, set()).update(methods)
