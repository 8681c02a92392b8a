"""LineaPy's documented API (designs/lineapy-api.txt) on lineage_ext.

Notebook cells are written as a LineaPy user writes them; only the import line differs
(``import lineapy`` -> ``import lineage_ext as lineapy``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lineage_ext as lineapy
from lineage_ext.errors import ArtifactNotFound

CELLS = [
    "import lineage_ext as lineapy",
    "n_rows = 4\nscale = 3\nrows = [i * scale for i in range(n_rows)]",
    "total = sum(rows)\nartifact = lineapy.save(total, 'total')",
    "doubled = [r * 2 for r in rows]\nlineapy.save(doubled, 'doubled')",
]


@pytest.fixture
def session(notebook):
    for cell in CELLS:
        notebook.run_cell(cell)
    return notebook


def test_save_get_and_artifact_methods(session):
    artifact = session.ns["artifact"]
    assert artifact.name == "total" and artifact.version == 1
    got = lineapy.get("total")
    assert got.get_value() == 18
    assert "total = sum(rows)" in got.get_code()
    assert lineapy.get("total", version=1).version == 1
    assert any(a.name == "doubled" for a in lineapy.artifact_store())


def test_artifact_execute_recomputes_the_value(session):
    artifact = lineapy.get("doubled")
    assert artifact.execute() == [0, 6, 12, 18]


def test_delete_missing_name_raises_value_error_and_artifact_not_found(session):
    with pytest.raises(ValueError, match="nope"):
        lineapy.delete("nope", version="all")
    with pytest.raises(ArtifactNotFound):
        lineapy.delete("nope", version="latest")
    with pytest.raises(ValueError):
        lineapy.delete("total", version=7)
    lineapy.delete("total", version="latest")
    with pytest.raises(ArtifactNotFound):
        lineapy.get("total")


def test_get_function_positional_arguments_in_documented_order(session):
    run = lineapy.get_function(["total", "doubled"], ["n_rows"], [])
    assert run() == {"total": 18, "doubled": [0, 6, 12, 18]}
    assert run(2)["total"] == 3  # input parameters positionally, in the order given
    assert run(n_rows=3)["doubled"] == [0, 6, 12]


def test_get_function_warns_for_a_parameter_only_a_reused_artifact_needs(session):
    session.run_cell("final = total + 1\nlineapy.save(final, 'final')")
    with pytest.warns(UserWarning, match="scale"):
        run = lineapy.get_function(["final"], ["scale"], ["total"])
    assert run() == {"final": 19}
    assert run(scale=100) == {"final": 19}  # a dummy: the reused value does not change


def test_get_module_definition(session):
    source = lineapy.get_module_definition(["total"], ["n_rows"])
    ast.parse(source)
    assert "n_rows = 4" not in source
    assert "total = sum(rows)" in source


def test_to_pipeline_default_output_dir_in_a_non_empty_folder(session):
    folder = session.folder
    (folder / "notes.txt").write_text("mine")
    out = lineapy.to_pipeline(["total"], framework="SCRIPT", pipeline_name="totals")
    assert Path(out) == (folder / "totals").absolute()
    assert (folder / "notes.txt").read_text() == "mine"
    assert any(p.suffix == ".py" for p in Path(out).iterdir())


def test_to_pipeline_airflow_accepts_schedule_interval(session, tmp_path):
    out = lineapy.to_pipeline(
        ["total"],
        "AIRFLOW",
        "totals_dag",
        {},
        tmp_path / "dag",
        pipeline_dag_config={"retries": 1, "schedule_interval": "@daily"},
    )
    text = "\n".join(p.read_text() for p in Path(out).glob("*.py"))
    assert "schedule='@daily'" in text


def test_options_settings_object(session, tmp_path, monkeypatch):
    # a new blob folder needs a new metadata database too: moving the blobs of a store with versions
    # away is damage the store refuses (StoreDamaged), not a setting
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "fresh-store"))
    lineapy.options.set("artifact_storage_dir", str(tmp_path / "blobs"))
    try:
        assert lineapy.options.get("artifact_storage_dir") == str(tmp_path / "blobs")
        assert lineapy.options.artifact_storage_dir == str(tmp_path / "blobs")
        with pytest.raises(ValueError, match="no_such_option"):
            lineapy.options.set("no_such_option", 1)
        saved = lineapy.save([1, 2], "in_new_blobs")
        assert saved.get_value() == [1, 2]
        assert any((tmp_path / "blobs").rglob("*"))
    finally:
        lineapy.options.set("artifact_storage_dir", None)
    assert lineapy.options.get("artifact_storage_dir") is None


def test_documented_keyword_names(session):
    assert lineapy.get(artifact_name="total", version=1).get_value() == 18
    assert lineapy.delete(artifact_name="doubled", version="all") == [1]


def test_visualize_shows_the_session_graph(session):
    widget = lineapy.visualize()
    labels = " ".join(node.label for node in widget.drawing()[0])
    assert "total" in labels
    widget.close()


def test_reload_keeps_working(session):
    lineapy.reload()
    assert lineapy.get("total").get_value() == 18
