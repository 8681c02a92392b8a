"""Flows and lazy graphs used the way a notebook uses them: functions defined in cells, a real kernel."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parent.parent.parent

CELLS = [
    "from lineage_ext import Flow, GraphBuilder, TaskSpec\nimport json, os",
    "def load(n):\n    return list(range(n))\n\ndef scale(load, k):\n    return {'pid': os.getpid(), 'values': [x * k for x in load]}",
    "first = TaskSpec(load, {'n': 3})\nflow = Flow([first, TaskSpec(scale, {'k': [2, 3]}).requires(first)])\n"
    "results = flow.run(num_workers=2)\n"
    "print(json.dumps({'kernel': os.getpid(), 'results': results, 'states': {k: str(v) for k, v in flow.states.items()}}))",
    "G = GraphBuilder()\nnode = G.add(lambda a, b: a + b)(1, 2)\nprint(node.get())\nG.view()",
]


@pytest.mark.timeout(120)
def test_cell_defined_tasks_run_in_worker_processes_and_views_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in CELLS])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    client = NotebookClient(
        notebook, timeout=90, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    report = json.loads(notebook.cells[2].outputs[0]["text"])
    values = {
        name: result["values"] if isinstance(result, dict) else result
        for name, result in report["results"].items()
    }
    assert values == {"load": [0, 1, 2], "scale[0]": [0, 2, 4], "scale[1]": [0, 3, 6]}
    assert report["kernel"] not in {
        report["results"]["scale[0]"]["pid"],
        report["results"]["scale[1]"]["pid"],
    }
    assert set(report["states"].values()) == {"finished"}
    view_outputs = notebook.cells[3].outputs
    assert view_outputs[0]["text"].strip() == "3"
    rich = view_outputs[1]["data"]
    assert rich["image/svg+xml"].startswith("<svg")
    assert '<div class="lineage-ext-runtime-graph"' in rich["text/html"]
