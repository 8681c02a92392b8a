"""Notebook-like slicing cases, one per mutation and scoping rule of the tracer issue: the exact slice, and
the slice re-run in a fresh interpreter equals the saved value."""

from __future__ import annotations

import pytest


def assert_slice(notebook, variable: str, expected_code: str) -> None:
    code, verification = notebook.code_and_verification(variable)
    assert code == expected_code
    assert (verification.status, verification.reason) == ("verified", None)


def test_list_append(notebook):
    notebook.run_cell("a = [1]\nunrelated = 5")
    notebook.run_cell("a.append(2)\nprint(a)")
    assert_slice(notebook, "a", "a = [1]\na.append(2)\n")


@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_dataframe_drop_inplace(notebook):
    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})")
    notebook.run_cell("df.head()")
    notebook.run_cell("df.drop(columns=['b'], inplace=True)")
    assert_slice(
        notebook,
        "df",
        "import pandas as pd\n\ndf = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})\n"
        "df.drop(columns=['b'], inplace=True)\n",
    )


def test_dataframe_setitem_and_columns(notebook):
    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})\nother = df.copy()")
    notebook.run_cell("df['c'] = df['a'] * 2")
    notebook.run_cell("df.columns = ['x', 'y']")
    notebook.run_cell("total = int(df['y'].sum())")
    assert_slice(
        notebook,
        "total",
        "import pandas as pd\n\ndf = pd.DataFrame({'a': [1, 2]})\ndf['c'] = df['a'] * 2\n"
        "df.columns = ['x', 'y']\ntotal = int(df['y'].sum())\n",
    )


def test_subscript_and_attribute_assignment(notebook):
    notebook.run_cell("x = [0, 0]\ni = 1\nj = 0")
    notebook.run_cell("x[i] = 5")
    notebook.run_cell("class Box:\n    pass\nobj = Box()\nobj.items = x")
    notebook.run_cell("obj.size = len(obj.items)\nsize = obj.size * 2")
    code, verification = notebook.code_and_verification("size")
    assert "j = 0" not in code
    assert code.endswith("obj.items = x\nobj.size = len(obj.items)\nsize = obj.size * 2\n")
    assert verification.status == "verified", verification.reason
    assert_slice(notebook, "x", "x = [0, 0]\ni = 1\nx[i] = 5\n")


def test_augmented_assignment_through_alias(notebook):
    notebook.run_cell("a = [1]\nb = a\nn = 1")
    notebook.run_cell("b += [2]\nn += 1")
    assert_slice(notebook, "a", "a = [1]\nb = a\nb += [2]\n")


def test_augmented_assignment_on_int(notebook):
    notebook.run_cell("n = 1\nm = n")
    notebook.run_cell("n += 1")
    assert_slice(notebook, "n", "n = 1\nn += 1\n")


def test_del_and_rebind(notebook):
    notebook.run_cell("tmp = [1, 2]\nkeep = sum(tmp)")
    notebook.run_cell("del tmp")
    notebook.run_cell("tmp = [3]\nresult = keep + tmp[0]")
    assert_slice(notebook, "result", "tmp = [1, 2]\nkeep = sum(tmp)\ntmp = [3]\nresult = keep + tmp[0]\n")


def test_alias_mutation_is_kept(notebook):
    notebook.run_cell("rows = []\nview = rows")
    notebook.run_cell("view.append('x')")
    notebook.run_cell("count = len(rows)")
    assert_slice(notebook, "count", "rows = []\nview = rows\nview.append('x')\ncount = len(rows)\n")


def test_function_mutating_global_and_argument(notebook):
    notebook.run_cell("log = []\nitems = [3, 1]\nfactor = 10")
    notebook.run_cell(
        "def record(values):\n    log.append(len(values))\n    values.sort()\n    return values[0] * factor"
    )
    notebook.run_cell("first = record(items)")
    code, verification = notebook.code_and_verification("items")
    assert code == (
        "log = []\nitems = [3, 1]\nfactor = 10\n"
        "def record(values):\n    log.append(len(values))\n    values.sort()\n    return values[0] * factor\n"
        "first = record(items)\n"
    )
    assert verification.status == "verified", verification.reason
    assert_slice_verified(notebook, "log")


def assert_slice_verified(notebook, variable: str) -> None:
    _, verification = notebook.code_and_verification(variable)
    assert (verification.status, verification.reason) == ("verified", None)


def test_global_statement(notebook):
    notebook.run_cell("counter = 0\nnoise = 'x'")
    notebook.run_cell("def bump(step):\n    global counter\n    counter += step")
    notebook.run_cell("bump(2)\nbump(3)")
    assert_slice(
        notebook,
        "counter",
        "counter = 0\ndef bump(step):\n    global counter\n    counter += step\nbump(2)\nbump(3)\n",
    )


