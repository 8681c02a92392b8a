"""The tracer never changes what user code does: outputs, errors, tracebacks, history, magics, syntax."""

from __future__ import annotations

import builtins
import logging
import os
import re
import traceback

import pytest

from lineage_ext.kernel import extension
from lineage_ext.kernel import session as session_module
from lineage_ext.kernel.hooks import BOUNDARY_NAME

SYNTAX_CELLS = [
    "squares = [i * i for i in range(5)]\nevens = {i for i in squares if i % 2 == 0}",
    "if (n := len('abc')) > 2:\n    big = n",
    "point = (1, 2)\nmatch point:\n    case (x, 0):\n        where = 'x-axis'\n    case (0, y):\n        where = 'y-axis'\n    case (x, y):\n        where = f'{x},{y}'",
    "import functools\n@functools.lru_cache\ndef fib(k):\n    return k if k < 2 else fib(k - 1) + fib(k - 2)\nf20 = fib(20)",
    "double = lambda v: v * 2\nd = double(21)",
    "import io\nwith io.StringIO('a\\nb') as handle:\n    lines = handle.read().splitlines()",
    "try:\n    {}['missing']\nexcept KeyError as exc:\n    caught = repr(exc)\nfinally:\n    done = True",
    "total = 0\nfor i in range(10):\n    if i == 7:\n        break\n    total += i\nelse:\n    total = -1\nwhile total > 5:\n    total -= 5",
    "class Point:\n    dims = 2\n    def __init__(self, x):\n        self.x = x\np = Point(3)\npx = p.x",
    "gen = (c.upper() for c in 'ab')\nletters = list(gen)",
    "def outer():\n    value = 1\n    def inner():\n        nonlocal value\n        value += 1\n        return value\n    return inner()\nr = outer()",
    "a, *rest = [1, 2, 3]\n(b, c), d = (4, 5), 6",
    "x: int = 5\ny: list[int]",
    "import asyncio\nasync def later():\n    await asyncio.sleep(0)\n    return 7\nawaited = await later()",
    "%time timed = sum(range(10))",
    "%%capture captured\nprint('hidden')\ninside = 1",
    "!echo shell-line",
    "listing = !echo one",
    "%who_ls",
    "globals()['made_by_globals'] = 1",
    "exec('made_by_exec = 2')",
]


def _user_state(ns):
    skip = {"In", "Out", "get_ipython", "exit", "quit", "open"}
    return {
        k: re.sub(r" at 0x[0-9a-f]+", "", repr(v))
        for k, v in ns.items()
        if not k.startswith("_") and k not in skip and not callable(v) and type(v).__name__ != "module"
    }


@pytest.mark.parametrize("cell", SYNTAX_CELLS)
def test_syntax_runs_as_untraced(ipython, cell, capfd):
    ipython.reset(new_session=False)
    untraced = ipython.run_cell(cell, store_history=True)
    untraced_out = capfd.readouterr().out
    expected = _user_state(ipython.user_ns)
    ipython.reset(new_session=False)
    session = extension.load(ipython, persist=False)
    try:
        traced = ipython.run_cell(cell, store_history=True)
        traced_out = capfd.readouterr().out
        assert (traced.error_in_exec, traced.result) == (untraced.error_in_exec, untraced.result)
        assert _user_state(ipython.user_ns) == expected
        normal = re.compile(r"Out\[\d+\]:|Wall time: .*|CPU times: .*")
        assert normal.sub("", traced_out).split() == normal.sub("", untraced_out).split()
        assert session.graph().cells[-1].traced
    finally:
        extension.unload(ipython)


def test_exec_and_globals_writes_become_versions(notebook):
    notebook.run_cell("exec('made = 2')")
    assert notebook.latest("made").version == 1


def test_traceback_has_no_tracer_frames(notebook, capsys):
    notebook.run_cell("a = 1\nb = 2\ndef boom():\n    return 1 / 0\nc = boom()", expect_error=True)
    error = notebook.shell.user_ns.get("_") if False else None
    out = capsys.readouterr().out
    assert "ZeroDivisionError" in out
    assert "lineage_ext" not in out
    assert BOUNDARY_NAME not in out
    assert error is None


def test_exception_object_traceback_has_only_user_frames(ipython):
    ipython.reset(new_session=False)
    extension.load(ipython, persist=False)
    try:
        result = ipython.run_cell("x = 1\ny = [][x]", store_history=True)
        frames = traceback.extract_tb(result.error_in_exec.__traceback__)
        assert not [f for f in frames if "lineage_ext" in f.filename]
    finally:
        extension.unload(ipython)


