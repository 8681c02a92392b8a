"""Subprocess worker for the equivalence tests: runs batches of small programs in a fresh namespace each,
traced or untraced, and prints what a user would observe (outputs, results, errors, final values).

Usage: python equivalence_worker.py traced|untraced ; stdin: one JSON object {"seq": n, "programs": [...]}
per line (a program is a list of cell sources); stdout: one JSON object {"seq": n, "results": [...]} per
line. Answers go to a private copy of the original stdout and anything else written to fd 1 goes to
stderr, so nothing a program prints can desynchronize the protocol.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys

from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

ADDRESS = re.compile(r" at 0x[0-9a-f]+")
HIDDEN = re.compile(r"^(_.*|In|Out|exit|quit|get_ipython|open)$")


def _safe_repr(value: object) -> str:
    try:
        return ADDRESS.sub("", repr(value))[:500]
    except Exception as exc:  # a user object with a broken repr
        return f"<repr failed: {type(exc).__name__}>"


def fresh_namespace(shell: InteractiveShell) -> None:
    """What `%reset -f` does to user names, without its slow gc.collect() per program."""
    namespace = shell.user_ns
    for name in [k for k in namespace if k not in shell.user_ns_hidden]:
        del namespace[name]
    namespace["Out"].clear()
    sys.modules.pop("__main__.K0", None)


def run_program(shell: InteractiveShell, cells: list[str], traced: bool) -> dict[str, object]:
    from lineage_ext.kernel import extension

    fresh_namespace(shell)
    if traced:
        extension.load(shell, persist=False)
    observed = []
    try:
        for cell in cells:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                result = shell.run_cell(cell, store_history=True)
            error = result.error_in_exec or result.error_before_exec
            observed.append(
                {
                    "out": ADDRESS.sub("", out.getvalue()),
                    "result": _safe_repr(result.result),
                    "error": None if error is None else f"{type(error).__name__}: {error}",
                }
            )
        hidden = shell.user_ns_hidden
        names = {
            k: _safe_repr(v) for k, v in shell.user_ns.items() if k not in hidden and not HIDDEN.match(k)
        }
        untraced_cells = []
        if traced:
            from lineage_ext.kernel.current import current_session

            session = current_session()
            assert session is not None
            untraced_cells = [c.run for c in session.graph().cells if not c.traced]
        return {"cells": observed, "names": names, "untraced_cells": untraced_cells}
    finally:
        if traced:
            extension.unload(shell)


def main() -> None:
    traced = sys.argv[1] == "traced"
    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.xmode = "Plain"  # full tracebacks, without the slow context rendering
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # stray writes to fd 1 (C code, os.write, subprocesses) land on stderr
    sys.stdout = sys.stderr
    shell = InteractiveShell.instance(config=config)
    for line in sys.stdin:
        request = json.loads(line)
        results = [run_program(shell, cells, traced) for cells in request["programs"]]
        answers.write(json.dumps({"seq": request["seq"], "results": results}) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
