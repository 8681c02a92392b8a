"""A short, cheap description of a value for the graph: type name plus length/shape, never a full repr.

The facts come from ``values.describe`` (only attributes known to be cheap: ``len`` of builtin containers,
``shape`` of numpy, pandas and similar array types); this module owns how the graph shows them.
"""

from __future__ import annotations

from typing import Any

from lineage_ext.values import describe

_NUMBERS = (int, float, bool, complex, type(None))


def preview(value: Any) -> tuple[str, str]:
    """(type name, preview) such as ("DataFrame", "DataFrame (150, 5)") or ("int", "int 3")."""
    type_name = type(value).__name__
    try:
        if isinstance(value, _NUMBERS):  # numpy's float64 too: it is a float
            return type_name, f"{type_name} {value!r}"[:60]
        if isinstance(value, str):
            text = value if len(value) <= 30 else value[:27] + "..."
            return type_name, f"str len={len(value)} {text!r}"
        facts = describe(value)
        if facts.length is not None:
            return type_name, f"{type_name} len={facts.length}"
        if facts.shape is not None:
            return type_name, f"{type_name} {facts.shape}"
        return type_name, type_name
    except Exception:  # a broken __repr__ must not break tracing
        return type_name, type_name
