"""Tracer-internal CPU per corpus notebook: the time spent planning and recording statements.

The whole-process ratios of `tracer_overhead.py` need many repetitions on a quiet machine; this measures
only what the tracer itself adds at statement boundaries (`TracerSession._plan` and `_finish_pending`,
persistence off), in one run, next to the CPU of the cells. Each notebook runs in a fresh interpreter.
Prints one JSON document.

    PYTHONPATH=. .venv/bin/python benchmarks/tracer_internal.py [NOTEBOOK.py ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = """
import json, os, sys, time, tempfile
sys.path.insert(0, {here!r})
from tracer_runner import cells_of, make_shell
from lineage_ext.kernel import extension
from lineage_ext.kernel.session import TracerSession
spent = [0.0]
def timed(fn):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started
    return wrapper
TracerSession._plan = timed(TracerSession._plan)
TracerSession._finish_pending = timed(TracerSession._finish_pending)
os.chdir(tempfile.mkdtemp())
shell = make_shell()
extension.load(shell, persist=False)
started = time.process_time()
for cell in cells_of(__import__("pathlib").Path({notebook!r})):
    shell.run_cell(cell, store_history=True)
cells = time.process_time() - started
print(json.dumps({{"tracer_ms": spent[0] * 1000, "cells_ms": cells * 1000}}))
"""


def measure(notebook: Path, store: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", "LINEAGE_EXT_STORE": store}
    env["LINEAGE_EXT_VERIFY"] = "0"
    code = CHILD.format(here=str(HERE), notebook=str(notebook))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    names = sys.argv[1:]
    notebooks = [HERE / "corpus" / n for n in names] or sorted((HERE / "corpus").glob("*.py"))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as store:
        for notebook in notebooks:
            figures = measure(notebook, store)
            rows.append({"notebook": notebook.name, **{k: round(v, 1) for k, v in figures.items()}})
    tracer = sum(r["tracer_ms"] for r in rows)
    cells = sum(r["cells_ms"] for r in rows)
    summary = {"tracer_ms": round(tracer, 1), "cells_ms": round(cells, 1), "tracer_share": tracer / cells}
    print(json.dumps({"notebooks": rows, "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
