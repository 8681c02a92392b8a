"""Run corpus notebooks (`# %%`-separated .py files) in a real IPython shell, traced or untraced, and print
what happened as JSON: per-cell outputs/results/errors, CPU seconds of the cell runs, peak RSS.

Used by benchmarks/tracer_overhead.py (one fresh interpreter per notebook and mode) and by the corpus
equivalence test (all notebooks in one interpreter per mode, a fresh namespace and folder per notebook).

    python benchmarks/tracer_runner.py traced|traced-nopersist|untraced NOTEBOOK.py [...]
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ADDRESS = re.compile(r" at 0x[0-9a-f]+|0x[0-9a-f]{6,}")
OUT_PROMPT = re.compile(r"Out\[\d+\]: ")


def cells_of(path: Path) -> list[str]:
    chunks = re.split(r"^# %%.*$", path.read_text(), flags=re.MULTILINE)
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]


def make_shell():  # type: ignore[no-untyped-def]
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.xmode = "Plain"
    return InteractiveShell.instance(config=config)


def run_notebook(shell, path: Path, traced: bool, persist: bool = True) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from lineage_ext.kernel import extension

    namespace = shell.user_ns
    for name in [k for k in namespace if k not in shell.user_ns_hidden]:
        del namespace[name]
    workdir = tempfile.mkdtemp(prefix="corpus-")
    os.chdir(workdir)
    cells = cells_of(path)
    observed = []
    started = time.process_time()
    session = extension.load(shell, persist=persist) if traced else None
    writer = extension.writer_of(shell) if traced else None
    if writer is not None:
        writer.wait_ready(30)  # a real kernel loads the tracer at start-up, before the first cell
    cells_started = time.process_time()
    started_thread = time.thread_time()
    for cell in cells:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            result = shell.run_cell(cell, store_history=True)
        error = result.error_in_exec or result.error_before_exec
        observed.append(
            {
                "out": OUT_PROMPT.sub("", ADDRESS.sub("", out.getvalue())),
                "error": None if error is None else f"{type(error).__name__}: {error}",
            }
        )
    if writer is not None:
        writer.flush(30)
    finished = time.process_time()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report: dict[str, object] = {
        "notebook": path.name,
        "cells": observed,
        # whole process (the background writer thread included) from loading the tracer to the last write
        "cpu_seconds": finished - started,
        # the same without loading the tracer and opening the store (done once per kernel, at start-up)
        "cpu_cells_seconds": finished - cells_started,
        "cpu_main_thread_seconds": time.thread_time() - started_thread,
        "cpu_process_total_seconds": usage.ru_utime + usage.ru_stime,  # interpreter start-up included
        "writer_cpu_seconds": None if writer is None else writer.cpu_seconds,
        "writer_open_cpu_seconds": None if writer is None else writer.open_cpu_seconds,
    }
    if session is not None:
        graph = session.graph()
        report["graph_nodes"] = len(graph)
        report["untraced_cells"] = sum(1 for c in graph.cells if not c.traced)
        report["persist_latency_ms_max"] = (
            round(max(writer.latencies, default=0.0) * 1000, 2) if writer else None
        )
        extension.unload(shell)
    report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def main() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    mode, paths = sys.argv[1], [Path(p).resolve() for p in sys.argv[2:]]
    shell = make_shell()
    reports = [run_notebook(shell, path, mode.startswith("traced"), mode == "traced") for path in paths]
    sys.stdout.write(json.dumps(reports) + "\n")


if __name__ == "__main__":
    main()