def test_last_expression_display_and_history(notebook):
    notebook.run_cell("v = 20")
    value = notebook.run_cell("w = v + 1\nw * 2")
    assert (value, notebook.ns["_"], notebook.ns["Out"][notebook.shell.execution_count - 1]) == (42, 42, 42)


def test_failed_statement_keeps_earlier_statements(notebook):
    notebook.run_cell("done = 1\nraise ValueError('x')\nnever = 2", expect_error=True)
    graph = notebook.graph
    assert [n.source for n in graph.nodes_of_kind("statement")] == ["done = 1", "raise ValueError('x')"]
    assert graph.nodes_of_kind("statement")[-1].error
    assert "never" not in notebook.ns


def test_keyboard_interrupt_passes_through(notebook):
    result = notebook.shell.run_cell("a = 1\nraise KeyboardInterrupt", store_history=True)
    assert isinstance(result.error_in_exec, KeyboardInterrupt)


def test_internal_error_marks_cell_untraced_and_logs_once(notebook, monkeypatch, caplog):
    def broken(statement):
        raise RuntimeError("tracer bug")

    monkeypatch.setattr(session_module, "analyze", broken)
    with caplog.at_level(logging.WARNING, logger="lineage_ext"):
        notebook.run_cell("a = [1]\na.append(2)")
        notebook.run_cell("b = 3")
    assert notebook.ns["a"] == [1, 2]
    assert notebook.ns["b"] == 3
    assert [c.traced for c in notebook.graph.cells] == [False, False]
    assert len([r for r in caplog.records if "tracing failed" in r.message]) == 1


def test_rerun_cell_supersedes_old_statements(notebook):
    notebook.run_cell("x = 1", cell_id="c1")
    notebook.run_cell("x = 2", cell_id="c1")
    statements = notebook.graph.nodes_of_kind("statement")
    assert [(s.source, s.superseded) for s in statements] == [("x = 1", True), ("x = 2", False)]


def test_out_of_order_execution_resolves_latest_versions(notebook):
    notebook.run_cell("a = 1", cell_id="one")
    notebook.run_cell("b = a + 1", cell_id="two")
    notebook.run_cell("a = 10", cell_id="one")
    notebook.run_cell("b = a + 1", cell_id="two")
    assert notebook.upstream_sources("b") == ["a = 10", "b = a + 1"]


def test_cells_record_order_and_execution_count(notebook):
    notebook.run_cell("a = 1", cell_id="c1")
    notebook.run_cell("b = 2", cell_id="c2")
    cells = notebook.graph.cells
    assert [(c.cell_id, c.order, c.source) for c in cells] == [("c1", 0, "a = 1"), ("c2", 1, "b = 2")]
    assert cells[1].execution_count == cells[0].execution_count + 1


def test_statement_nodes_carry_location(notebook):
    notebook.run_cell("a = 1\nb = [a,\n     2]", cell_id="cell-x")
    node = notebook.graph.defining_statement(notebook.latest("b").id)
    assert (node.cell_id, node.line, node.source) == ("cell-x", 2, "b = [a,\n     2]")


def test_variable_preview_is_cheap_summary(notebook):
    notebook.run_cell("import numpy as np\narr = np.zeros((3, 4))\nitems = [1, 2]")
    assert (notebook.latest("arr").preview, notebook.latest("items").preview) == (
        "ndarray (3, 4)",
        "list len=2",
    )


def test_imports_record_package_version(notebook):
    import numpy

    notebook.run_cell("import numpy as np\nfrom os import path")
    imports = {n.module: (n.package, n.package_version) for n in notebook.graph.nodes_of_kind("import")}
    assert imports["numpy"] == ("numpy", numpy.__version__)
    assert imports["os"][0] == "python"


def test_files_link_writer_and_reader(notebook, tmp_path):
    notebook.run_cell(f"import os\nos.chdir({str(tmp_path)!r})")
    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})")
    notebook.run_cell("df.to_csv('a.csv', index=False)")
    notebook.run_cell("back = pd.read_csv('a.csv')")
    assert "df.to_csv('a.csv', index=False)" in notebook.upstream_sources("back")
    files = notebook.graph.nodes_of_kind("file")
    assert len(files) == 1
    assert files[0].path == os.path.join(str(tmp_path), "a.csv")
    assert len(files[0].content_hash) == 64


def test_plain_open_is_seen_by_audit_hook(notebook, tmp_path):
    target = tmp_path / "notes.txt"
    notebook.run_cell(f"with open({str(target)!r}, 'w') as fh:\n    fh.write('hi')")
    notebook.run_cell(f"text = open({str(target)!r}).read()")
    assert notebook.upstream_sources("text")[0].startswith("with open(")


