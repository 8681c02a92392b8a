"""Which variables an expression stands on: `a` for `a.b[0].c()`, `rows` for `enumerate(rows)`.

The statement collector (`analysis.py`) and the call facts (`calls.py`) ask these questions of the
ast alone; nothing here looks at runtime values.
"""

from __future__ import annotations

import ast

# builtins whose result yields the very items of their arguments (`enumerate(rows)` yields rows' rows)
_ITEM_PASSING = frozenset({"enumerate", "zip", "reversed", "sorted", "iter", "list", "tuple", "filter"})


def root_name(node: ast.expr) -> str | None:
    """`a` for `a`, `a.b`, `a[0].c`, `a.b()`: the variable an expression hangs off."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def dotted(node: ast.expr) -> tuple[str, ...] | None:
    """`("np", "linalg", "norm")` for `np.linalg.norm`; None unless a name followed by attributes."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return (node.id, *reversed(parts))
    return None


def iter_sources(node: ast.expr) -> tuple[str, ...]:
    """Variables whose items a loop over `node` visits: `rows`, `d.items()`, `enumerate(rows)`."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and node.func.id in _ITEM_PASSING:
            return tuple(r for arg in node.args for r in iter_sources(arg))
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("items", "values"):
            return iter_sources(node.func.value)
        return ()
    root = root_name(node)
    return (root,) if root is not None else ()
