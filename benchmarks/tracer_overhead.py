"""Tracer overhead benchmark (issue 3): kernel CPU traced/untraced over the corpus, cost of a trivial cell,
memory overhead, and session-graph persistence latency. Prints one JSON document.

Every (notebook, mode, repetition) runs in a fresh interpreter via tracer_runner.py, the modes of one
repetition back to back in shuffled order; a notebook's ratio is the median over repetitions of the ratio
within one repetition, so slow drifts of machine load cancel out. Ratios:
- ratio_cells: CPU of the cells (writer thread included), after the tracer loaded and the store opened;
- ratio_session: the same plus loading the tracer and opening the store (once per kernel);
- ratio_process_total: the whole interpreter, start-up and imports included;
- ratio_cells_no_persist: the tracer alone, graph persistence off.

    PYTHONPATH=. .venv/bin/python benchmarks/tracer_overhead.py [--reps 5] [--trivial-cells 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODES = ("untraced", "traced", "traced-nopersist")

TRIVIAL = """
import json, sys, time
sys.path.insert(0, {root!r})
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
from lineage_ext.kernel import extension
config = Config(); config.HistoryManager.enabled = False
shell = InteractiveShell.instance(config=config)
n = {n}
def per_cell():
    for _ in range(50):
        shell.run_cell("x = 1", store_history=True)
    start = time.process_time()
    for _ in range(n):
        shell.run_cell("x = 1", store_history=True)
    return (time.process_time() - start) / n * 1000
result = {{"untraced_ms": per_cell()}}
extension.load(shell, persist=False)
result["traced_ms"] = per_cell()
extension.unload(shell)
extension.load(shell, persist=True)
result["traced_persist_ms"] = per_cell()
writer = extension.writer_of(shell)
writer.flush(30)
latencies = sorted(writer.latencies)
result["persist_latency_ms_median"] = latencies[len(latencies) // 2] * 1000
result["persist_latency_ms_max"] = latencies[-1] * 1000
extension.unload(shell)
print(json.dumps(result))
"""


def _env(store: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", "LINEAGE_EXT_STORE": store}


def run_one(mode: str, notebook: Path, store: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, str(HERE / "tracer_runner.py"), mode, str(notebook)],
        capture_output=True, text=True, env=_env(store), check=True,
    )  # fmt: skip
    report: dict[str, object] = json.loads(proc.stdout)[0]
    return report


def corpus_figures(reps: int, store: str) -> dict[str, object]:
    notebooks = sorted((HERE / "corpus").glob("*.py"))
    order = random.Random(0)
    per_notebook = []
    for notebook in notebooks:
        runs: dict[str, list[dict[str, object]]] = {mode: [] for mode in MODES}
        for _ in range(reps):
            modes = list(MODES)
            order.shuffle(modes)  # no mode always runs first (warmer or colder page cache)
            for mode in modes:
                runs[mode].append(run_one(mode, notebook, store))
        per_notebook.append(notebook_row(notebook.name, runs))
    return {"notebooks": per_notebook, "summary": summarize(per_notebook)}


def paired_ratio(runs: dict[str, list[dict[str, object]]], mode: str, key: str) -> float:
    """Median over repetitions of traced/untraced from the same repetition: load drifts cancel out."""
    pairs = zip(runs[mode], runs["untraced"], strict=True)
    return statistics.median(float(t[key]) / float(u[key]) for t, u in pairs)  # type: ignore[arg-type]


def notebook_row(name: str, runs: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    base = runs["untraced"]

    def med(mode: str, key: str) -> float:
        return statistics.median(float(r[key]) for r in runs[mode])  # type: ignore[arg-type]

    return {
        "notebook": name,
        "outputs_identical": all(r["cells"] == base[0]["cells"] for m in MODES for r in runs[m]),
        "untraced_cpu_s": round(med("untraced", "cpu_cells_seconds"), 3),
        "ratio_process_total": paired_ratio(runs, "traced", "cpu_process_total_seconds"),
        "ratio_session": paired_ratio(runs, "traced", "cpu_seconds"),
        "ratio_cells": paired_ratio(runs, "traced", "cpu_cells_seconds"),
        "ratio_cells_no_persist": paired_ratio(runs, "traced-nopersist", "cpu_cells_seconds"),
        "writer_cpu_ms": round(med("traced", "writer_cpu_seconds") * 1000, 1),
        "writer_open_cpu_ms": round(med("traced", "writer_open_cpu_seconds") * 1000, 1),
        "memory_overhead_mb": med("traced", "peak_rss_mb") - med("untraced", "peak_rss_mb"),
        "persist_latency_ms_max": max(float(r["persist_latency_ms_max"]) for r in runs["traced"]),  # type: ignore[arg-type]
        "graph_nodes": runs["traced"][0]["graph_nodes"],
    }


def summarize(rows: list[dict[str, object]]) -> dict[str, object]:
    def col(key: str) -> list[float]:
        return [float(r[key]) for r in rows]  # type: ignore[arg-type]

    summary: dict[str, object] = {
        "notebooks": len(rows),
        "all_outputs_identical": all(r["outputs_identical"] for r in rows),
    }
    for key in ("ratio_process_total", "ratio_session", "ratio_cells", "ratio_cells_no_persist"):
        summary[f"{key}_median"] = round(statistics.median(col(key)), 3)
        summary[f"{key}_worst"] = round(max(col(key)), 3)
    summary["memory_overhead_mb_median"] = round(statistics.median(col("memory_overhead_mb")), 1)
    summary["memory_overhead_mb_worst"] = round(max(col("memory_overhead_mb")), 1)
    summary["persist_latency_ms_worst"] = round(max(col("persist_latency_ms_max")), 1)
    summary["writer_open_cpu_ms_median"] = round(statistics.median(col("writer_open_cpu_ms")), 1)
    return summary


def trivial_cell(n: int, store: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", TRIVIAL.format(root=str(ROOT), n=n)],
        capture_output=True, text=True, env=_env(store), check=True,
    )  # fmt: skip
    figures: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["tracer_cost_ms"] = figures["traced_ms"] - figures["untraced_ms"]
    figures["tracer_cost_with_persist_ms"] = figures["traced_persist_ms"] - figures["untraced_ms"]
    return {k: round(v, 3) for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--trivial-cells", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as store:
        result = {
            "targets": {"median_ratio": 1.05, "worst_ratio": 1.25, "trivial_cell_ms": 2.0, "memory_mb": 20},
            "trivial_cell": trivial_cell(args.trivial_cells, store),
            **corpus_figures(args.reps, store),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
