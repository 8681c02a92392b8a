"""Issue 14, class 6: re-used names (file handles, loop variables, `_`) pull no unrelated statements into
a slice, and a function that rebinds its parameter before changing it leaves the caller's object alone."""

from __future__ import annotations


def test_reused_file_handle_name(notebook):
    (notebook.folder / "a.txt").write_text("alpha")
    (notebook.folder / "b.txt").write_text("beta")
    notebook.run_cell("with open('a.txt') as fh:\n    first = fh.read()")
    notebook.run_cell("with open('b.txt') as fh:\n    second = fh.read().upper()")
    code = notebook.verified_code("second")
    assert code == "with open('b.txt') as fh:\n    second = fh.read().upper()\n"


def test_reused_loop_variable(notebook):
    notebook.run_cell("noise = []\nfor i in range(3):\n    noise.append(i)")
    notebook.run_cell("squares = []\nfor i in range(4):\n    squares.append(i * i)")
    code = notebook.verified_code("squares")
    assert code == "squares = []\nfor i in range(4):\n    squares.append(i * i)\n"


def test_underscore_loop_variable_at_top_level(notebook):
    notebook.run_cell("1 + 1")  # IPython binds `_` to this output
    notebook.run_cell("hits = []\nfor _ in range(3):\n    hits.append('x')")
    code = notebook.verified_code("hits")
    assert code == "hits = []\nfor _ in range(3):\n    hits.append('x')\n"


def test_underscore_reused_for_throwaway_results(notebook):
    notebook.run_cell("junk = [5, 6]\n_ = junk.copy()")
    notebook.run_cell("vals = [1, 2]\n_, last = vals")
    code = notebook.verified_code("last")
    assert "junk" not in code


def test_variable_bound_earlier_in_the_same_loop_body(notebook):
    notebook.run_cell("row = ['stale']\nunused = row")
    notebook.run_cell(
        "table = []\nfor k in range(2):\n    row = [k]\n    row.append(k + 1)\n    table.append(row)"
    )
    code = notebook.verified_code("table")
    assert "stale" not in code


def test_function_rebinding_its_parameter_does_not_mutate_the_caller(notebook):
    notebook.run_cell("import pandas as pd\nframe = pd.DataFrame({'a': [1, 2]})")
    notebook.run_cell("def add_x(frame):\n    frame = frame.copy()\n    frame['x'] = 1\n    return frame")
    notebook.run_cell("out = add_x(frame)")
    notebook.run_cell("width = frame.shape[1]")
    assert notebook.ns["width"] == 1
    code = notebook.verified_code("width")
    assert "add_x" not in code
    assert "out =" not in code
    graph = notebook.graph
    assert len(graph.variable_versions("frame")) == 1


def test_function_mutating_before_rebinding_still_mutates(notebook):
    notebook.run_cell("items = [3, 1, 2]")
    notebook.run_cell(
        "def f(items):\n    items.sort()\n    items = list(items)\n    items.append(9)\n    return items"
    )
    notebook.run_cell("res = f(items)")
    assert notebook.ns["items"] == [1, 2, 3]
    assert "res = f(items)" in notebook.verified_code("items")
