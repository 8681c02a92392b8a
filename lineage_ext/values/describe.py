"""What a value is, read cheaply: ``describe(value)`` gives its kind, shape, dtype and length.

Owns the one per-type table behind the kernel's variable previews (``kernel.preview``), the store's saved
previews (``store.preview``) and the trace's value summaries (``trace.summary``). Those decide how to *show*
each kind; this module only decides what a value *is* and reads facts that cost next to nothing (``len`` of
builtin containers, ``shape``/``dtype`` of array types). It never calls ``repr`` and never copies data.

Dispatch is ``functools.singledispatch``. The types of numpy, pandas, scikit-learn, matplotlib, datetime
and decimal join the table lazily: on each call, a library already in ``sys.modules`` gets its types
registered (a value of a library's type cannot exist before the library is loaded), so describing a value
never imports anything.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

__all__ = ["ARRAY_MODULES", "Description", "Kind", "WhenLoaded", "describe"]

Kind = Literal[
    "scalar",  # None, bool, int, float
    "complex",
    "text",  # str
    "binary",  # bytes, bytearray
    "collection",  # list, tuple, dict, set, frozenset
    "range",
    "literal",  # dates, times, durations, decimals: best read as their str()
    "path",
    "dataframe",
    "series",
    "index",  # pandas Index
    "ndarray",
    "numpy_scalar",
    "estimator",  # scikit-learn
    "figure",  # matplotlib
    "array",  # anything else with a shape from an array library (torch, polars, pyarrow, ...)
    "object",
]

# modules whose values' ``shape`` is known to be cheap to read
ARRAY_MODULES = ("numpy", "pandas", "scipy", "torch", "polars", "pyarrow", "xarray")


class Description(NamedTuple):
    """The cheap facts about one value (a NamedTuple: describing runs for every traced value)."""

    kind: Kind
    shape: tuple[int, ...] | None = None  # as the library gives it (a tuple, maybe a subclass)
    dtype: object | None = None  # the library's dtype object: str() it to show it (that costs microseconds)
    length: int | None = None


class WhenLoaded:
    """Registrars waiting for a module; each runs once, at the first ``run_due`` after the module loaded."""

    def __init__(self) -> None:
        self._waiting: dict[str, Callable[[], None]] = {}
        self._lock = threading.Lock()  # two threads meeting the first frame at once register it once
        self._modules_seen = -1  # len(sys.modules) at the last look: unchanged means nothing new loaded

    def add(self, module: str, registrar: Callable[[], None]) -> None:
        self._waiting[module] = registrar
        self._modules_seen = -1  # the module may be loaded already

    def run_due(self) -> bool:
        """Run the registrars whose module is loaded now; True if any ran."""
        if not self._waiting or len(sys.modules) == self._modules_seen:
            return False
        self._modules_seen = len(sys.modules)
        due = [module for module in tuple(self._waiting) if module in sys.modules]
        if not due:
            return False
        with self._lock:
            for module in due:
                registrar = self._waiting.pop(module, None)
                if registrar is None:
                    continue
                try:
                    registrar()
                except Exception:  # e.g. the module is still half-imported: try again next time
                    self._waiting[module] = registrar
                    self._modules_seen = -1
        return True


_OBJECT = Description("object")
_LIBRARIES = WhenLoaded()


def describe(value: object) -> Description:
    """The kind of ``value`` and its cheap facts; never raises (a value whose facts fail is an ``object``)."""
    _LIBRARIES.run_due()
    try:
        return _describe(value)
    except Exception:  # a broken __len__ or shape property
        return _OBJECT


@functools.singledispatch
def _describe(value: object) -> Description:
    cls = type(value)
    if (cls.__module__ or "").startswith(ARRAY_MODULES):
        shape = getattr(value, "shape", None)
        if isinstance(shape, tuple):
            return Description("array", shape, getattr(value, "dtype", None))
    if cls.__name__.endswith("Path") and hasattr(value, "parts"):  # pathlib, and look-alikes such as UPath
        return Description("path")
    return _OBJECT


def _constant(kind: Kind, *classes: type) -> None:
    fact = Description(kind)
    for cls in classes:
        _describe.register(cls, lambda value: fact)


def _sized(kind: Kind, *classes: type) -> None:
    for cls in classes:
        _describe.register(cls, lambda value: Description(kind, length=len(value)))


_constant("scalar", type(None), bool, int, float)
_constant("complex", complex)
_sized("text", str)
_sized("binary", bytes, bytearray)
_sized("collection", list, tuple, dict, set, frozenset)
_sized("range", range)


def _shaped(kind: Kind, value: Any) -> Description:
    return Description(kind, value.shape, value.dtype)


def _register_numpy() -> None:
    import numpy as np

    _describe.register(np.ndarray, functools.partial(_shaped, "ndarray"))
    # str_ and bytes_ by name: they also derive from str/bytes, which come first in their MRO
    for cls in (np.generic, np.str_, np.bytes_):
        _describe.register(cls, _numpy_scalar)


def _numpy_scalar(value: Any) -> Description:
    length = len(value) if isinstance(value, str | bytes) else None
    return Description("numpy_scalar", value.shape, value.dtype, length)


def _register_pandas() -> None:
    import pandas as pd

    _describe.register(pd.DataFrame, lambda value: Description("dataframe", value.shape))
    _describe.register(pd.Series, functools.partial(_shaped, "series"))
    _describe.register(pd.Index, functools.partial(_shaped, "index"))


def _register_sklearn() -> None:
    from sklearn.base import BaseEstimator

    _constant("estimator", BaseEstimator)


def _register_matplotlib() -> None:
    from matplotlib.figure import Figure

    _constant("figure", Figure)


def _register_datetime() -> None:
    import datetime as dt

    _constant("literal", dt.date, dt.time, dt.timedelta)


def _register_decimal() -> None:
    import decimal

    _constant("literal", decimal.Decimal)


_LIBRARIES.add("numpy", _register_numpy)
_LIBRARIES.add("pandas", _register_pandas)
_LIBRARIES.add("sklearn.base", _register_sklearn)
_LIBRARIES.add("matplotlib.figure", _register_matplotlib)
_LIBRARIES.add("datetime", _register_datetime)
_LIBRARIES.add("decimal", _register_decimal)
