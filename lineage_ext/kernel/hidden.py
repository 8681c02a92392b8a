"""Calls that change hidden state: which variables a statement changes although no name is assigned.

Owns the rules for state that lives inside objects and is advanced by calling them: iterators and
generators (`next(it)`, `for x in gen`, `list(gen)`), random generators (`rng.normal()`, a module's
global generator reached through `from numpy.random import rand`), closures that rebind or change what
they captured (`nonlocal`), bound methods called through another name, numpy outputs (`out=`, the
output positions of a ufunc), and pyplot functions, which draw on the current figure. Each rule
resolves the callee against the namespace right before the statement runs; nothing here imports a
heavy library (numpy and matplotlib are looked at only when the program imported them).
"""

from __future__ import annotations

import dis
import functools
import random
import sys
import types
from collections.abc import Collection, Iterable
from typing import Any

from .facts import StatementFacts

_IMMUTABLE = (int, float, complex, str, bytes, tuple, frozenset, bool, type(None), range)
_CALLABLE_KINDS = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType)
# reading the state of a generator does not advance it
_READ_ONLY = frozenset({"getstate", "get_state", "__getstate__", "__repr__", "__str__", "__iter__"})
_DEREF_WRITES = frozenset({"STORE_DEREF", "DELETE_DEREF"})
# keyword arguments naming an object the call writes into: numpy's `out=`, plotting functions' `ax=`
_WRITTEN_KEYWORDS = frozenset({"out", "ax"})
_ROUTINES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType)
_CYTHON_ROUTINES = frozenset({"cython_function_or_method", "fused_cython_function"})


def _is_routine(value: Any) -> bool:
    """A function or method (Python, builtin or Cython): the only values whose attributes are read here,
    so no user `__getattr__` ever runs."""
    return isinstance(value, _ROUTINES) or type(value).__name__ in _CYTHON_ROUTINES


def is_stateful(value: Any) -> bool:
    """An object whose calls advance hidden state: an iterator/generator or a random generator."""
    kind = type(value)
    if isinstance(value, _IMMUTABLE + _CALLABLE_KINDS):
        return False
    module = kind.__module__ or ""
    if module.startswith("numpy.random") or isinstance(value, random.Random):
        return True
    if module.startswith("torch") and kind.__name__ == "Generator":
        return True
    return hasattr(kind, "__next__")


def stateful_method_mutates(method: str) -> bool:
    """Any method of a random generator or iterator advances it, except reading its state."""
    return method not in _READ_ONLY and not method.startswith("get_")


_GLOBAL_STATE_HOMES = ("random", "numpy.random", "torch", "tensorflow")


def _home(value: Any) -> str | None:
    """The module a random generator's global state lives in, for a callable or module standing for it."""
    if not _is_routine(value):
        return None
    owner = getattr(value, "__self__", None)
    if owner is not None and not isinstance(owner, types.ModuleType | type):
        return (type(owner).__module__ or None) if is_stateful(owner) else None
    module = getattr(value, "__module__", None)
    if isinstance(module, str):
        return module if module.startswith(_GLOBAL_STATE_HOMES) else None
    return None


def _same_home(left: str, right: str) -> bool:
    return left == right or left.startswith(right + ".") or right.startswith(left + ".")


def _stand_ins(home: str, names: Iterable[str], namespace: dict[str, Any]) -> set[str]:
    """Names standing for a global generator: its modules (`np`) and functions (`from random import seed`)."""
    found = set()
    for name in names:
        value = namespace.get(name)
        if isinstance(value, types.ModuleType):
            module = value.__name__
            if home == module or home.startswith(module + "."):
                found.add(name)
        else:
            other = _home(value)
            if other is not None and _same_home(home, other):
                found.add(name)
    return found


def owner_names(owner: Any, names: Iterable[str], namespace: dict[str, Any]) -> set[str]:
    """The variables that stand for `owner`'s state: the ones bound to it or to its bound methods, or,
    for a module's global instance that no variable holds, its module and functions."""
    names = list(names)
    found = {
        n
        for n in names
        if (v := namespace.get(n)) is owner or (_is_routine(v) and getattr(v, "__self__", None) is owner)
    }
    if not any(namespace.get(n) is owner for n in found) and is_stateful(owner):
        found |= _stand_ins(type(owner).__module__ or "", names, namespace)
    return found


