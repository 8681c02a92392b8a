"""The public API (save/get/delete/artifact_store/Query) outside a traced kernel, as scripts use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import make_capture

import lineage_ext
from lineage_ext import api
from lineage_ext.errors import (
    ArtifactNotFound,
    CodeNotCaptured,
    InvalidArtifactName,
    SliceError,
)
from lineage_ext.store import open_store
from lineage_ext.store.current import current_store


def test_save_and_get_outside_a_session(store_dir: Path) -> None:
    saved = lineage_ext.save({"alpha": 0.5}, "params")
    assert (saved.name, saved.version) == ("params", 1)
    again = lineage_ext.save({"alpha": 0.7}, "params")
    assert again.version == 2
    latest = lineage_ext.get("params")
    assert latest.version == 2
    assert latest.get_value() == {"alpha": 0.7}
    assert lineage_ext.get("params", 1).get_value() == {"alpha": 0.5}
    assert latest.metadata["type"] == "dict"
    assert latest.metadata["code_captured"] is False
    assert latest.lineage.inputs == ()
    with pytest.raises(CodeNotCaptured, match="outside a traced session"):
        latest.get_code()
    with pytest.raises(CodeNotCaptured):
        latest.get_session_code()
    assert repr(latest).startswith("Artifact(name='params', version=2, type=dict")
    assert "<strong>Artifact params</strong>" in latest._repr_html_()
    assert (store_dir / "metadata.sqlite").is_file()


def test_code_of_a_captured_artifact(store_dir: Path) -> None:
    open_store(str(store_dir)).save_value([1, 2], "captured", capture=make_capture("captured"))
    artifact = lineage_ext.get("captured")
    assert artifact.get_session_code() == "captured = compute()\n"
    assert artifact.get_graph_snapshot() is not None
    try:  # the slicer runs on this hand-made graph; it may refuse it, but never as "not available"
        code = artifact.get_code()
    except SliceError as exc:
        code = str(exc)
    assert "not available" not in code


def test_bad_names_are_refused_before_anything_is_written(store_dir: Path) -> None:
    with pytest.raises(InvalidArtifactName):
        lineage_ext.save(1, "a/b")
    assert not store_dir.exists()


def test_delete_and_listing(store_dir: Path) -> None:
    for value in range(3):
        lineage_ext.save(value, "steps")
    lineage_ext.save("x", "other")
    assert lineage_ext.delete("steps", "latest") == [3]
    catalog = lineage_ext.artifact_store()
    assert [(a.name, a.version) for a in catalog] == [("other", 1), ("steps", 2), ("steps", 1)]
    text = str(catalog).splitlines()
    assert text[0].split() == ["name", "version", "created", "(UTC)", "type", "size", "code", "verification"]
    assert text[2].split()[:2] == ["other", "1"]
    assert len(text) == 5
    assert catalog._repr_html_().count("<tr>") == 4
    assert lineage_ext.delete("steps", "all") == [1, 2]
    with pytest.raises(ArtifactNotFound):
        lineage_ext.get("steps")


def test_query_builder(store_dir: Path) -> None:
    store = open_store(str(store_dir))
    store.save_value(1, "raw")
    store.save_value(2, "features", capture=make_capture("features", inputs=[("raw", 1)]))
    store.save_value(
        3, "model", capture=make_capture("model", inputs=[("features", 1)], files=[("a.csv", "0" * 64)])
    )
    query = lineage_ext.Query().with_input_artifact("raw")
    assert [a.name for a in query.all()] == ["features"]
    assert [a.name for a in query.with_output_artifact("model", 1)] == ["features"]
    assert [a.name for a in query.with_output_artifact("model", 2)] == []
    assert [i.name for i in lineage_ext.Query().with_output_artifact("features").infos()] == ["raw"]
    assert [i.name for i in lineage_ext.Query().with_input_file("a.csv").infos()] == ["model"]
    assert [a.name for a in query] == ["features"]  # the narrowed copies left the original unchanged


def test_api_uses_the_store_the_environment_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "one"))
    lineage_ext.save(1, "where")
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "two"))
    with pytest.raises(ArtifactNotFound):
        api.get("where")


def test_one_store_per_location_shared_by_every_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "shared"))
    first = current_store()
    assert current_store() is first
    assert lineage_ext.save(1, "shared").store is first  # the API, task_io and the slicer use the same one
    api.reload()  # forgets the opened stores: the next call opens the location again
    assert current_store() is not first
    assert current_store().info("shared").version == 1


def test_plain_python_script_saves_without_heavy_imports(store_dir: Path) -> None:
    script = (
        "import sys, lineage_ext\n"
        "a = lineage_ext.save({'k': 1}, 'from_script')\n"
        "heavy = [m for m in ('pandas', 'numpy', 'pyarrow', 'sklearn', 'IPython') if m in sys.modules]\n"
        "print(a.version, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=store_dir.parent
    )
    assert result.stdout.strip() == "1 []"
    assert open_store(str(store_dir)).load_value("from_script") == {"k": 1}
