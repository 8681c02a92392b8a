"""Type-aware equality of a recomputed value and the saved one, with a reason when they differ.

Saved files (a ``Path``, ``lineage_ext.file_system``/``db``) by the content the re-run wrote
(``filecompare``); DataFrames/Series/Index via pandas' testing helpers, numpy arrays (NaN-aware, float
tolerance), fitted scikit-learn estimators (parameters and fitted attributes), floats with a relative
tolerance, containers element by element, anything else by `==` and, for plain objects, by their
attributes. Heavy libraries are imported only when a value of their type shows up.
"""

from __future__ import annotations

import math
from typing import Any

RELATIVE_TOLERANCE = 1e-9
# parquet does not keep an index's `freq`, so the saved value never has one to compare
_PANDAS_OPTIONS: dict[str, Any] = {"check_exact": False, "rtol": RELATIVE_TOLERANCE, "check_freq": False}
# wall-clock measurements a fitted search records: they differ on every run by nature
_TIMING_KEYS = frozenset(
    {"mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time", "refit_time_"}
)
_MAX_DEPTH = 20


def difference(actual: Any, expected: Any, what: str = "value", depth: int = 0) -> str | None:
    """None when the values are equal, else a short human reason."""
    if depth > _MAX_DEPTH:
        return None
    early = _special_difference(actual, expected, what)
    if early is not None:
        return early or None
    module = type(expected).__module__.split(".")[0]
    if module == "pandas":
        return _pandas_difference(actual, expected, what)
    if module == "numpy":
        return _numpy_difference(actual, expected, what)
    if module == "sklearn" or hasattr(expected, "get_params"):
        return _estimator_difference(actual, expected, what, depth)
    if isinstance(expected, float) or (_is_number(expected) and _is_number(actual)):
        return None if _close(float(actual), float(expected)) else f"{what}: {actual!r} != saved {expected!r}"
    if isinstance(expected, dict):
        return _dict_difference(actual, expected, what, depth)
    if isinstance(expected, list | tuple):
        if len(actual) != len(expected):
            return f"{what}: length {len(actual)} != saved {len(expected)}"
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            found = difference(left, right, f"{what}[{index}]", depth + 1)
            if found:
                return found
        return None
    return _plain_difference(actual, expected, what, depth)


def _special_difference(actual: Any, expected: Any, what: str) -> str | None:
    """A reason, "" for equal, or None to go on comparing by type."""
    if type(expected).__name__ == "StoredFigure" and hasattr(actual, "savefig"):
        return _figure_difference(actual, expected, what) or ""
    if type(expected).__name__ in ("StoredFile", "StoredFiles"):
        from .filecompare import files_difference

        return files_difference(actual, expected, what) or ""
    # a notebook class: the saved value brought its own copy of the class (cloudpickle) and the slice
    # defined it again; equal attributes make equal values
    same_name = type(actual) is not type(expected) and _same_class_name(actual, expected)
    if same_name and hasattr(actual, "__dict__") and hasattr(expected, "__dict__"):
        return _dict_difference(vars(actual), vars(expected), f"{what} attributes", 1) or ""
    if type(actual) is not type(expected) and not (_is_number(actual) and _is_number(expected)):
        return f"{what}: type {type(actual).__name__} != saved {type(expected).__name__}"
    return None


def _same_class_name(actual: Any, expected: Any) -> bool:
    left, right = type(actual), type(expected)
    return bool(left.__qualname__ == right.__qualname__ and left.__module__ == right.__module__)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or type(
        value
    ).__module__ == "numpy"


def _close(left: float, right: float) -> bool:
    if math.isnan(left) and math.isnan(right):
        return True
    return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)


def _figure_difference(actual: Any, expected: Any, what: str) -> str | None:
    """A saved figure is kept as images: render the recomputed one the same way and compare the PNG."""
    import io

    buffer = io.BytesIO()
    actual.savefig(buffer, format="png")
    return None if buffer.getvalue() == expected.png else f"{what}: the figure renders differently"


def _pandas_difference(actual: Any, expected: Any, what: str) -> str | None:
    import pandas as pd
    import pandas.testing as pdt

    try:
        if isinstance(expected, pd.DataFrame):
            pdt.assert_frame_equal(actual, expected, **_PANDAS_OPTIONS, obj=what)
        elif isinstance(expected, pd.Series):
            pdt.assert_series_equal(actual, expected, **_PANDAS_OPTIONS, obj=what)
        elif isinstance(expected, pd.Index):
            pdt.assert_index_equal(actual, expected, obj=what)
        elif not bool(actual == expected):
            return f"{what}: {actual!r} != saved {expected!r}"
    except AssertionError as exc:
        return " ".join(str(exc).split())[:500]
    return None


def _numpy_difference(actual: Any, expected: Any, what: str) -> str | None:
    import numpy as np

    left, right = np.asarray(actual), np.asarray(expected)
    if left.shape != right.shape or left.dtype != right.dtype:
        return f"{what}: shape/dtype {left.shape} {left.dtype} != saved {right.shape} {right.dtype}"
    if left.dtype.kind in "fc":
        equal = np.allclose(left, right, rtol=RELATIVE_TOLERANCE, atol=1e-12, equal_nan=True)
    else:
        equal = bool(np.array_equal(left, right))
    return None if equal else f"{what}: array values differ from the saved ones"


def _estimator_difference(actual: Any, expected: Any, what: str, depth: int) -> str | None:
    state_left, state_right = _state(actual), _state(expected)
    if not hasattr(expected, "get_params"):  # compiled helpers such as a fitted tree's Tree
        return _dict_difference(state_left, state_right, what, depth + 1)
    if repr(actual.get_params()) != repr(expected.get_params()):
        return f"{what}: parameters {actual.get_params()} != saved {expected.get_params()}"
    fitted = sorted(k for k in state_right if k.endswith("_") and not k.startswith("_"))
    if sorted(k for k in state_left if k.endswith("_") and not k.startswith("_")) != fitted:
        return f"{what}: fitted attributes differ (saved: {fitted})"
    for key in fitted:
        if key in _TIMING_KEYS:
            continue
        left, right = state_left[key], state_right[key]
        if isinstance(right, dict) and isinstance(left, dict):
            left = {k: v for k, v in left.items() if k not in _TIMING_KEYS}
            right = {k: v for k, v in right.items() if k not in _TIMING_KEYS}
        found = difference(left, right, f"{what}.{key}", depth + 1)
        if found:
            return found
    return None


def _state(value: Any) -> dict[str, Any]:
    state = value.__getstate__() if hasattr(value, "__getstate__") else vars(value)
    return state if isinstance(state, dict) else {}


def _dict_difference(actual: Any, expected: Any, what: str, depth: int) -> str | None:
    if set(actual) != set(expected):
        return f"{what}: keys {sorted(map(repr, actual))} != saved {sorted(map(repr, expected))}"
    for key, value in expected.items():
        found = difference(actual[key], value, f"{what}[{key!r}]", depth + 1)
        if found:
            return found
    return None


def _plain_difference(actual: Any, expected: Any, what: str, depth: int) -> str | None:
    try:
        if bool(actual == expected):
            return None
    except Exception:  # an odd __eq__ (arrays inside, or raising): fall back to attributes
        pass
    if hasattr(expected, "__dict__") and getattr(type(expected), "__eq__", None) is object.__eq__:
        return _dict_difference(vars(actual), vars(expected), f"{what} attributes", depth + 1)
    return f"{what}: {_short(actual)} != saved {_short(expected)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
