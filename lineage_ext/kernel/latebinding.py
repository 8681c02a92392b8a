"""Late binding: functions read globals when they are called, not when they are defined (issue 14, class 4).

A call reaches user code through more than a function's own name: a function kept in a container or an
object (`ops = {"f": f}`, `FunctionTransformer(f)`), a closure a factory returned (`g = make(2)`), a function
wrapped by a decorator (`@logged def f`), or the methods of an instance's class (`s.passes(x)` runs
`Scorer.passes`, which reads `Scorer.threshold` and the globals the method reads *now*).

Owns two cheap rules. `carried_summaries`: the summaries of user functions a value was built from
(`NameState.carried`, name -> summaries) and those of the user classes of an instance read, whose current
class version is read too. `carry`: after a statement, the names it bound or changed keep the summaries of
the functions it used, when the new value can hold code (not numbers, strings or arrays).
"""

from __future__ import annotations

from typing import Any

from .facts import FunctionSummary
from .state import NameState

_SCALARS = (int, float, complex, str, bytes, bool, type(None), range)
_DATA_MODULES = frozenset({"numpy", "pandas", "pyarrow", "polars", "scipy", "matplotlib", "torch", "PIL"})
_MAX_CARRIED = 32  # a value built from many functions keeps the first ones: bounded cost per read


def carried_summaries(
    reads: set[str], state: NameState, namespace: dict[str, Any]
) -> tuple[set[str], list[FunctionSummary]]:
    """(class names read, summaries of code reachable) through the values of the names `reads`."""
    classes: set[str] = set()
    summaries: list[FunctionSummary] = []
    main = namespace.get("__name__", "__main__")
    for name in reads:
        carried = state.carried.get(name)
        if carried:
            summaries.extend(carried)
        kind = type(namespace.get(name))
        if kind.__module__ != main:
            continue
        for klass in kind.__mro__:  # user classes only: their attributes may change after the instance
            class_name = klass.__name__
            if (
                klass.__module__ == main
                and namespace.get(class_name) is klass
                and class_name in state.current
            ):
                classes.add(class_name)
                summary = state.functions.get(class_name)
                if summary is not None:
                    summaries.append(summary)
    return classes, summaries


def may_hold_code(value: Any) -> bool:
    if isinstance(value, _SCALARS):
        return False
    return type(value).__module__.split(".", 1)[0] not in _DATA_MODULES


def carry(
    summaries: list[FunctionSummary],
    rebound: set[str],
    changed: set[str],
    state: NameState,
    namespace: dict[str, Any],
) -> None:
    """Names re-bound or changed in place by a statement keep the code it used (see module docstring)."""
    for name in rebound:
        state.carried.pop(name, None)
    if not summaries:
        return
    unique = tuple({id(s): s for s in summaries}.values())
    for name in rebound | changed:
        if name not in namespace or not may_hold_code(namespace[name]):
            continue
        before = state.carried.get(name, ())
        merged = tuple({id(s): s for s in (*before, *unique)}.values())
        state.carried[name] = merged[:_MAX_CARRIED]
