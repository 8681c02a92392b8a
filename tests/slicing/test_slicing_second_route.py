"""Issue 14, class 1: an object reached through a method result, a container or another object, then
changed. The slice of the owner must contain the change; each case re-runs the slice and compares."""

from __future__ import annotations


def test_setdefault_result_changed_then_owner_saved(notebook):
    notebook.run_cell("settings = {'name': 'run'}\nunrelated = {'x': 1}")
    notebook.run_cell("cfg = settings.setdefault('opt', {})")
    notebook.run_cell("cfg['lr'] = 3")
    code = notebook.verified_code("settings", "cfg['lr'] = 3")
    assert "unrelated" not in code


def test_get_result_updated_then_owner_saved(notebook):
    notebook.run_cell("settings = {'opt': {'lr': 1}}")
    notebook.run_cell("inner = settings.get('opt')")
    notebook.run_cell("inner.update(lr=5, momentum=0.9)")
    notebook.verified_code("settings", "inner.update(lr=5, momentum=0.9)")


def test_figure_changed_through_its_axes(notebook):
    notebook.run_cell("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt")
    notebook.run_cell("fig, ax = plt.subplots(figsize=(3, 2))")
    notebook.run_cell("ax.plot([1, 2, 3], [3, 1, 2])")
    notebook.run_cell("ax.set_xlabel('t')")
    notebook.verified_code("fig", "ax.plot([1, 2, 3], [3, 1, 2])", "ax.set_xlabel('t')")


def test_figure_changed_through_an_axes_taken_from_it(notebook):
    notebook.run_cell("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt")
    notebook.run_cell("fig = plt.figure(figsize=(3, 2))\npanel = fig.add_subplot(1, 1, 1)")
    notebook.run_cell("panel.bar(['a', 'b'], [2, 5])")
    notebook.verified_code("fig", "panel.bar(['a', 'b'], [2, 5])")


def test_rows_changed_in_a_loop_over_enumerate(notebook):
    notebook.run_cell("table = [[1], [2], [3]]")
    notebook.run_cell("for i, row in enumerate(table):\n    row.append(i * 10)")
    notebook.verified_code("table", "row.append(i * 10)")


def test_rows_changed_in_a_loop_over_dict_items(notebook):
    notebook.run_cell("groups = {'a': [3, 1, 2], 'b': [9, 7]}")
    notebook.run_cell("for key, values in groups.items():\n    values.sort()")
    notebook.verified_code("groups", "values.sort()")


def test_rows_sorted_inside_a_list_comprehension(notebook):
    notebook.run_cell("rows = [[3, 1], [2, 0]]\nr = [5, 4]")
    notebook.run_cell("[r.sort() for r in rows]")
    code = notebook.verified_code("rows", "[r.sort() for r in rows]")
    assert "r = [5, 4]" not in code


def test_records_changed_in_a_comprehension_over_enumerate(notebook):
    notebook.run_cell("records = [{'v': 1}, {'v': 2}]")
    notebook.run_cell("_ = [rec.update(rank=i) for i, rec in enumerate(records)]")
    notebook.verified_code("records", "rec.update(rank=i)")


def test_collector_stores_into_the_list_it_holds(notebook):
    notebook.run_cell(
        "class Collector:\n    def __init__(self, sink):\n        self.sink = sink\n"
        "    def add(self, item):\n        self.sink.append(item)"
    )
    notebook.run_cell("results = []\ncol = Collector(results)")
    notebook.run_cell("col.add(1)\ncol.add(2)")
    notebook.verified_code("results", "col.add(1)", "col.add(2)")


def test_logger_object_fills_a_dict_it_holds(notebook):
    notebook.run_cell(
        "class Logger:\n    def __init__(self):\n        self.records = {}\n"
        "    def log(self, key, value):\n        self.records.setdefault(key, []).append(value)"
    )
    notebook.run_cell("logger = Logger()\nrecords = logger.records")
    notebook.run_cell("logger.log('loss', 0.5)\nlogger.log('loss', 0.25)")
    notebook.verified_code("records", "logger.log('loss', 0.5)", "logger.log('loss', 0.25)")


def test_nested_container_changed_through_inner_name(notebook):
    notebook.run_cell("state = {'history': {'loss': []}}")
    notebook.run_cell("losses = state['history']['loss']")
    notebook.run_cell("losses.extend([0.3, 0.2])")
    notebook.verified_code("state", "losses.extend([0.3, 0.2])")


def test_pandas_plot_draws_on_the_axes_it_is_given(notebook):
    notebook.run_cell(
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nimport pandas as pd"
    )
    notebook.run_cell("frame = pd.DataFrame({'v': [1, 4, 2]})\nfig, ax = plt.subplots(figsize=(3, 2))")
    notebook.run_cell("frame.plot(ax=ax)")
    notebook.verified_code("fig", "frame.plot(ax=ax)")


def test_items_changed_in_a_nested_comprehension(notebook):
    notebook.run_cell("grid = [[[1], [2]], [[3]]]")
    notebook.run_cell("_ = [cell.append(0) for row in grid for cell in row]")
    notebook.verified_code("grid", "cell.append(0)")