@functools.lru_cache(maxsize=2048)
def _rebinds_free_variables(code: types.CodeType) -> bool:
    free = set(code.co_freevars)
    return any(i.opname in _DEREF_WRITES and i.argval in free for i in dis.get_instructions(code))


def closure_has_state(function: Any) -> bool:
    """A closure whose calls can change what it captured: it rebinds a `nonlocal` or holds a mutable."""
    cells = getattr(function, "__closure__", None)
    if not cells or not isinstance(function, types.FunctionType):
        return False
    if _rebinds_free_variables(function.__code__):
        return True
    for cell in cells:
        try:
            content = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if not isinstance(content, _IMMUTABLE + _CALLABLE_KINDS):
            return True
    return False


def _resolve(path: tuple[str, ...], namespace: dict[str, Any]) -> Any:
    value = namespace.get(path[0])
    for attr in path[1:]:
        if not isinstance(value, types.ModuleType):
            return None
        value = getattr(value, attr, None)
    return value


def _callee_mutations(callee: Any, names: Collection[str], namespace: dict[str, Any]) -> set[str]:
    """Names whose state calling `callee` changes: its bound owner's, or the closure's own."""
    from .purity import method_mutates

    if not _is_routine(callee):
        return set()
    owner = getattr(callee, "__self__", None)
    if owner is not None and not isinstance(owner, types.ModuleType | type):
        method = getattr(callee, "__name__", "")
        if is_stateful(owner) or method_mutates(owner, method, False):
            return owner_names(owner, names, namespace)
        return set()
    if closure_has_state(callee):
        return {n for n in names if namespace.get(n) is callee}
    home = _home(callee)  # a module function changing its global generator (`numpy.random.seed`)
    return _stand_ins(home, names, namespace) if home is not None else set()


def _output_positions(callee: Any, call_args: int) -> range:
    """Positional outputs of a numpy ufunc: `np.add(a, b, c)` writes into `c`."""
    if type(callee).__name__ == "ufunc" and "numpy" in sys.modules:
        nin = int(getattr(callee, "nin", call_args))
        return range(nin, call_args)
    return range(0)


def hidden_mutations(facts: StatementFacts, tracked: Collection[str], namespace: dict[str, Any]) -> set[str]:
    """Variables the statement changes through hidden state, resolved right before it runs."""
    mutated: set[str] = set()
    consumed = set(facts.iterated)
    for call in facts.calls:
        consumed.update(a for a in call.args if a)
        consumed.update(root for _, root in call.kwargs)
        mutated.update(root for key, root in call.kwargs if key in _WRITTEN_KEYWORDS)
        callee = _resolve(call.callee, namespace)
        if callee is None:
            continue
        mutated |= _callee_mutations(callee, tracked, namespace)
        for position in _output_positions(callee, len(call.args)):
            if call.args[position]:
                mutated.add(call.args[position])  # type: ignore[arg-type]
    mutated.update(n for n in consumed if is_stateful(namespace.get(n)))
    return mutated


def calls_pyplot(facts: StatementFacts, namespace: dict[str, Any]) -> bool:
    """The statement calls a `matplotlib.pyplot` function, which changes the current figure."""
    for call in facts.calls:
        first = namespace.get(call.callee[0])
        if isinstance(first, types.ModuleType):
            module = first.__name__
        else:
            module = getattr(first, "__module__", "") if _is_routine(first) else ""
        if module == "matplotlib.pyplot" or (module == "matplotlib" and call.callee[1:2] == ("pyplot",)):
            return True
    return False


def current_figure_names(tracked: Iterable[str], namespace: dict[str, Any]) -> set[str]:
    """Names bound to pyplot's current figure or to one of its axes (after the statement ran)."""
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    manager = helpers.Gcf.get_active() if helpers is not None else None
    figure = getattr(getattr(manager, "canvas", None), "figure", None)
    if figure is None:
        return set()
    parts = {id(figure), *(id(axes) for axes in getattr(figure, "axes", ()))}
    return {n for n in tracked if id(namespace.get(n)) in parts and n in namespace}
