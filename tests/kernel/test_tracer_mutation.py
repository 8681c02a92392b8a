"""Notebook-like tests: every mutation rule of the tracer issue, one assertion on the graph each."""

from __future__ import annotations

import pytest


def test_list_append_mutates(notebook):
    notebook.run_cell("a = [1]")
    notebook.run_cell("a.append(2)")
    assert notebook.producer_source("a") == "a.append(2)"


def test_mutation_edge_kind_and_old_version_read(notebook):
    notebook.run_cell("a = [1]")
    notebook.run_cell("a.append(2)")
    graph = notebook.graph
    latest = notebook.latest("a")
    statement = graph.defining_statement(latest.id)
    assert [e.kind for e in graph.in_edges(latest.id)] == ["mutates"]
    assert [n.id for n in graph.predecessors(statement.id)] == ["var:a:1"]


def test_pure_calls_do_not_create_versions(notebook):
    notebook.run_cell("a = [3, 1]")
    notebook.run_cell("n = len(a)\nprint(a)\ns = sorted(a)\nisinstance(a, list)\na.count(1)\na.copy()")
    assert notebook.latest("a").version == 1


@pytest.mark.filterwarnings(
    "ignore:The inplace keyword"
)  # pandas 3.1 deprecates inplace; users still write it
def test_dataframe_drop_inplace_mutates(notebook):
    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})")
    notebook.run_cell("df.drop(columns=['b'], inplace=True)")
    assert notebook.producer_source("df") == "df.drop(columns=['b'], inplace=True)"


def test_dataframe_drop_without_inplace_is_pure(notebook):
    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2], 'b': [3, 4]})")
    notebook.run_cell("small = df.drop(columns=['b'])\ndf.head()\ndf.describe()")
    assert notebook.latest("df").version == 1


def test_dataframe_setitem_mutates(notebook):
    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})")
    notebook.run_cell("df['c'] = df['a'] * 2")
    assert notebook.producer_source("df") == "df['c'] = df['a'] * 2"


def test_columns_assignment_mutates(notebook):
    notebook.run_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, 2]})")
    notebook.run_cell("df.columns = ['x']")
    notebook.run_cell("total = df['x'].sum()")
    assert "df.columns = ['x']" in notebook.upstream_sources("total")


def test_subscript_assignment_mutates(notebook):
    notebook.run_cell("x = [0, 0]")
    notebook.run_cell("i = 1\nx[i] = 5")
    assert notebook.producer_source("x") == "x[i] = 5"


def test_attribute_assignment_mutates(notebook):
    notebook.run_cell("class Box:\n    pass\nobj = Box()")
    notebook.run_cell("obj.attr = 3")
    assert notebook.producer_source("obj") == "obj.attr = 3"


def test_augmented_assignment_in_place_mutates_alias(notebook):
    notebook.run_cell("a = [1]\nb = a")
    notebook.run_cell("b += [2]")
    assert notebook.producer_source("a") == "b += [2]"


def test_augmented_assignment_on_int_rebinds_only_that_name(notebook):
    notebook.run_cell("n = 1\nm = n")
    notebook.run_cell("n += 1")
    assert (notebook.latest("n").version, notebook.latest("m").version) == (2, 1)


def test_del_name_records_deleted_version(notebook):
    notebook.run_cell("a = 1")
    notebook.run_cell("del a")
    assert notebook.graph.latest_version("a").deleted is True


def test_del_item_mutates(notebook):
    notebook.run_cell("d = {'k': 1, 'j': 2}")
    notebook.run_cell("del d['k']")
    assert notebook.producer_source("d") == "del d['k']"


def test_alias_mutation_reaches_original(notebook):
    notebook.run_cell("a = []")
    notebook.run_cell("b = a")
    notebook.run_cell("b.append(1)")
    assert notebook.producer_source("a") == "b.append(1)"


def test_user_function_mutating_global(notebook):
    notebook.run_cell("log = []\ndef add(v):\n    log.append(v)")
    notebook.run_cell("add(3)")
    assert notebook.producer_source("log") == "add(3)"


def test_user_function_mutating_argument(notebook):
    notebook.run_cell("def fill(target):\n    target.extend([1, 2])")
    notebook.run_cell("data = []")
    notebook.run_cell("fill(data)")
    assert notebook.producer_source("data") == "fill(data)"


def test_user_function_not_mutating_argument(notebook):
    notebook.run_cell("def total(values):\n    return sum(values)")
    notebook.run_cell("data = [1, 2]\nt = total(data)")
    assert notebook.latest("data").version == 1


def test_global_statement_in_function_rebinds(notebook):
    notebook.run_cell("counter = 0\ndef bump():\n    global counter\n    counter = counter + 1")
    notebook.run_cell("bump()")
    assert notebook.producer_source("counter") == "bump()"


