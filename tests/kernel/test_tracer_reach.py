"""Graph-level checks of the second-route, hidden-state and view rules: the right versions, and the
object walks never run user code (a subclass's `values()`/`__iter__`, an object's `__getattr__`)."""

from __future__ import annotations


def test_walks_never_run_user_code(notebook):
    notebook.run_cell(
        "calls = []\n"
        "class Loud(dict):\n"
        "    def values(self):\n        calls.append('values')\n        return super().values()\n"
        "    def __iter__(self):\n        calls.append('iter')\n        return super().__iter__()\n"
        "class Proxy:\n"
        "    def __getattr__(self, name):\n        calls.append(name)\n        raise AttributeError(name)\n"
        "class Rows(list):\n"
        "    def __iter__(self):\n        calls.append('rows')\n        return super().__iter__()"
    )
    notebook.run_cell("box = Loud(item=[1], proxy=Proxy())\nrows = Rows([box])\nitem = box.get('item')")
    notebook.run_cell("item.append(2)")
    assert notebook.ns["calls"] == []
    assert notebook.producer_source("box") == "item.append(2)"
    assert notebook.producer_source("rows") == "item.append(2)"


def test_owner_changes_with_the_object_a_method_returned(notebook):
    notebook.run_cell("settings = {}\nother = {}")
    notebook.run_cell("cfg = settings.setdefault('opt', {})")
    notebook.run_cell("cfg['lr'] = 3")
    assert notebook.producer_source("settings") == "cfg['lr'] = 3"
    assert notebook.latest("other").version == 1


def test_iterator_advanced_by_next_gets_a_version(notebook):
    notebook.run_cell("it = iter([1, 2, 3])\ndata = [4]")
    notebook.run_cell("first = next(it)\ntotal = sum(data)")
    assert notebook.producer_source("it") == "first = next(it)"
    assert notebook.latest("data").version == 1


def test_decorator_wrappers_are_not_stateful_closures(notebook):
    notebook.run_cell(
        "import functools\n"
        "def logged(func):\n    @functools.wraps(func)\n    def wrapper(*args):\n"
        "        return func(*args)\n    return wrapper\n"
        "@logged\ndef double(x):\n    return 2 * x"
    )
    notebook.run_cell("a = double(1)")
    notebook.run_cell("b = double(2)")
    assert "a = double(1)" not in notebook.upstream_sources("b")


def test_copy_does_not_share_memory_with_its_source(notebook):
    notebook.run_cell("import numpy as np\nsource = np.zeros(3)\nclone = source.copy()\nview = source[1:]")
    notebook.run_cell("source[0] = 1.0")
    assert notebook.latest("clone").version == 1
    assert notebook.producer_source("view") == "source[0] = 1.0"


def test_search_fits_clones_not_the_estimator_it_was_given(notebook):
    notebook.run_cell(
        "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression\n"
        "from sklearn.model_selection import GridSearchCV\nfrom sklearn.pipeline import make_pipeline\n"
        "X, y = load_iris(return_X_y=True)\nclf = LogisticRegression(max_iter=300)\n"
        "pipe = make_pipeline(clf)\nsearch = GridSearchCV(pipe, {'logisticregression__C': [1.0]}, cv=2)"
    )
    notebook.run_cell("search.fit(X, y)")
    assert notebook.latest("pipe").version == 1
    assert notebook.latest("clf").version == 1
    notebook.run_cell("pipe.fit(X, y)")
    assert notebook.producer_source("clf") == "pipe.fit(X, y)"
