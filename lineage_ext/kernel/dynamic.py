"""Code built at runtime: `exec`/`eval` of strings and bare `globals()`/`locals()`/`vars()`.

Owns two rules (issue 14, class 7). A literal code string (`exec("y = x * 2")`) is parsed and analysed as the
code it runs, so its reads and writes are as precise as ordinary code. Any other code string may touch any
name: the statement then reads every tracked variable and changes, in place, every tracked mutable one
(`reach_everything`). Both stay rare and cost nothing for statements without such calls.
"""

from __future__ import annotations

import ast
import types
from typing import Any

# values exec'd code cannot change in place (modules, functions and classes: conservatively left out,
# their attributes rarely change through generated code and every reader would get a new version)
_UNCHANGEABLE: tuple[type, ...] = (int, float, complex, str, bytes, tuple, frozenset, bool, type(None))
_UNCHANGEABLE += (range, types.ModuleType, types.FunctionType, type)


def literal_code(call: ast.Call, called: str) -> list[ast.stmt] | None:
    """The statements `exec(<literal>)`/`eval(<literal>)` runs in the user namespace, else None."""
    if len(call.args) != 1 or call.keywords:
        return None  # no code, or an explicit namespace: not the user's names
    text = call.args[0]
    if not isinstance(text, ast.Constant) or not isinstance(text.value, str):
        return None
    try:
        if called == "eval":
            return [ast.Expr(ast.parse(text.value.strip(), mode="eval").body)]
        return ast.parse(text.value).body
    except SyntaxError:
        return None


def reach_everything(current: dict[str, str], namespace: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(names read, names possibly changed in place) for a statement running unknown code."""
    reads = {name for name in current if name in namespace}
    changed = {name for name in reads if not isinstance(namespace[name], _UNCHANGEABLE)}
    return reads, changed
