"""Turning one recorded statement into runnable plain-Python text.

Owns the source-level rules of slicing: which statements are hoistable imports, how IPython's code-running
magics (`%time`, `%timeit`, `%%capture`) become the code they run, how a statement that raised in the
session is kept without stopping the slice, the expression of an expression-valued save, and which
statements are literal assignments (pipeline parameters). Pure text and `ast` work.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass

from lineage_ext.errors import SliceError

from .magics import python_equivalent

_CODE_MAGICS = frozenset({"time", "timeit", "capture"})
ParameterValue = bool | int | float | str


@dataclass(frozen=True)
class Rendered:
    """A statement as it goes into a slice: its text, and whether it is an import that may move to the top."""

    text: str
    hoistable_import: bool


def parse(source: str, what: str) -> list[ast.stmt]:
    try:
        return ast.parse(source).body
    except SyntaxError as exc:
        raise SliceError(f"the recorded source of {what} does not parse: {exc.msg}") from None


def _magic_call(statement: ast.stmt) -> ast.Call | None:
    value = statement.value if isinstance(statement, ast.Expr | ast.Assign) else None
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return None
    owner = value.func.value
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "get_ipython":
        return value
    return None


def _magic_code(call: ast.Call, source: str) -> str:
    """The Python code a `%time`-like magic ran; anything else cannot run outside IPython."""
    strings = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    if method in ("run_line_magic", "run_cell_magic") and len(strings) == len(call.args) >= 2:
        cell = strings[2] if method == "run_cell_magic" and len(strings) == 3 else None
        equivalent = python_equivalent(strings[0], strings[1], cell)
        if equivalent is not None:
            return equivalent
        if strings[0] in _CODE_MAGICS:
            code = _skip_options(strings[0], strings[-1])
            if code is not None:
                return code
        what = f"the IPython magic %{strings[0]}"
    else:
        what = "IPython-only syntax (a magic or a !shell command)"
    raise SliceError(
        f"the slice needs the statement {source.strip()[:120]!r}, which uses {what} and cannot run in "
        "plain Python; rewrite it as Python code and save the artifact again"
    )


def _skip_options(magic: str, text: str) -> str | None:
    """Drop leading option tokens (`-n 10 -r 3`) the same way the tracer does when it reads the code."""
    for skip in range(0 if magic == "capture" else 7):
        parts = text.split(maxsplit=skip) if skip else [text]
        if skip and len(parts) <= skip:
            return None
        try:
            ast.parse(parts[-1])
        except SyntaxError:
            continue
        return parts[-1].strip("\n")
    return None


def _is_import(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.ImportFrom):
        return statement.level == 0 and all(alias.name != "*" for alias in statement.names)
    return isinstance(statement, ast.Import)


def render_statement(source: str, failed: bool, what: str, installed_imports: bool) -> Rendered:
    """Runnable text of one recorded top-level statement.

    `installed_imports`: every module the statement imports belongs to an installed distribution or the
    standard library, so it may move to the top (a local module stays in place: a `sys.path` change or a
    file written earlier in the session may be what makes it importable).
    """
    if not failed and "get_ipython" not in source and not source.startswith(("import ", "from ")):
        return Rendered(source.strip("\n"), False)  # the common case, without parsing: it ran, so it parses
    body = parse(source, what)
    if len(body) == 1 and (call := _magic_call(body[0])) is not None:
        inner = _magic_code(call, source)
        if isinstance(body[0], ast.Assign):  # `t = %timeit -o f()`: keep the name bound, run the code
            return Rendered(f"{inner}\n{ast.unparse(body[0].targets[0])} = None", False)
        return Rendered(inner, False)
    if failed:  # it raised in the session: whatever it changed before raising still counts
        wrapped = textwrap.indent(source.strip("\n"), "    ")
        return Rendered(f"try:\n{wrapped}\nexcept Exception:\n    pass", False)
    hoist = installed_imports and len(body) == 1 and _is_import(body[0])
    return Rendered(source.strip("\n"), hoist)


def saved_expression(source: str) -> tuple[str, str | None]:
    """(expression text, artifact name literal) of the `save(<expression>, "name")` call in a statement."""
    for node in ast.walk(ast.Module(parse(source, "the saving statement"), [])):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called == "save":
            name = node.args[1] if len(node.args) > 1 else None
            literal = name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else None
            return ast.unparse(node.args[0]), literal
    raise SliceError(
        "the value was saved from an expression, but the saving statement has no save(<value>, ...) call "
        f"to take it from: {source.strip()[:120]!r}"
    )


def literal_assignment(source: str) -> tuple[str, ParameterValue] | None:
    """(name, value) when the statement is exactly `name = <bool/int/float/str literal>`."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    if len(body) != 1:
        return None
    statement = body[0]
    target: ast.expr
    if isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    else:
        return None
    if not isinstance(target, ast.Name):
        return None
    try:
        literal = ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if type(literal) in (bool, int, float, str):
        return target.id, literal
    return None


def names_loaded(expression: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(expression, mode="eval")) if isinstance(n, ast.Name)}


def global_declarations(source: str) -> set[str]:
    """Names declared `global` inside functions a statement defines (they must stay module globals)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {name for n in ast.walk(tree) if isinstance(n, ast.Global) for name in n.names}
