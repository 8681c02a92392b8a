"""The execution count the tracer records is the one the notebook shows (`In [n]`), whatever IPython version."""

from __future__ import annotations

from IPython.core.interactiveshell import InteractiveShell

from lineage_ext.kernel import extension


def test_recorded_count_is_the_cells_own(notebook):
    result = notebook.shell.run_cell("a = 1\nb = a + 1", store_history=True, cell_id="c1")
    cell = notebook.graph.cells[-1]
    assert cell.execution_count == result.execution_count
    statements = [n for n in notebook.graph.nodes if n.kind == "statement" and n.run == cell.run]
    assert {n.execution_count for n in statements} == {result.execution_count}
    assert notebook.latest("b").execution_count == result.execution_count


def test_load_ext_in_a_shell_does_not_shift_counts(ipython: InteractiveShell):
    ipython.reset(new_session=False)
    ipython.run_cell("%load_ext lineage_ext", store_history=True)
    try:
        session = extension.session_of(ipython)
        assert session is not None
        first = ipython.run_cell("x = 41", store_history=True)
        second = ipython.run_cell("y = x + 1", store_history=True)
        counts = [c.execution_count for c in session.graph().cells]
        assert counts == [first.execution_count, second.execution_count]
    finally:
        ipython.run_cell("%unload_ext lineage_ext", store_history=True)