def test_model_fit(notebook):
    notebook.run_cell(
        "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression\n"
        "X, y = load_iris(return_X_y=True)"
    )
    notebook.run_cell("model = LogisticRegression(max_iter=500)\nunused = LogisticRegression()")
    notebook.run_cell("model.fit(X, y)")
    notebook.run_cell("score = model.score(X, y)")
    assert_slice(
        notebook,
        "model",
        "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression\n\n"
        "X, y = load_iris(return_X_y=True)\nmodel = LogisticRegression(max_iter=500)\nmodel.fit(X, y)\n",
    )
    assert_slice_verified(notebook, "score")


def test_rerun_cell_resolves_to_the_version_saved(notebook):
    notebook.run_cell("base = 10", cell_id="c1")
    notebook.run_cell("value = base * 2", cell_id="c2")
    saved = notebook.save("value")
    notebook.run_cell("base = 20", cell_id="c1")
    notebook.run_cell("value = base * 2", cell_id="c2")
    assert saved.get_code() == "base = 10\nvalue = base * 2\n"
    assert notebook.verify(saved).status == "verified"
    assert_slice(notebook, "value", "base = 20\nvalue = base * 2\n")


def test_out_of_order_cells(notebook):
    notebook.run_cell("x = 1", cell_id="a")
    notebook.run_cell("y = x + 1", cell_id="b")
    notebook.run_cell("x = 100", cell_id="a")
    notebook.run_cell("z = y * 3", cell_id="c")
    assert_slice(notebook, "z", "x = 1\ny = x + 1\nz = y * 3\n")


def test_file_written_then_read(notebook):
    notebook.run_cell("import pandas as pd\nraw = pd.DataFrame({'a': [1, 2, 3]})\nside = 4")
    notebook.run_cell("raw.to_csv('data.csv', index=False)")
    notebook.run_cell("loaded = pd.read_csv('data.csv')\nloaded['b'] = loaded['a'] + 1")
    notebook.run_cell("import os\nos.remove('data.csv')")
    assert_slice(
        notebook,
        "loaded",
        "import pandas as pd\n\nraw = pd.DataFrame({'a': [1, 2, 3]})\nraw.to_csv('data.csv', index=False)\n"
        "loaded = pd.read_csv('data.csv')\nloaded['b'] = loaded['a'] + 1\n",
    )


def test_file_written_with_open(notebook):
    notebook.run_cell("with open('notes.txt', 'w') as handle:\n    handle.write('hello')")
    notebook.run_cell("text = open('notes.txt').read().upper()")
    code, verification = notebook.code_and_verification("text")
    assert code.startswith("with open('notes.txt', 'w') as handle:")
    assert verification.status == "verified", verification.reason


def test_comprehension_walrus_and_loop(notebook):
    notebook.run_cell("data = [1, 2, 3, 4]\nnoise = [0]")
    notebook.run_cell("squares = [v * v for v in data if (half := v / 2) > 0]")
    notebook.run_cell("acc = 0\nfor s in squares:\n    acc += s")
    code, verification = notebook.code_and_verification("acc")
    assert "noise" not in code
    assert verification.status == "verified", verification.reason


def test_semicolon_line_is_split_into_whole_statements(notebook):
    notebook.run_cell("a = 1; b = 2; c = a + 1")
    assert_slice(notebook, "c", "a = 1\nc = a + 1\n")


def test_include_non_slice_as_comment(notebook):
    notebook.run_cell("import math\na = 2\nb = 3")
    notebook.run_cell("c = math.sqrt(a)")
    artifact = notebook.save("c")
    assert artifact.get_code(include_non_slice_as_comment=True) == (
        "import math\n\na = 2\n# b = 3\nc = math.sqrt(a)\n"
    )


def test_time_magic_becomes_its_code(notebook):
    notebook.run_cell("base = 3")
    notebook.run_cell("%time doubled = base * 2")
    assert_slice(notebook, "doubled", "base = 3\ndoubled = base * 2\n")


def test_expression_save(notebook):
    from lineage_ext import api

    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [3, 1, 2]})\nz = 1")
    notebook.ns["api"] = api
    notebook.run_cell("art = api.save(df.sort_values('a').head(2), 'top')")
    artifact = api.get("top")
    code = artifact.get_code()
    assert code == (
        "import pandas as pd\n\ndf = pd.DataFrame({'a': [3, 1, 2]})\ntop = df.sort_values('a').head(2)\n"
    )
    assert notebook.verify(artifact).status == "verified"
