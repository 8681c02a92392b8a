"""Slicing and verification cost (targets: slicing < 50 ms in a 500-cell session; verification = the
slice's own run time + < 200 ms).

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/slicing_perf.py``. Prints one JSON object. Both figures are
measured in the same run against their baselines: slicing is timed from graph JSON (what the server and the
store hold) to program text, next to parsing that JSON alone; verification is timed end to end next to
running the very same slice as a plain script in a fresh interpreter. Best of several repeats (the box is
shared, so the minimum is the fair figure).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CELLS = 500
REPEATS = 7
VERIFY_REPEATS = 5
SLICE_TARGET_MS = 50.0
VERIFY_OVERHEAD_TARGET_MS = 200.0
HEAVY_CELL = "import numpy as np\nrng = np.random.default_rng(0)\nbig = rng.normal(size=(700, 700))"


def synthetic_cells() -> list[str]:
    """Many variables, chains across cells, mutations, a function, and unrelated work to drop."""
    cells = [
        "import math\nv0 = 1\nv1 = 2\nacc = []",
        "def grow(values, k):\n    values.append(k)\n    return len(values)",
    ]
    for i in range(2, CELLS):
        cells.append(
            f"v{i} = v{i - 1} + v{i - 2} % 7\n"
            f"w{i} = [v{i}, math.sqrt(abs(v{i}))]\n"
            f"n{i} = grow(acc, v{i}) if {i} % 10 == 0 else 0\n"
            f"unrelated{i} = str(w{i})"
        )
    return cells


def traced_shell() -> tuple[Any, Any]:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from lineage_ext.kernel import extension

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    return shell, extension.load(shell, persist=False)


def best_ms(function: Any, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def slicing_figures(shell: Any, session: Any) -> dict[str, Any]:
    from lineage_ext.ir import Graph
    from lineage_ext.slicing.entry_points import code_from_snapshot

    for cell in synthetic_cells():
        shell.run_cell(cell, store_history=True)
    graph = session.graph()
    snapshot = json.loads(json.dumps(graph.to_json()))
    target = graph.latest_version(f"w{CELLS - 1}").id
    code = code_from_snapshot(snapshot, target)
    parse_ms = best_ms(lambda: Graph.from_json(snapshot))
    slice_ms = best_ms(lambda: code_from_snapshot(snapshot, target))
    return {
        "cells": CELLS,
        "graph_nodes": len(graph),
        "graph_edges": len(graph.edges),
        "slice_statements": code.count("\n"),
        "baseline_parse_graph_json_ms": round(parse_ms, 2),
        "slice_ms": round(slice_ms, 2),
        "slice_target_ms": SLICE_TARGET_MS,
        "slice_ok": slice_ms < SLICE_TARGET_MS,
    }


def verification_figures(shell: Any, folder: str) -> dict[str, Any]:
    """Plain runs and verifications interleaved, so both see the same load on a shared box."""
    from lineage_ext import api
    from lineage_ext.slicing.verify import verify_artifact

    shell.run_cell(HEAVY_CELL, store_history=True)
    artifact = api.save(shell.user_ns["big"], "bench_big")
    path = os.path.join(folder, "slice.py")
    Path(path).write_text(artifact.get_code(), encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    plain, results = [], []
    for _ in range(VERIFY_REPEATS):
        plain.append(
            best_ms(lambda: subprocess.run([sys.executable, path], env=env, check=True, cwd=folder), 1)
        )
        results.append(verify_artifact(artifact.store, artifact.name, artifact.version, cwd=folder))
    statuses = sorted({r.status for r in results})
    plain_ms = min(plain)
    verify_ms = min(r.total_seconds for r in results) * 1000
    overhead = verify_ms - plain_ms
    return {
        "verification_status": statuses,
        "baseline_plain_slice_script_ms": round(plain_ms, 1),
        "slice_own_run_time_in_runner_ms": round(
            statistics.median((r.slice_seconds or 0) * 1000 for r in results), 1
        ),
        "verification_total_ms": round(verify_ms, 1),
        "verification_overhead_ms": round(overhead, 1),
        "verification_overhead_median_ms": round(
            statistics.median(r.total_seconds * 1000 for r in results) - statistics.median(plain), 1
        ),
        "verification_overhead_target_ms": VERIFY_OVERHEAD_TARGET_MS,
        "verification_ok": statuses == ["verified"] and overhead < VERIFY_OVERHEAD_TARGET_MS,
    }


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lineage_ext_slicing_bench_") as folder:
        os.environ["LINEAGE_EXT_STORE"] = os.path.join(folder, "store")
        shell, session = traced_shell()
        report: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count()}
        report.update(slicing_figures(shell, session))
        report.update(verification_figures(shell, folder))
    print(json.dumps(report, indent=2))
    return 0 if report["slice_ok"] and report["verification_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
