"""Previews of values computed at save time, in the saving process, as JSON-safe dicts.

The server shows these without ever deserializing a value. Every preview has ``kind`` and
``type``; tabular and array values add ``shape``/``dtypes``/``head``. A preview never raises:
a value whose preview fails gets a plain ``repr`` preview instead. Previews are capped as they are
made (cell text, labels, nesting and the whole JSON), so a stored preview stays small. What a value is
(its kind, shape, dtype) comes from ``values.describe``; this module owns the stored payload of each kind.
"""

from __future__ import annotations

import json
import math
import reprlib
from collections.abc import Callable
from typing import Any

from lineage_ext.store.serializers import type_name
from lineage_ext.values import Description, Kind, describe

HEAD_ROWS = 5
MAX_COLUMNS = 50
MAX_TEXT = 500
MAX_CELL = 100  # characters of one table cell or array item
MAX_LABEL = 100  # characters of a column name, index label or dict key
MAX_DEPTH = 6  # nesting kept in nested values (estimator params)
MAX_ITEMS = 50  # items kept per nested list or dict
MAX_NODES = 500  # values kept in one nested value, all levels together
MAX_PREVIEW_CHARS = 65_536  # a preview's JSON; larger ones keep only the type

_repr = reprlib.Repr()
_repr.maxstring = MAX_TEXT
_repr.maxother = MAX_TEXT
_repr.maxlist = 20
_repr.maxdict = 20


def make_preview(value: Any) -> dict[str, Any]:
    """A JSON-safe summary of ``value``."""
    facts = describe(value)
    build = _BUILDERS.get(facts.kind)
    if build is not None:
        try:
            return {"type": type_name(value), **build(value, facts)}
        except Exception:  # a broken __repr__ or exotic dtype must not block a save
            pass
    return {"type": type_name(value), "kind": "object", "repr": _safe_repr(value)}


def make_preview_json(value: Any) -> str:
    """``make_preview`` as JSON text of at most ``MAX_PREVIEW_CHARS``; never raises (falls back to the
    type alone, marked ``truncated`` when the preview was too large)."""
    try:
        text = json.dumps(make_preview(value), allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return json.dumps({"type": type_name(value), "kind": "object"})
    if len(text) > MAX_PREVIEW_CHARS:
        return json.dumps({"type": type_name(value), "kind": "object", "truncated": True})
    return text


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


def capped(value: Any, text: int = MAX_CELL, depth: int = 0, budget: list[int] | None = None) -> Any:
    """``json_safe`` for previews: strings cut to ``text`` characters, at most ``MAX_ITEMS`` items per
    list or dict and ``MAX_NODES`` values in all, nothing nested deeper than ``MAX_DEPTH`` (cut parts
    read ``"..."``)."""
    budget = [MAX_NODES] if budget is None else budget
    budget[0] -= 1
    if depth > MAX_DEPTH or budget[0] < 0:
        return "..."
    if isinstance(value, str):
        return value if len(value) <= text else value[:text] + "..."
    if isinstance(value, list | tuple):
        items = [capped(item, text, depth + 1, budget) for item in list(value)[:MAX_ITEMS]]
        return [*items, "..."] if len(value) > MAX_ITEMS else items
    if isinstance(value, dict):
        pairs = list(value.items())[:MAX_ITEMS]
        shown = {str(key)[:MAX_LABEL]: capped(item, text, depth + 1, budget) for key, item in pairs}
        return {**shown, "...": "..."} if len(value) > MAX_ITEMS else shown
    return capped(json_safe(value), text, depth, budget) if _needs_conversion(value) else value


def _needs_conversion(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)  # NaN and infinities become null
    return not (value is None or isinstance(value, bool | int))


def _label(value: Any) -> str:
    return str(value)[:MAX_LABEL]


def _safe_repr(value: Any) -> str:
    try:
        return _repr.repr(value)[:MAX_TEXT]
    except Exception:
        return f"<{type_name(value)}>"


def _dataframe(value: Any, facts: Description) -> dict[str, Any]:
    columns = [_label(column) for column in value.columns[:MAX_COLUMNS]]
    head = value.iloc[:HEAD_ROWS, :MAX_COLUMNS]
    return {
        "kind": "dataframe",
        "shape": list(facts.shape or ()),
        "columns": columns,
        "dtypes": {_label(column): str(dtype) for column, dtype in head.dtypes.items()},
        "index": [capped(label, MAX_LABEL) for label in head.index],
        "head": [[capped(cell) for cell in row] for row in head.itertuples(index=False, name=None)],
    }


def _series(value: Any, facts: Description) -> dict[str, Any]:
    head = value.iloc[:HEAD_ROWS]
    return {
        "kind": "series",
        "shape": list(facts.shape or ()),
        "name": capped(value.name, MAX_LABEL),
        "dtype": str(facts.dtype),
        "index": [capped(label, MAX_LABEL) for label in head.index],
        "head": [capped(cell) for cell in head.tolist()],
    }


def _ndarray(value: Any, facts: Description) -> dict[str, Any]:
    flat = value.reshape(-1)[: HEAD_ROWS * 4]
    return {
        "kind": "ndarray",
        "shape": list(facts.shape or ()),
        "dtype": str(facts.dtype),
        "head": [capped(item) for item in flat.tolist()],
    }


def _estimator(value: Any, facts: Description) -> dict[str, Any]:
    return {
        "kind": "model",
        "repr": _safe_repr(value),
        "params": capped(value.get_params(deep=False)),
    }


def _figure(value: Any, facts: Description) -> dict[str, Any]:
    width, height = value.get_size_inches()
    return {"kind": "figure", "size_inches": [float(width), float(height)], "axes": len(value.axes)}


def _collection(value: Any, facts: Description) -> dict[str, Any]:
    return {"kind": "collection", "length": facts.length, "repr": _safe_repr(value)}


def _scalar(value: Any, facts: Description) -> dict[str, Any]:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return {"kind": "scalar", "value": value[:MAX_TEXT], "truncated": True, "length": len(value)}
    return {"kind": "scalar", "value": json_safe(value)}


def _numpy_scalar(value: Any, facts: Description) -> dict[str, Any]:
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
    return {"kind": "scalar", "value": shown, "dtype": str(facts.dtype)}


def _text_scalar(value: Any, facts: Description) -> dict[str, Any]:
    return {"kind": "scalar", "value": str(value)[:MAX_TEXT]}


def _bytes(value: Any, facts: Description) -> dict[str, Any]:
    return {"kind": "bytes", "length": facts.length}


def _path(value: Any, facts: Description) -> dict[str, Any]:
    return {"kind": "file", "path": str(value)}


_Builder = Callable[[Any, Description], dict[str, Any]]
# kinds missing here (complex numbers, ranges, arrays of other libraries, ...) are stored as their repr
_BUILDERS: dict[Kind, _Builder] = {
    "dataframe": _dataframe,
    "series": _series,
    "ndarray": _ndarray,
    "estimator": _estimator,
    "figure": _figure,
    "numpy_scalar": _numpy_scalar,
    "literal": _text_scalar,
    "scalar": _scalar,
    "text": _scalar,
    "binary": _bytes,
    "path": _path,
    "collection": _collection,
}
