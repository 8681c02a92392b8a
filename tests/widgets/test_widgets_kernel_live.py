"""Live updating in a real ipykernel: the widget state the kernel sent shows cells run after the widget."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
HTML_MODEL = "HTMLModel"


def test_live_widget_follows_later_cells_in_a_real_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(source)
        for source in (
            "%load_ext lineage_ext",
            "first_value = 1",
            "from lineage_ext.widgets import visualize\nview = visualize(live=True)\nview",
            "later_value = first_value + 41",
            "view.close()",
            "after_close = 0",
        )
    ]
    client = NotebookClient(
        notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()

    assert "application/vnd.jupyter.widget-view+json" in notebook.cells[2].outputs[0]["data"]
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    drawings = [
        m["state"]["value"]
        for m in state.values()
        if m["model_name"] == HTML_MODEL and "<svg" in m["state"]["value"]
    ]
    assert len(drawings) == 1
    assert ">later_value<" in drawings[0]  # redrawn by the post_run_cell hook after the widget's own cell
    assert ">after_close<" not in drawings[0]  # closing unregistered the hook
