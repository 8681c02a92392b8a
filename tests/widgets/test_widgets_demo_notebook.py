"""The demo notebook (examples/demo.ipynb) executed in a real kernel, traced, on a temporary store."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from lineage_ext.slicing.verify import verify_artifact
from lineage_ext.store import open_store

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo.ipynb"


@pytest.fixture
def executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[nbformat.NotebookNode, Path]:
    work = tmp_path / "examples"
    work.mkdir()
    shutil.copy(DEMO, work / "demo.ipynb")
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("JPY_SESSION_NAME", str(work / "demo.ipynb"))  # what Jupyter server sets
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    notebook = nbformat.read(work / "demo.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(work)}},
    )
    client.execute()
    return notebook, tmp_path


def errors(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def test_demo_runs_traced_and_its_artifacts_are_in_the_store(
    executed: tuple[nbformat.NotebookNode, Path],
) -> None:
    notebook, tmp_path = executed
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in code_cells:
        failures = errors(cell)
        assert not failures, (
            f"demo cell failed: {cell.source[:60]!r}: {failures[0].evalue if failures else ''}"
        )

    store = open_store(str(tmp_path / "store"))
    infos = {info.name: info for info in store.list_artifacts()}
    assert set(infos) >= {"clean_wine", "wine_model", "wine_metrics"}
    assert all(infos[name].code_captured for name in ("clean_wine", "wine_model", "wine_metrics"))
    assert infos["wine_model"].notebook_path == str(tmp_path / "examples" / "demo.ipynb")

    metrics_cell = next(cell for cell in code_cells if cell.source.rstrip().endswith("\nmetrics"))
    shown = ast.literal_eval(metrics_cell.outputs[0]["data"]["text/plain"])
    assert store.load_value("wine_metrics") == shown
    assert 0.8 <= shown["accuracy"] <= 1.0

    graph_cell = next(cell for cell in code_cells if cell.source.rstrip().endswith("visualize()"))
    bundle = graph_cell.outputs[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    svg = bundle["image/svg+xml"]  # the static fallback nbconvert and GitHub show
    for label in ("raw", "df", "clean", "model", "metrics", "wine_clean.csv", "wine_model v1"):
        assert f">{label}" in svg, label
    code_cell = next(cell for cell in code_cells if "get_code()" in cell.source)
    minimal_code = code_cell.outputs[0]["text"]
    assert "f1_score(" in minimal_code
    assert "describe()" not in minimal_code  # a statement that does not contribute is dropped
    assert any((tmp_path / "examples" / "wine_pipeline").iterdir())

    # every saved artifact's slice re-runs in a fresh interpreter and reproduces the saved value
    for name in ("clean_wine", "wine_model", "wine_metrics"):
        verdict = verify_artifact(
            store, name, infos[name].version, store_uri=str(tmp_path / "store"), cwd=tmp_path / "examples"
        )
        assert verdict.status == "verified", (name, verdict.reason)
