"""Previews of values computed at save time, in the saving process, as JSON-safe dicts.

The server shows these without ever deserializing a value. Every preview has ``kind`` and
``type``; tabular and array values add ``shape``/``dtypes``/``head``. A preview never raises:
a value whose preview fails gets a plain ``repr`` preview instead.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import reprlib
from collections.abc import Callable
from typing import Any

from lineage_ext.store.serializers import is_instance_of, type_name

HEAD_ROWS = 5
MAX_COLUMNS = 50
MAX_TEXT = 500

_repr = reprlib.Repr()
_repr.maxstring = MAX_TEXT
_repr.maxother = MAX_TEXT
_repr.maxlist = 20
_repr.maxdict = 20


def make_preview(value: Any) -> dict[str, Any]:
    """A JSON-safe summary of ``value``."""
    for check, build in _BUILDERS:
        if check(value):
            try:
                return {"type": type_name(value), **build(value)}
            except Exception:  # a broken __repr__ or exotic dtype must not block a save
                break
    return {"type": type_name(value), "kind": "object", "repr": _safe_repr(value)}


def make_preview_json(value: Any) -> str:
    """``make_preview`` as JSON text; never raises (falls back to the type alone)."""
    try:
        return json.dumps(make_preview(value), allow_nan=False)
    except (TypeError, ValueError):
        return json.dumps({"type": type_name(value), "kind": "object"})


def json_safe(value: Any) -> Any:
    """Convert numpy/pandas scalars, NaN and unknown objects to plain JSON values."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        try:
            return json_safe(item())
        except (TypeError, ValueError):
            pass
    return _safe_repr(value)


def _safe_repr(value: Any) -> str:
    try:
        return _repr.repr(value)[:MAX_TEXT]
    except Exception:
        return f"<{type_name(value)}>"


def _dataframe(value: Any) -> dict[str, Any]:
    columns = [str(column) for column in value.columns[:MAX_COLUMNS]]
    head = value.iloc[:HEAD_ROWS, :MAX_COLUMNS]
    return {
        "kind": "dataframe",
        "shape": list(value.shape),
        "columns": columns,
        "dtypes": {str(column): str(dtype) for column, dtype in head.dtypes.items()},
        "index": [json_safe(label) for label in head.index],
        "head": [[json_safe(cell) for cell in row] for row in head.itertuples(index=False, name=None)],
    }


def _series(value: Any) -> dict[str, Any]:
    head = value.iloc[:HEAD_ROWS]
    return {
        "kind": "series",
        "shape": list(value.shape),
        "name": json_safe(value.name),
        "dtype": str(value.dtype),
        "index": [json_safe(label) for label in head.index],
        "head": [json_safe(cell) for cell in head.tolist()],
    }


def _ndarray(value: Any) -> dict[str, Any]:
    flat = value.reshape(-1)[: HEAD_ROWS * 4]
    return {
        "kind": "ndarray",
        "shape": list(value.shape),
        "dtype": str(value.dtype),
        "head": [json_safe(item) for item in flat.tolist()],
    }


def _estimator(value: Any) -> dict[str, Any]:
    return {
        "kind": "model",
        "repr": _safe_repr(value),
        "params": json_safe(value.get_params(deep=False)),
    }


def _figure(value: Any) -> dict[str, Any]:
    width, height = value.get_size_inches()
    return {"kind": "figure", "size_inches": [float(width), float(height)], "axes": len(value.axes)}


def _collection(value: Any) -> dict[str, Any]:
    return {"kind": "collection", "length": len(value), "repr": _safe_repr(value)}


def _scalar(value: Any) -> dict[str, Any]:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return {"kind": "scalar", "value": value[:MAX_TEXT], "truncated": True, "length": len(value)}
    return {"kind": "scalar", "value": json_safe(value)}


def _numpy_scalar(value: Any) -> dict[str, Any]:
    # numbers as plain JSON numbers (long doubles rounded to float for display only); the rest
    # (dates, durations, complex numbers, strings) read best as numpy prints them
    kind = value.dtype.kind
    shown: Any
    if kind == "b":
        shown = bool(value)
    elif kind in "iu":
        shown = int(value)
    elif kind == "f":
        shown = json_safe(float(value))
    else:
        shown = str(value)[:MAX_TEXT]
    return {"kind": "scalar", "value": shown, "dtype": str(value.dtype)}


def _text_scalar(value: Any) -> dict[str, Any]:
    return {"kind": "scalar", "value": str(value)[:MAX_TEXT]}


def _bytes(value: Any) -> dict[str, Any]:
    return {"kind": "bytes", "length": len(value)}


def _path(value: Any) -> dict[str, Any]:
    return {"kind": "file", "path": str(value)}


_BUILDERS: list[tuple[Callable[[Any], bool], Callable[[Any], dict[str, Any]]]] = [
    (lambda v: is_instance_of(v, "pandas", "DataFrame"), _dataframe),
    (lambda v: is_instance_of(v, "pandas", "Series"), _series),
    (lambda v: is_instance_of(v, "numpy", "ndarray"), _ndarray),
    (lambda v: is_instance_of(v, "sklearn.base", "BaseEstimator"), _estimator),
    (lambda v: is_instance_of(v, "matplotlib.figure", "Figure"), _figure),
    (lambda v: is_instance_of(v, "numpy", "generic"), _numpy_scalar),
    (lambda v: isinstance(v, dt.date | dt.time | dt.timedelta | decimal.Decimal), _text_scalar),
    (lambda v: isinstance(v, bool | int | float | str | type(None)), _scalar),
    (lambda v: isinstance(v, bytes | bytearray), _bytes),
    (lambda v: type(v).__name__.endswith("Path") and hasattr(v, "parts"), _path),
    (lambda v: isinstance(v, list | tuple | dict | set | frozenset), _collection),
]