def test_call_depends_on_definition_and_globals_read(notebook):
    notebook.run_cell("scale = 3")
    notebook.run_cell("def times(v):\n    return v * scale")
    notebook.run_cell("y = times(2)")
    sources = notebook.upstream_sources("y")
    assert sources == ["scale = 3", "def times(v):\n    return v * scale", "y = times(2)"]


def test_function_using_other_function_reads_its_globals(notebook):
    notebook.run_cell("base = 10\ndef inner():\n    return base\ndef outer():\n    return inner() + 1")
    notebook.run_cell("r = outer()")
    assert "base = 10" in notebook.upstream_sources("r")


def test_model_fit_mutates_model(notebook):
    notebook.run_cell(
        "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression\n"
        "X, y = load_iris(return_X_y=True)\nmodel = LogisticRegression(max_iter=200)"
    )
    notebook.run_cell("model.fit(X, y)")
    notebook.run_cell("pred = model.predict(X)")
    assert notebook.producer_source("model") == "model.fit(X, y)"
    assert "model.fit(X, y)" in notebook.upstream_sources("pred")


def test_predict_does_not_mutate_model(notebook):
    notebook.run_cell(
        "from sklearn.datasets import load_iris\nfrom sklearn.tree import DecisionTreeClassifier\n"
        "X, y = load_iris(return_X_y=True)\nmodel = DecisionTreeClassifier().fit(X, y)"
    )
    notebook.run_cell("p = model.predict(X)\ns = model.score(X, y)")
    assert notebook.latest("model").version == 1


def test_unknown_method_on_user_object_mutates(notebook):
    notebook.run_cell(
        "class Acc:\n    def __init__(self):\n        self.n = 0\n    def tick(self):\n        self.n += 1"
    )
    notebook.run_cell("acc = Acc()")
    notebook.run_cell("acc.tick()")
    assert notebook.producer_source("acc") == "acc.tick()"


def test_element_taken_from_container_mutates_container(notebook):
    notebook.run_cell("rows = [[1], [2]]")
    notebook.run_cell("first = rows[0]")
    notebook.run_cell("first.append(9)")
    assert notebook.producer_source("rows") == "first.append(9)"


def test_loop_variable_mutation_mutates_iterable(notebook):
    notebook.run_cell("rows = [[1], [2]]")
    notebook.run_cell("for row in rows:\n    row.append(0)")
    assert notebook.producer_source("rows").startswith("for row in rows")


def test_random_shuffle_mutates_argument(notebook):
    notebook.run_cell("import random\nitems = [1, 2, 3]")
    notebook.run_cell("random.shuffle(items)")
    assert notebook.producer_source("items") == "random.shuffle(items)"


def test_numpy_seed_changes_module_state(notebook):
    notebook.run_cell("import numpy as np")
    notebook.run_cell("np.random.seed(0)")
    notebook.run_cell("r = np.random.rand(2)")
    assert "np.random.seed(0)" in notebook.upstream_sources("r")


def test_branch_not_taken_keeps_previous_definition(notebook):
    notebook.run_cell("x = 1")
    notebook.run_cell("if False:\n    x = 2")
    notebook.run_cell("y = x + 1")
    assert "x = 1" in notebook.upstream_sources("y")


def test_setattr_mutates(notebook):
    notebook.run_cell("class C:\n    pass\nc = C()")
    notebook.run_cell("setattr(c, 'v', 1)")
    assert notebook.producer_source("c") == "setattr(c, 'v', 1)"


def test_class_use_depends_on_definition_and_globals_its_methods_read(notebook):
    notebook.run_cell("rate = 0.5")
    notebook.run_cell("class Taxed:\n    def __init__(self, v):\n        self.v = v * rate")
    notebook.run_cell("t = Taxed(10)")
    assert notebook.upstream_sources("t")[:2] == [
        "rate = 0.5",
        "class Taxed:\n    def __init__(self, v):\n        self.v = v * rate",
    ]


def test_function_passed_as_argument_counts_as_used(notebook):
    notebook.run_cell("offset = 100\ndef shift(v):\n    return v + offset")
    notebook.run_cell("shifted = list(map(shift, [1, 2]))")
    assert "offset = 100\ndef shift(v):\n    return v + offset" not in notebook.upstream_sources("shifted")
    assert any(s.startswith("offset = 100") for s in notebook.upstream_sources("shifted"))


def test_rebinding_by_a_silent_cell_is_caught_at_the_next_cell(notebook):
    notebook.run_cell("v = 1")
    notebook.shell.run_cell("v = 2", silent=True)
    notebook.run_cell("w = v")
    read = notebook.graph.predecessors(notebook.graph.defining_statement(notebook.latest("w").id).id)
    assert [(n.id, n.external) for n in read] == [("var:v:2", True)]
