"""The programs of LineaPy's end-to-end tests (vendored under `lineapy_e2e/` as text), read statically.

Each `execute(code, artifacts=[...])` call in a vendored test becomes a `Program`: its code, the variables
LineaPy's fixture saved after it (`artifacts=`), and the slices the test asserts (`res.slice("x") == ...`
or `res.artifacts["x"] == ...`). The code strings are often built from constants or f-strings, so string
assignments are evaluated (only those: names, constants, f-strings, `+`, `.format`, `prettify(...)`) in a
namespace that stands in for the few LineaPy names they use. Nothing of LineaPy is imported or run here.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VENDORED = Path(__file__).resolve().parent / "lineapy_e2e"


class _Named:
    """`save.__name__` and friends in f-strings: the vendored code only reads the name."""

    def __init__(self, name: str) -> None:
        self.__name__ = name


def _identity(text: str, *_: Any, **__: Any) -> str:
    return text


@dataclass
class Program:
    id: str
    code: str
    artifacts: tuple[str, ...]
    expected: dict[str, str] = field(default_factory=dict)  # artifact name -> LineaPy's asserted slice
    setup: tuple[str, ...] = ()  # earlier programs of the same test (they share LineaPy's store)
    lineapy_mark: str | None = None  # "skip"/"xfail" when LineaPy's own suite does not pass this test


def _base_namespace() -> dict[str, Any]:
    names = {name: _Named(name) for name in ("save", "get", "get_function", "artifact_store", "reload")}
    return {**names, "prettify": _identity, "test_prettify": _identity, "__builtins__": {}}


def _evaluate(node: ast.expr, namespace: dict[str, Any]) -> Any:
    return eval(compile(ast.Expression(node), "<vendored>", "eval"), namespace)  # strings only, see above


def _assign(statement: ast.stmt, namespace: dict[str, Any]) -> None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name) and _stringy(statement.value):
            try:
                namespace[target.id] = _evaluate(statement.value, namespace)
            except Exception:
                namespace.pop(target.id, None)


def _stringy(node: ast.expr) -> bool:
    allowed = (ast.Constant, ast.JoinedStr, ast.FormattedValue, ast.Name, ast.BinOp, ast.Add, ast.Load)
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            func = child.func
            if not (isinstance(func, ast.Name) and func.id in ("prettify", "test_prettify")) and not (
                isinstance(func, ast.Attribute) and func.attr == "format"
            ):
                return False
        elif isinstance(child, ast.Attribute):
            if child.attr not in ("__name__", "format"):
                return False
        elif not isinstance(child, (*allowed, ast.expr_context, ast.keyword)):
            return False
    return True


def _execute_call(node: ast.AST) -> ast.Call | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "execute":
        return node
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
        return node
    return None


def _slice_reference(node: ast.expr) -> tuple[str, str] | None:
    """(result variable, artifact) of `res.slice("x")` or `res.artifacts["x"]`."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "slice"
        and isinstance(node.func.value, ast.Name)
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
    ):
        return node.func.value.id, str(node.args[0].value)
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "artifacts"
        and isinstance(node.value.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
    ):
        return node.value.value.id, str(node.slice.value)
    return None


def _programs_of(test: ast.FunctionDef, prefix: str, module_ns: dict[str, Any]) -> list[Program]:
    namespace = dict(module_ns)
    programs: list[Program] = []
    results: dict[str, Program] = {}
    for statement in _statements(test.body):
        _assign(statement, namespace)
        value = getattr(statement, "value", None)
        call = _execute_call(value) if value is not None else None
        if call is not None and call.args:
            try:
                code = _evaluate(call.args[0], namespace)
                keywords = {k.arg: k.value for k in call.keywords}
                artifacts = _evaluate(keywords["artifacts"], namespace) if "artifacts" in keywords else []
            except Exception:
                continue  # built from something this reader does not evaluate
            suffix = f"#{len(programs) + 1}" if programs else ""
            earlier = tuple(p.code for p in programs)
            program = Program(f"{prefix}::{test.name}{suffix}", str(code), tuple(artifacts), setup=earlier)
            program.lineapy_mark = _lineapy_mark(test)
            programs.append(program)
            if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                results[statement.targets[0].id] = program
        if isinstance(statement, ast.Assert) and isinstance(statement.test, ast.Compare):
            _expectation(statement.test, results, namespace)
    if len(programs) > 1:  # number the first one too once there are several
        programs[0].id += "#1"
    return programs


def _lineapy_mark(test: ast.FunctionDef) -> str | None:
    """LineaPy's own `@pytest.mark.skip(...)`/`xfail(...)` on the test (not `slow` or `skipif`)."""
    for decorator in test.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in ("skip", "xfail"):
            return call.attr
    return None


def _expectation(test: ast.Compare, results: dict[str, Program], namespace: dict[str, Any]) -> None:
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return
    for ref_side, other in ((test.left, test.comparators[0]), (test.comparators[0], test.left)):
        reference = _slice_reference(ref_side)
        if reference is not None and reference[0] in results and _stringy(other):
            with contextlib.suppress(Exception):  # an expectation this reader cannot evaluate
                results[reference[0]].expected[reference[1]] = str(_evaluate(other, namespace))
            return


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for statement in body:
        yield statement
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(statement, name, None)
            if isinstance(inner, list) and not isinstance(statement, ast.FunctionDef | ast.ClassDef):
                yield from _statements(inner)


def _module_namespace(tree: ast.Module, util_ns: dict[str, Any]) -> dict[str, Any]:
    namespace = {**_base_namespace(), **util_ns}
    for statement in tree.body:
        _assign(statement, namespace)
    return namespace


def _util_namespace() -> dict[str, Any]:
    tree = ast.parse((VENDORED / "util.py.txt").read_text(encoding="utf-8"))
    namespace = _base_namespace()
    for statement in tree.body:
        _assign(statement, namespace)
    return {k: v for k, v in namespace.items() if isinstance(v, str)}


def load_programs() -> list[Program]:
    """Every `execute(...)` program of the vendored tests, in file and test order."""
    util_ns = _util_namespace()
    programs: list[Program] = []
    for path in sorted(VENDORED.glob("test_*.py.txt")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_ns = _module_namespace(tree, util_ns)
        prefix = path.name.removesuffix(".py.txt")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                programs.extend(_programs_of(node, prefix, module_ns))
    return programs


def artifact_name(name: str) -> str:
    """LineaPy allows any artifact name; the shim saves under a name our store accepts."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)
