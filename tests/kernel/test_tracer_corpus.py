"""The whole benchmark corpus runs traced with outputs identical to untraced, and no cell falls back to
untraced; plus one real run under `jupyter nbconvert --execute` (ipykernel) that persists the session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from lineage_ext.ir import Graph

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "benchmarks" / "corpus").glob("*.py"))


def test_corpus_is_big_enough():
    assert len(CORPUS) >= 15


def test_corpus_traced_outputs_equal_untraced(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", "LINEAGE_EXT_STORE": str(tmp_path)}
    runner = str(ROOT / "benchmarks" / "tracer_runner.py")
    procs = {
        mode: subprocess.Popen(
            [sys.executable, runner, mode, *map(str, CORPUS)], stdout=subprocess.PIPE, text=True, env=env
        )
        for mode in ("untraced", "traced")
    }
    reports = {mode: json.loads(proc.communicate(timeout=280)[0]) for mode, proc in procs.items()}
    for untraced, traced in zip(reports["untraced"], reports["traced"], strict=True):
        assert not [c["error"] for c in untraced["cells"] if c["error"]], untraced["notebook"]
        assert traced["cells"] == untraced["cells"], traced["notebook"]
        assert traced["untraced_cells"] == 0, traced["notebook"]


def test_nbconvert_execute_traces_and_persists(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("%load_ext lineage_ext"),
        nbformat.v4.new_code_cell("data = [3, 1, 2]"),
        nbformat.v4.new_code_cell("data.sort()\ndata"),
        nbformat.v4.new_code_cell("import lineage_ext\nlen(lineage_ext.graph().nodes_of_kind('statement'))"),
    ]
    path = tmp_path / "demo.ipynb"
    nbformat.write(notebook, path)
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "LINEAGE_EXT_STORE": str(tmp_path / "store"),
        "JPY_SESSION_NAME": "demo.ipynb",
    }  # fmt: skip
    jupyter = Path(sys.executable).with_name("jupyter")
    subprocess.run(
        [str(jupyter), "nbconvert", "--to", "notebook", "--execute", "--inplace", str(path)],
        check=True, env=env, capture_output=True, timeout=240,
    )  # fmt: skip
    executed = nbformat.read(path, as_version=4)
    outputs = [cell.outputs[0]["data"]["text/plain"] for cell in executed.cells[2:]]
    assert outputs == ["[1, 2, 3]", "4"]  # the running statement is not finished yet

    from lineage_ext.store import open_store

    store = open_store(str(tmp_path / "store"))
    try:
        record = store.latest_session(notebook_path="demo.ipynb")
    finally:
        store.close()
    # nbclient names its connection file tmpXXXX.json, so there is no kernel id to report here
    assert record is not None
    assert record.kernel_id is None
    graph = Graph.from_json(record.graph_json)
    assert graph.defining_statement(graph.latest_version("data").id).source == "data.sort()"


def test_kernel_id_comes_from_the_connection_file_name():
    from types import SimpleNamespace

    from lineage_ext.kernel.extension import kernel_id_of

    def shell(path):
        return SimpleNamespace(kernel=SimpleNamespace(parent=SimpleNamespace(connection_file=path)))

    assert kernel_id_of(shell("/run/jupyter/kernel-4f2a-99.json")) == "4f2a-99"
    assert kernel_id_of(shell("/tmp/tmpab12.json")) is None
