"""IPython magics inside a cell: `%time x = f(y)` and friends run Python code, so that code is analysed;
any other magic is an opaque statement (its effects are found by comparing the namespace before/after)."""

from __future__ import annotations

import ast
from collections.abc import Callable

from .facts import StatementFacts

_CODE_MAGICS = frozenset({"time", "timeit", "prun", "capture"})


def is_ipython_call(func: ast.Attribute) -> bool:
    """`get_ipython().<method>`: what IPython turns magics and shell escapes into."""
    value = func.value
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "get_ipython"


def magic_call(statement: ast.stmt) -> tuple[str, str, str] | None:
    """(method, magic name, argument text) for `get_ipython().run_*_magic(...)`/`system(...)` statements."""
    for node in ast.walk(statement):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_ipython_call(node.func):
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            method = node.func.attr
            if method in ("run_line_magic", "run_cell_magic") and len(strings) == len(node.args) >= 2:
                return method, strings[0], strings[-1]
            return method, "", ""
    return None


def merge_magic(
    facts: StatementFacts, method: str, magic: str, text: str, analyze: Callable[[ast.stmt], StatementFacts]
) -> None:
    if method in ("system", "getoutput"):
        return  # a shell command cannot touch Python names; an assigned result is already a write
    inner = _parse_magic_code(magic, text) if magic in _CODE_MAGICS else None
    if inner is None:
        facts.opaque = True
        return
    for statement in inner:
        sub = analyze(statement)
        for name in ("reads", "writes", "deletes", "mutations", "fresh_mutations", "aug_names"):
            getattr(facts, name).update(getattr(sub, name))
        facts.method_calls += sub.method_calls
        facts.calls += sub.calls
        facts.imports += sub.imports
        facts.functions.update(sub.functions)
        facts.file_args += sub.file_args
        facts.opaque |= sub.opaque
        facts.dynamic_code |= sub.dynamic_code
    facts.may_write = True


def _parse_magic_code(magic: str, text: str) -> list[ast.stmt] | None:
    """The Python code a code-running magic executes; leading option tokens (`-n 10 -r 3`) are skipped."""
    for skip in range(0 if magic == "capture" else 7):
        parts = text.split(maxsplit=skip) if skip else [text]
        if len(parts) <= skip and skip:
            return None
        try:
            return ast.parse(parts[-1]).body
        except SyntaxError:
            continue
    return None
