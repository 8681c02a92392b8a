"""Which calls change their receiver or arguments: tables by type and by name, plus the runtime check.

Conservative but not blanket: a method call on a variable mutates it unless the method is known to be pure
for that receiver type (or, for unknown types, its name is one of the well-known read-only names). Library
functions do not mutate their arguments unless listed in `_MUTATING_FUNCTIONS`. No heavy library is imported.
"""

from __future__ import annotations

import types
from typing import Any

from .hidden import is_stateful, stateful_method_mutates

PURE_BUILTINS = frozenset(
    {
        "abs", "all", "any", "ascii", "bin", "bool", "bytes", "callable", "chr", "complex", "dict", "dir",
        "divmod", "enumerate", "filter", "float", "format", "frozenset", "getattr", "hasattr", "hash", "hex",
        "id", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "oct", "ord",
        "pow", "print", "range", "repr", "reversed", "round", "set", "slice", "sorted", "str", "sum", "tuple",
        "type", "zip", "display", "object", "super", "property", "staticmethod", "classmethod",
    }
)  # fmt: skip

# read-only method names, trusted for receivers of unknown type
GENERIC_PURE_METHODS = frozenset(
    {
        "head", "tail", "describe", "info", "copy", "count", "index", "keys", "values", "items", "get",
        "predict", "predict_proba", "predict_log_proba", "decision_function", "transform",
        "inverse_transform", "score", "score_samples", "sum", "mean", "median", "std", "var", "min", "max",
        "abs", "round", "astype", "reshape", "groupby", "agg", "aggregate", "apply", "map", "merge", "join",
        "drop", "dropna", "fillna", "rename", "replace", "sort_values", "sort_index", "query", "filter",
        "select_dtypes", "value_counts", "unique", "nunique", "isna", "isnull", "notna", "corr", "cov",
        "pivot", "pivot_table", "melt", "sample", "nlargest", "nsmallest", "cumsum", "cumprod", "diff",
        "shift", "rolling", "resample", "dot", "split", "strip", "lower", "upper", "format",
        "startswith", "endswith", "encode", "decode", "tolist", "item", "flatten", "ravel", "any",
        "all", "argmax", "argmin", "argsort", "clip", "squeeze", "transpose", "where", "mask", "isin",
        "between", "idxmax", "idxmin", "prod", "quantile", "equals", "memory_usage", "assign", "explode",
        "reset_index", "set_index", "concat", "union", "intersection", "difference", "issubset",
        "issuperset", "isdisjoint", "symmetric_difference", "bit_length", "conjugate", "hex", "plot",
        "hist", "boxplot", "loc", "iloc", "at", "iat", "stack", "unstack", "nonzero", "cumcount",
        "first", "last", "size", "pct_change", "describe_option", "__len__", "__getitem__", "__contains__",
    }
)  # fmt: skip
_PURE_PREFIXES = ("get_", "to_", "is_", "has_", "as_")

_LIST_MUTATORS = frozenset({"append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse"})
_BY_TYPE: dict[type, frozenset[str]] = {
    list: _LIST_MUTATORS,
    dict: frozenset({"setdefault", "update", "pop", "popitem", "clear"}),
    set: frozenset(
        {"add", "discard", "remove", "pop", "clear", "update", "difference_update",
         "intersection_update", "symmetric_difference_update"}
    ),
    bytearray: _LIST_MUTATORS | {"extend", "__setitem__"},
}  # fmt: skip
_IMMUTABLE = (int, float, complex, str, bytes, tuple, frozenset, bool, type(None), range)
_PANDAS_MUTATORS = frozenset({"insert", "pop", "update", "__setitem__", "__delitem__", "set_flags"})
_NUMPY_MUTATORS = frozenset({"fill", "sort", "resize", "put", "itemset", "setfield", "setflags", "partition"})
_MATPLOTLIB_PURE = frozenset({"savefig", "show", "draw", "draw_idle", "print_figure", "copy"})
_SKLEARN_PURE = GENERIC_PURE_METHODS | {"get_params", "get_feature_names_out", "apply", "staged_predict"}

# (module prefix, function name) -> positions of the arguments the function changes in place
_MUTATING_FUNCTIONS: dict[tuple[str, str], tuple[int, ...]] = {
    ("random", "shuffle"): (0,),
    ("numpy.random", "shuffle"): (0,),
    ("numpy", "copyto"): (0,),
    ("numpy", "put"): (0,),
    ("numpy", "place"): (0,),
    ("numpy", "putmask"): (0,),
    ("numpy", "fill_diagonal"): (0,),
    ("heapq", "heappush"): (0,),
    ("heapq", "heappop"): (0,),
    ("heapq", "heapify"): (0,),
    ("heapq", "heapreplace"): (0,),
    ("heapq", "heappushpop"): (0,),
    ("bisect", "insort"): (0,),
    ("bisect", "insort_left"): (0,),
    ("bisect", "insort_right"): (0,),
    ("_bisect", "insort"): (0,),
    ("_bisect", "insort_left"): (0,),
    ("_bisect", "insort_right"): (0,),
    ("_heapq", "heappush"): (0,),
    ("_heapq", "heappop"): (0,),
    ("_heapq", "heapify"): (0,),
    ("_heapq", "heapreplace"): (0,),
    ("_heapq", "heappushpop"): (0,),
}
# modules whose functions change hidden module state (random seeds, the current figure)
_STATEFUL_MODULES = ("random", "numpy.random", "matplotlib.pyplot", "matplotlib", "torch", "tensorflow")


def name_is_pure_method(method: str) -> bool:
    return method in GENERIC_PURE_METHODS or method.startswith(_PURE_PREFIXES)


def method_mutates(receiver: Any, method: str, inplace: bool) -> bool:
    """Whether `receiver.method(...)` may change `receiver` (looked up by the receiver's runtime type)."""
    if inplace:
        return True
    if isinstance(receiver, _IMMUTABLE):
        return False
    for kind, mutators in _BY_TYPE.items():
        if isinstance(receiver, kind):
            return method in mutators
    if is_stateful(receiver):  # random generators and iterators: drawing advances them
        return stateful_method_mutates(method)
    module = type(receiver).__module__ or ""
    if module.startswith("pandas"):
        return method in _PANDAS_MUTATORS
    if module.startswith("numpy"):
        return method in _NUMPY_MUTATORS
    if module.startswith("matplotlib"):  # artists: `ax.plot` draws; only getters and output are pure
        return method not in _MATPLOTLIB_PURE and not method.startswith(_PURE_PREFIXES)
    if module.startswith("sklearn"):
        return method not in _SKLEARN_PURE and not method.startswith(_PURE_PREFIXES)
    return not name_is_pure_method(method)


def module_call_is_stateful(module: types.ModuleType, function: str) -> bool:
    """`module.function(...)` changes module state: RNG seeding/drawing, pyplot's current figure..."""
    name = module.__name__
    return "seed" in function or any(name == m or name.startswith(m + ".") for m in _STATEFUL_MODULES)


def mutated_argument_positions(function: Any) -> tuple[int, ...]:
    """Which positional arguments a known library function changes in place (usually none)."""
    module = getattr(function, "__module__", None)
    name = getattr(function, "__name__", None)
    if not isinstance(module, str) or not isinstance(name, str):
        self_module = type(getattr(function, "__self__", None)).__module__
        if not isinstance(name, str) or not self_module:
            return ()
        module = self_module
    for prefix in (module, module.rsplit(".", 1)[0]):
        positions = _MUTATING_FUNCTIONS.get((prefix, name))
        if positions is not None:
            return positions
    return ()
