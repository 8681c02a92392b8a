"""A short, cheap description of a value for the graph: type name plus length/shape, never a full repr.

Only attributes that are known to be cheap are touched: `len` of builtin containers and `shape` of numpy,
pandas and similar array types (looked up by module name, so nothing heavy gets imported).
"""

from __future__ import annotations

from typing import Any

_SHAPED_MODULES = ("numpy", "pandas", "scipy", "torch", "polars", "pyarrow", "xarray")
_CONTAINERS = (list, tuple, dict, set, frozenset, str, bytes, bytearray, range)
_SCALARS = (int, float, bool, complex, type(None))


def preview(value: Any) -> tuple[str, str]:
    """(type name, preview) such as ("DataFrame", "DataFrame (150, 5)") or ("int", "int 3")."""
    kind = type(value)
    type_name = kind.__name__
    try:
        if isinstance(value, _SCALARS):
            return type_name, f"{type_name} {value!r}"[:60]
        if isinstance(value, str):
            text = value if len(value) <= 30 else value[:27] + "..."
            return type_name, f"str len={len(value)} {text!r}"
        if isinstance(value, _CONTAINERS):
            return type_name, f"{type_name} len={len(value)}"
        module = kind.__module__ or ""
        if module.startswith(_SHAPED_MODULES):
            shape = getattr(value, "shape", None)
            if isinstance(shape, tuple):
                return type_name, f"{type_name} {shape}"
        return type_name, type_name
    except Exception:  # a broken __len__/__repr__ must not break tracing
        return type_name, type_name
