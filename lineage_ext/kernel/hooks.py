"""The IPython side of tracing: event callbacks and the AST transformer that marks statement boundaries.

IPython already runs each top-level statement of a cell as its own code object. The transformer inserts one
call `__lineage_ext_boundary__(run, i)` before statement i (i >= 1); statement 0 is planned while the
transformer runs. The last node of the cell stays the user's, so display of the last expression, `_` and
`Out` are unchanged, and tracebacks of user errors contain only user frames. The boundary function lives in
`builtins`, not in the user namespace, so `globals()`/`dir()`/`%who` look the same as untraced.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import sys
from typing import Any

from .session import TracerSession

BOUNDARY_NAME = "__lineage_ext_boundary__"


class BoundaryInserter(ast.NodeTransformer):
    """Registered in `shell.ast_transformers`; only the top-level body of a traced cell is changed."""

    def __init__(self, session: TracerSession) -> None:
        self.session = session

    def visit_Module(self, node: ast.Module) -> ast.Module:
        try:
            statements = list(node.body)
            run = self.session.start_statements(statements)
            if run is None or len(statements) < 2:
                return node
            body: list[ast.stmt] = [statements[0]]
            for index, statement in enumerate(statements[1:], start=1):
                body.append(_boundary_call(run, index, statement))
                body.append(statement)
            node.body = body
        except Exception as exc:  # IPython would unregister a transformer that raises
            self.session._fail(exc)
        return node


def _boundary_call(run: int, index: int, statement: ast.stmt) -> ast.stmt:
    call = ast.Expr(
        ast.Call(
            ast.Name(BOUNDARY_NAME, ast.Load()),
            [ast.Constant(run), ast.Constant(index)],
            [],
        )
    )
    ast.copy_location(call, statement)
    call.end_lineno = call.lineno
    call.end_col_offset = call.col_offset
    return ast.fix_missing_locations(call)


def _running_count(shell: Any) -> int:
    """The execution count of the cell being started, as the notebook shows it (`In [n]`).

    Newer IPython increments `shell.execution_count` before `pre_run_cell` fires, older IPython after the
    cell; both set the running cell's `ExecutionResult.execution_count` first, so read that from the
    `run_cell_async` frame that triggered the event (two or three frames up), else the shell's counter.
    """
    frame = sys._getframe(1)
    for _ in range(6):
        frame = frame.f_back  # type: ignore[assignment]
        if frame is None:
            break
        if frame.f_code.co_name == "run_cell_async":
            count = getattr(frame.f_locals.get("result"), "execution_count", None)
            if isinstance(count, int):
                return count
            break
    return int(shell.execution_count)


class ShellHooks:
    """Connects one `TracerSession` to one IPython shell; `install`/`uninstall` are exact inverses."""

    def __init__(self, shell: Any, session: TracerSession) -> None:
        self.shell = shell
        self.session = session
        self.transformer = BoundaryInserter(session)
        self._depth = 0

    def pre_run_cell(self, info: Any) -> None:
        self._depth += 1
        if self._depth != 1:
            return  # a cell run inside a cell (%%capture, run_cell in user code) belongs to the outer one
        try:
            count = _running_count(self.shell) if getattr(info, "store_history", False) else None
            self.session.begin_cell(info.raw_cell or "", getattr(info, "cell_id", None), count)
        except Exception as exc:
            self.session._fail(exc)

    def post_run_cell(self, result: Any) -> None:
        self._depth = max(0, self._depth - 1)
        if self._depth:
            return
        error = result.error_in_exec or result.error_before_exec
        exception = None if error is None else f"{type(error).__name__}: {error}"
        self.session.end_cell(error is not None, exception)

    def install(self) -> None:
        self.shell.events.register("pre_run_cell", self.pre_run_cell)
        self.shell.events.register("post_run_cell", self.post_run_cell)
        self.shell.ast_transformers.append(self.transformer)
        setattr(builtins, BOUNDARY_NAME, self.session.boundary)

    def uninstall(self) -> None:
        for event, callback in (("pre_run_cell", self.pre_run_cell), ("post_run_cell", self.post_run_cell)):
            with contextlib.suppress(ValueError):
                self.shell.events.unregister(event, callback)
        if self.transformer in self.shell.ast_transformers:
            self.shell.ast_transformers.remove(self.transformer)
        if getattr(builtins, BOUNDARY_NAME, None) == self.session.boundary:
            delattr(builtins, BOUNDARY_NAME)
