"""Capture, artifacts and session persistence: the contracts the store and the api build on."""

from __future__ import annotations

import pytest

from lineage_ext.errors import TracerError
from lineage_ext.ir import Graph
from lineage_ext.kernel import extension


def test_capture_finds_variable_by_identity(notebook, tmp_path):
    data = tmp_path / "in.txt"
    data.write_text("1,2,3")
    notebook.run_cell("import numpy as np")
    notebook.run_cell(f"raw = open({str(data)!r}).read()")
    notebook.run_cell("values = np.array([int(v) for v in raw.split(',')])\nresult = values * 2")
    capture = notebook.session.capture(notebook.ns["result"], "doubled")
    assert capture.target_node_id == notebook.latest("result").id
    assert capture.variable_name == "result"
    assert capture.input_files[0][0] == str(data)
    assert len(capture.input_files[0][1]) == 64
    assert capture.packages["numpy"] == __import__("numpy").__version__
    assert "result = values * 2" in capture.session_code
    assert Graph.from_json(capture.graph_json).node(capture.target_node_id).name == "result"


def test_capture_prefers_the_given_name_among_aliases(notebook):
    notebook.run_cell("a = [1]\nb = a")
    assert notebook.session.capture(notebook.ns["a"], "a").variable_name == "a"


def test_capture_unknown_value_outside_a_cell_is_an_error(notebook):
    with pytest.raises(TracerError, match="no variable"):
        notebook.session.capture(object(), "ghost")


def test_capture_of_an_expression_points_at_the_running_statement(notebook):
    notebook.ns["capture_it"] = lambda value: notebook.session.capture(value, "expr")
    notebook.run_cell("base = [1, 2]")
    notebook.run_cell("cap = capture_it(base + [3])")
    capture = notebook.ns["cap"]
    assert capture.target_node_id.startswith("stmt:")
    upstream = Graph.from_json(capture.graph_json).upstream([capture.target_node_id])
    assert "base = [1, 2]" in [n.source for n in upstream]


def test_record_artifact_and_load_flow_into_inputs(notebook):
    notebook.run_cell("model_params = {'depth': 3}")
    session = notebook.session
    capture = session.capture(notebook.ns["model_params"], "params")
    session.record_artifact("params", 1, capture.target_node_id)
    notebook.ns["load_params"] = lambda: (
        session.record_artifact_load(notebook.ns["model_params"], "params", 1)
        or dict(notebook.ns["model_params"])
    )
    notebook.run_cell("loaded = load_params()\nscore = loaded['depth'] * 2")
    later = session.capture(notebook.ns["score"], "score")
    graph = notebook.graph
    artifact = graph.node("artifact:params:1")
    assert (artifact.kind, later.input_artifacts) == ("artifact", [("params", 1)])
    assert [e.kind for e in graph.in_edges(artifact.id)] == ["saves"]


def test_session_persists_to_store(ipython, tmp_path, monkeypatch):
    from lineage_ext.store import open_store

    store_dir = tmp_path / "store"
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(store_dir))
    monkeypatch.setenv("JPY_SESSION_NAME", "analysis/demo.ipynb")
    ipython.reset(new_session=False)
    session = extension.load(ipython, persist=True)
    try:
        ipython.run_cell("a = [1]")
        ipython.run_cell("a.append(2)")
        writer = extension.writer_of(ipython)
        assert writer is not None
        assert writer.flush(10)
    finally:
        extension.unload(ipython)
    store = open_store(str(store_dir))
    try:
        record = store.latest_session(notebook_path="analysis/demo.ipynb")
    finally:
        store.close()
    assert record is not None
    assert record.session_id == session.session_id
    assert record.revision == session.graph().revision
    assert Graph.from_json(record.graph_json).latest_version("a").version == 2


def test_unwritable_store_never_breaks_cells(ipython, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(blocker / "store"))
    ipython.reset(new_session=False)
    extension.load(ipython, persist=True)
    try:
        result = ipython.run_cell("a = 1\nb = a + 1")
        extension.writer_of(ipython).flush(10)
        assert result.error_in_exec is None
        assert ipython.user_ns["b"] == 2
    finally:
        extension.unload(ipython)


def test_saving_an_artifact_records_no_store_files(ipython, tmp_path, monkeypatch):
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "store"))
    ipython.reset(new_session=False)
    extension.load(ipython, persist=False)
    try:
        ipython.run_cell("import lineage_ext\nrows = [1, 2]\nlineage_ext.save(rows, 'rows')")
        ipython.run_cell(f"open({str(tmp_path / 'mine.txt')!r}, 'w').write('x')")
        graph = extension.session_of(ipython).graph()
    finally:
        extension.unload(ipython)
    assert [node.path for node in graph.nodes_of_kind("file")] == [str(tmp_path / "mine.txt")]
    assert graph.node("artifact:rows:1").kind == "artifact"
