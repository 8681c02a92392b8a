"""Session-graph persistence cost as a session grows: change sets (the default) vs whole-graph writes.

Runs the same long session twice in fresh interpreters: once with the kernel's default writer (a change
set per cell, a snapshot every 64 writes) and once as the baseline that writes the whole graph after every
cell (`compact_every=1`, what the writer did before change sets). Reports the writer thread's CPU per cell
over the last cells, where the graph is largest, and the graph size. Prints one JSON document.

    PYTHONPATH=. .venv/bin/python benchmarks/persist_scaling.py [--cells 500]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SESSION = """
import json, sys, time
sys.path.insert(0, {root!r})
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
from lineage_ext.kernel import extension, persist
config = Config(); config.HistoryManager.enabled = False
shell = InteractiveShell.instance(config=config)
writer_kwargs = {{"compact_every": {compact_every}}} if {compact_every} else {{}}
original = persist.SessionWriter
extension.SessionWriter = lambda: original(**writer_kwargs)  # type: ignore[misc]
session = extension.load(shell, persist=True)
writer = extension.writer_of(shell)
writer.wait_ready(30)
cells, tail = {cells}, {tail}
cpu_before_tail = 0.0
main_before_tail = 0.0
for i in range(cells):
    if i == cells - tail:
        writer.flush(60)
        cpu_before_tail, main_before_tail = writer.cpu_seconds, time.thread_time()
    shell.run_cell(f"v{{i % 40}} = [{{i}}] * 3\\nw{{i % 7}} = len(v{{i % 40}}) + {{i}}", store_history=True)
    writer.flush(60)  # one write per cell, as in an interactive session
print(json.dumps({{
    "graph_nodes": len(session.graph()),
    "graph_edges": len(session.graph().edges),
    "writer_cpu_ms_per_cell_tail": (writer.cpu_seconds - cpu_before_tail) / tail * 1000,
    "main_thread_ms_per_cell_tail": (time.thread_time() - main_before_tail) / tail * 1000,
    "writer_cpu_s_total": writer.cpu_seconds,
}}))
extension.unload(shell)
"""


def run(cells: int, tail: int, compact_every: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as store:
        code = SESSION.format(root=str(ROOT), cells=cells, tail=tail, compact_every=compact_every)
        env = {**os.environ, "LINEAGE_EXT_STORE": store}
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
    figures: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return {k: round(v, 3) for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=500)
    args = parser.parse_args()
    tail = max(10, args.cells // 10)
    incremental = run(args.cells, tail, 0)
    whole_graph = run(args.cells, tail, 1)
    speedup = whole_graph["writer_cpu_ms_per_cell_tail"] / max(
        incremental["writer_cpu_ms_per_cell_tail"], 1e-9
    )
    print(
        json.dumps(
            {
                "cells": args.cells,
                "tail_cells_measured": tail,
                "change_sets": incremental,
                "whole_graph_every_cell": whole_graph,
                "writer_cpu_per_cell_speedup": round(speedup, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