def test_rewritten_file_gets_new_version(notebook, tmp_path):
    target = str(tmp_path / "n.txt")
    notebook.run_cell(f"open({target!r}, 'w').write('1')")
    notebook.run_cell(f"open({target!r}, 'w').write('2')")
    assert [n.id.rsplit("#", 1)[1] for n in notebook.graph.nodes_of_kind("file")] == ["1", "2"]


@pytest.mark.parametrize("mode", ["a", "r+", "a+"])
def test_appending_to_a_file_builds_on_its_previous_version(notebook, tmp_path, mode):
    target = str(tmp_path / "log.txt")
    notebook.run_cell(f"first = 'start'\nopen({target!r}, 'w').write(first)")
    notebook.run_cell(f"more = 'more'\nwith open({target!r}, {mode!r}) as fh:\n    fh.write(more)")
    notebook.run_cell(f"text = open({target!r}).read()")
    sources = notebook.upstream_sources("text")
    assert any(s.startswith("first = 'start'") for s in sources), sources
    assert any(s.startswith("more = 'more'") for s in sources), sources
    versions = [n.id.rsplit("#", 1)[1] for n in notebook.graph.nodes_of_kind("file")]
    assert versions == ["1", "2"]


def test_os_open_flags_tell_appends_from_rewrites(notebook, tmp_path):
    target = str(tmp_path / "raw.bin")
    notebook.run_cell(f"import os\nbase = b'x'\nopen({target!r}, 'wb').write(base)")
    notebook.run_cell(
        f"fd = os.open({target!r}, os.O_WRONLY | os.O_APPEND)\nos.write(fd, b'y')\nos.close(fd)"
    )
    notebook.run_cell(f"fd = os.open({target!r}, os.O_WRONLY | os.O_TRUNC)\nos.write(fd, b'z')\nos.close(fd)")
    graph = notebook.graph
    appended, rewritten = graph.nodes_of_kind("file")[1:]
    assert [p.kind for p in graph.predecessors(graph.defining_statement(appended.id).id) if p.kind == "file"]
    assert not [p for p in graph.predecessors(graph.defining_statement(rewritten.id).id) if p.kind == "file"]


def test_load_twice_is_harmless_and_unload_restores(ipython):
    ipython.reset(new_session=False)
    transformers = list(ipython.ast_transformers)
    pre = list(ipython.events.callbacks["pre_run_cell"])
    first = extension.load(ipython, persist=False)
    assert extension.load(ipython, persist=False) is first
    ipython.run_cell("a = 1\nb = 2")
    extension.unload(ipython)
    extension.unload(ipython)
    assert ipython.ast_transformers == transformers
    assert ipython.events.callbacks["pre_run_cell"] == pre
    assert not hasattr(builtins, BOUNDARY_NAME)
    assert ipython.run_cell("c = 3\nd = 4").error_in_exec is None


def test_load_via_magic(ipython):
    ipython.reset(new_session=False)
    ipython.run_line_magic("load_ext", "lineage_ext")
    try:
        ipython.run_cell("z = 1")
        from lineage_ext import graph

        assert graph().latest_version("z").version == 1
    finally:
        ipython.run_line_magic("unload_ext", "lineage_ext")


def test_graph_without_tracer_is_a_clear_error(ipython):
    from lineage_ext.errors import TracerError
    from lineage_ext.kernel.current import current_session, graph

    assert current_session() is None
    with pytest.raises(TracerError, match="load_ext lineage_ext"):
        graph()


def test_revision_grows_only_when_graph_changes(notebook):
    notebook.run_cell("a = 1")
    first = notebook.graph.revision
    notebook.run_cell("b = a")
    second = notebook.graph.revision
    assert first < second
    assert notebook.graph.revision == second


@pytest.mark.parametrize("mode", ["all", "last_expr_or_assign", "none"])
def test_display_modes_unchanged(ipython, capsys, mode):
    previous = ipython.ast_node_interactivity
    outputs = []
    try:
        for traced in (False, True):
            ipython.reset(new_session=False)
            ipython.ast_node_interactivity = mode
            if traced:
                extension.load(ipython, persist=False)
            ipython.run_cell("a = 1\na + 1\nb = a + 2", store_history=True)
            outputs.append(re.sub(r"Out\[\d+\]", "", capsys.readouterr().out))
            if traced:
                extension.unload(ipython)
    finally:
        ipython.ast_node_interactivity = previous
    assert outputs[0] == outputs[1]
