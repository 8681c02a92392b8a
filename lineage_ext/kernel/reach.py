"""Mutation through a second route: which other variables change when an object changes.

Owns the object-reachability rules of the tracer. When a statement changes an object, these variables
change with it: the ones bound to an object that holds it (a dict holding `cfg`, a figure holding `ax`, a
list holding `row`), the ones sharing memory with it (numpy views and bases, a Series over a numpy
buffer), and, when the change was made by running the object's own code (a method, a closure), the
ones it holds (the estimators a pipeline fits, the list a collector appends to, an rng an estimator draws
from). Walks are shallow and bounded (`MAX_DEPTH`, `MAX_ITEMS` per container, `BUDGET` objects per
statement) and run only for statements that change something, so the tracer stays cheap; the cost of
the bound is a missed change in deep or huge structures, never a wrong result of user code.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable, Iterator
from typing import Any

MAX_DEPTH = 3
MAX_ITEMS = 256
BUDGET = 4000
_ROUNDS = 3
_ATOMS = (int, float, complex, str, bytes, bool, type(None), range, types.ModuleType, type)
_CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.CodeType)
# scikit-learn meta-estimators fit clones of these parameters, never the objects given (a Pipeline's
# `steps` are fitted in place, so they are walked)
_CLONED_BY_SKLEARN = frozenset({"estimator", "base_estimator", "estimators"})
_SHALLOW = (list, dict, set, tuple, frozenset, *_ATOMS, *_CODE)
_DATA_MODULES = ("numpy", "pandas", "pyarrow", "polars", "scipy.sparse", "torch")


def _is_data(value: Any) -> bool:
    """Arrays and frames: their relations are about memory (`_shares_memory`), not held references."""
    module = type(value).__module__ or ""
    return module.startswith(_DATA_MODULES) and not module.startswith("numpy.random")


def _attributes(value: Any) -> Iterable[Any]:
    """An object's instance attributes, read from its `__dict__` without running `__getattr__`."""
    if isinstance(value, _ATOMS + _CODE) or _is_data(value):
        return ()
    try:
        attributes = object.__getattribute__(value, "__dict__")
    except AttributeError:
        return ()
    if not isinstance(attributes, dict):
        return ()
    if (type(value).__module__ or "").startswith("sklearn"):
        return [v for k, v in dict.items(attributes) if k not in _CLONED_BY_SKLEARN]
    return dict.values(attributes)


def _children(value: Any) -> Iterator[Any]:
    """The objects `value` holds directly (a bounded number of them)."""
    # the base types' own iterators: a subclass's `__iter__`/`values()` (user code) never runs
    items: Iterable[Any]
    if isinstance(value, dict):
        items = dict.values(value)
    elif isinstance(value, list):
        items = list.__iter__(value)
    elif isinstance(value, tuple):
        items = tuple.__iter__(value)
    elif isinstance(value, set):
        items = set.__iter__(value)
    elif isinstance(value, frozenset):
        items = frozenset.__iter__(value)
    else:
        items = _attributes(value)
    for count, item in enumerate(items):
        if count >= MAX_ITEMS:
            return
        if not isinstance(item, _ATOMS):
            yield item


class _Walk:
    """Bounded breadth-first walks sharing one budget per statement."""

    def __init__(self) -> None:
        self.budget = BUDGET

    def reaches(self, root: Any, targets: set[int]) -> set[int]:
        """Ids among `targets` reachable from `root` (itself excluded) within MAX_DEPTH steps."""
        found: set[int] = set()
        seen = {id(root)}
        layer = [root]
        for _ in range(MAX_DEPTH):
            following = []
            for value in layer:
                for child in _children(value):
                    key = id(child)
                    if key in seen:
                        continue
                    seen.add(key)
                    self.budget -= 1
                    if key in targets:
                        found.add(key)
                    following.append(child)
                    if self.budget <= 0:
                        return found
            layer = following
        return found


def _candidates(tracked: Iterable[str], namespace: dict[str, Any]) -> dict[str, Any]:
    """Tracked names bound to mutable, non-code objects (the only ones that can change under us)."""
    result = {}
    missing = object()
    for name in tracked:
        value = namespace.get(name, missing)
        if value is not missing and not isinstance(value, _ATOMS + _CODE + (tuple, frozenset)):
            result[name] = value
    return result


def held_names(roots: Iterable[str], tracked: Iterable[str], namespace: dict[str, Any]) -> set[str]:
    """Names bound to objects held by the roots' objects (taken before a call runs the roots' code)."""
    missing = object()
    values = [namespace.get(n, missing) for n in roots]
    # a builtin container's or an array's methods change only the object itself
    values = [v for v in values if not isinstance(v, _SHALLOW) and not _is_data(v)]
    if not values:
        return set()
    by_id: dict[int, set[str]] = {}
    for name, value in _candidates(tracked, namespace).items():
        by_id.setdefault(id(value), set()).add(name)
    targets = set(by_id)
    walk = _Walk()
    found: set[int] = set()
    for value in values:
        found |= walk.reaches(value, targets)
    return {name for key in found for name in by_id[key]}


def _buffers(value: Any) -> list[Any]:
    """The numpy arrays behind an ndarray, a Series or a DataFrame, without copying anything."""
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return []
    if isinstance(value, numpy.ndarray):
        return [value]
    if not (type(value).__module__ or "").startswith("pandas"):
        return []
    if type(value).__name__ == "Series":
        arrays = [getattr(value, "_values", None)]  # its own array: `.values` may be a read-only view
    else:  # a frame's blocks: `.values` of a one-dtype frame is a view of them that a write changes
        blocks = getattr(getattr(value, "_mgr", None), "blocks", ())
        arrays = [getattr(b, "values", None) for b in blocks[:MAX_ITEMS]]
    return [a for a in arrays if isinstance(a, numpy.ndarray)]


def _shares_memory(changed: list[Any], candidates: dict[str, Any]) -> set[str]:
    buffers = [b for v in changed for b in _buffers(v)]
    if not buffers:
        return set()
    numpy = sys.modules["numpy"]
    found = set()
    for name, value in candidates.items():
        if any(numpy.may_share_memory(other, b) for other in _buffers(value) for b in buffers):
            found.add(name)
    return found


def changed_with(
    mutated: set[str], part_of: dict[str, str], tracked: Iterable[str], namespace: dict[str, Any]
) -> set[str]:
    """Names whose values change with the mutated names' values: owners, containers, shared memory."""
    if all(isinstance(namespace.get(n), _ATOMS + _CODE) for n in mutated):
        return set()  # modules (`np.random.seed`), numbers, functions: nothing can hold a change of theirs
    candidates = _candidates(tracked, namespace)
    result = set(mutated)
    frontier = {n for n in mutated if n in candidates}
    walk = _Walk()
    for _ in range(_ROUNDS):
        if not frontier:
            break
        values = [candidates[n] for n in frontier]
        ids = {id(v) for v in values}
        new = {part_of[n] for n in frontier if n in part_of}
        new |= {n for n, v in candidates.items() if id(v) in ids}  # other names of the same objects
        new |= _shares_memory(values, candidates)
        new |= _owners(values, candidates, result, walk)
        frontier = {n for n in new - result if n in candidates}
        result |= new
    return result - mutated


def _owners(values: list[Any], candidates: dict[str, Any], done: set[str], walk: _Walk) -> set[str]:
    targets = {id(v) for v in values}
    found = set()
    for name, value in candidates.items():
        if name in done or id(value) in targets:
            continue
        if not _is_data(value) and walk.reaches(value, targets):
            found.add(name)
    return found
