"""Call traces finished inside traced cells become `trace` nodes linked from the statement that ran them."""

from __future__ import annotations

from lineage_ext.kernel import extension
from lineage_ext.store import open_store
from lineage_ext.trace.hooks import get_result_listener

DEFINE = """
import lineage_ext

@lineage_ext.trace_func(stage_name="clean")
def clean(rows):
    return [r for r in rows if r]

@lineage_ext.trace_func(stage_name="score")
def score(rows):
    return sum(rows)
"""


def test_a_trace_context_in_a_cell_becomes_a_trace_node(notebook) -> None:
    notebook.run_cell(DEFINE)
    notebook.run_cell(
        "rows = [0, 1, 2]\nwith lineage_ext.TraceContext() as trace:\n    total = score(clean(rows))"
    )
    graph = notebook.graph
    [node] = graph.nodes_of_kind("trace")
    result = notebook.ns["trace"]
    assert node.id == f"trace:{result.trace_id}"
    assert node.trace_id == result.trace_id
    assert node.trace_calls == 2
    assert node.duration_ns == result.duration_ns
    assert node.label == "trace: clean → score · 2 calls"
    [statement] = graph.predecessors(node.id)
    assert statement.kind == "statement"
    assert statement.source.startswith("with lineage_ext.TraceContext()")
    assert [e.kind for e in graph.in_edges(node.id)] == ["traces"]
    # the with-statement still records what it read and wrote
    assert notebook.latest("total").id in {n.id for n in graph.successors(statement.id)}
    assert notebook.ns["total"] == 3


def test_a_failing_traced_block_still_links_its_trace_and_the_error_reaches_the_user(notebook) -> None:
    notebook.run_cell(DEFINE)
    result = notebook.shell.run_cell(
        "with lineage_ext.TraceContext() as broken:\n    score(['a', 1])", store_history=True
    )
    assert isinstance(result.error_in_exec, TypeError)
    [node] = notebook.graph.nodes_of_kind("trace")
    [statement] = notebook.graph.predecessors(node.id)
    assert statement.error
    assert notebook.ns["broken"]["score"][0].exception is not None


def test_traces_outside_cells_or_threads_are_left_out_and_unload_restores_the_listener(ipython) -> None:
    ipython.reset(new_session=False)
    before = get_result_listener()
    session = extension.load(ipython, persist=False)
    try:
        assert get_result_listener() is not before
        ipython.run_cell(DEFINE)
        cell = (
            "import threading\n"
            "def work():\n"
            "    with lineage_ext.TraceContext():\n"
            "        clean([1])\n"
            "t = threading.Thread(target=work)\n"
            "t.start(); t.join()"
        )
        assert ipython.run_cell(cell).error_in_exec is None
        assert session.graph().nodes_of_kind("trace") == []
    finally:
        extension.unload(ipython)
    assert get_result_listener() is before


def test_the_whole_trace_is_stored_for_the_panel(ipython, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(tmp_path / "store"))
    ipython.reset(new_session=False)
    session = extension.load(ipython, persist=True)
    try:
        ipython.run_cell(DEFINE)
        ipython.run_cell("with lineage_ext.TraceContext(limit=1) as t:\n    clean([1, 0]); clean([2])")
        assert extension.writer_of(ipython).flush(10)
    finally:
        extension.unload(ipython)
    trace_id = ipython.user_ns["t"].trace_id
    store = open_store(str(tmp_path / "store"))
    try:
        stored = store.get_trace(trace_id)
        graph = store.get_session(session.session_id).graph_json
    finally:
        store.close()
    assert stored.session_id == session.session_id
    assert stored.trace_json["stages"][0]["name"] == "clean"
    assert stored.trace_json["dropped_calls"] == 1  # limit=1: the second call was counted, not kept
    assert any(n["kind"] == "trace" and n["trace_id"] == trace_id for n in graph["nodes"])
