"""Issue 14, class 2: calls that change hidden state (iterators, generators, closures, random state,
numpy `out=`, one object's method changing another object). Each case re-runs the slice and compares."""

from __future__ import annotations


def test_next_advances_an_iterator(notebook):
    notebook.run_cell("data = [10, 20, 30]\nit = iter(data)")
    notebook.run_cell("first = next(it)")
    notebook.run_cell("second = next(it)")
    notebook.verified_code("second", "first = next(it)")


def test_for_loop_advances_a_generator(notebook):
    notebook.run_cell("def numbers():\n    yield from range(6)\ngen = numbers()")
    notebook.run_cell("for n in gen:\n    if n == 2:\n        break")
    notebook.run_cell("rest = list(gen)")
    notebook.verified_code("rest", "for n in gen:")


def test_islice_consumes_a_generator_expression(notebook):
    notebook.run_cell("import itertools\nsquares = (v * v for v in range(6))")
    notebook.run_cell("head = sum(itertools.islice(squares, 2))")
    notebook.run_cell("tail = list(squares)")
    notebook.verified_code("tail", "head = sum(itertools.islice(squares, 2))")


def test_closure_with_nonlocal_counter(notebook):
    notebook.run_cell(
        "def make_counter():\n    count = 0\n    def bump():\n        nonlocal count\n"
        "        count += 1\n        return count\n    return bump"
    )
    notebook.run_cell("counter = make_counter()\nother = make_counter()")
    notebook.run_cell("counter()\nother()")
    notebook.run_cell("value = counter()")
    code = notebook.verified_code("value", "counter()\n")
    assert "other()" not in code


def test_closure_appending_to_a_captured_list(notebook):
    notebook.run_cell(
        "def make_log():\n    entries = []\n    def log(item):\n        entries.append(item)\n"
        "        return list(entries)\n    return log"
    )
    notebook.run_cell("log = make_log()")
    notebook.run_cell("log('a')")
    notebook.run_cell("snapshot = log('b')")
    notebook.verified_code("snapshot", "log('a')")


def test_numpy_global_seed_through_imported_functions(notebook):
    notebook.run_cell("from numpy.random import rand, seed")
    notebook.run_cell("seed(0)")
    notebook.run_cell("a = rand(3)")
    notebook.run_cell("b = rand(3)")
    notebook.verified_code("b", "seed(0)", "a = rand(3)")


def test_numpy_global_seed_through_the_module(notebook):
    notebook.run_cell("import numpy as np\nnp.random.seed(1)")
    notebook.run_cell("noise = np.random.normal(size=4)")
    notebook.run_cell("draw = np.random.randint(0, 100, 5)")
    notebook.verified_code("draw", "np.random.seed(1)", "noise = np.random.normal(size=4)")


def test_random_module_functions_imported_by_name(notebook):
    notebook.run_cell("from random import randint, seed as reseed")
    notebook.run_cell("reseed(7)")
    notebook.run_cell("first = randint(0, 1000)")
    notebook.run_cell("second = randint(0, 1000)")
    notebook.verified_code("second", "reseed(7)", "first = randint(0, 1000)")


def test_random_instance_sample_advances_it(notebook):
    notebook.run_cell("import random\ngen = random.Random(3)")
    notebook.run_cell("picked = gen.sample(range(100), 3)")
    notebook.run_cell("after = gen.random()")
    notebook.verified_code("after", "picked = gen.sample(range(100), 3)")


def test_generator_rng_advanced_by_each_draw(notebook):
    notebook.run_cell("import numpy as np\nrng = np.random.default_rng(0)")
    notebook.run_cell("ints = rng.integers(0, 10, 5)")
    notebook.run_cell("normals = rng.normal(size=3)")
    notebook.verified_code("normals", "ints = rng.integers(0, 10, 5)")


def test_rng_shared_by_estimators_through_random_state(notebook):
    notebook.run_cell(
        "import numpy as np\nfrom sklearn.datasets import make_classification\n"
        "from sklearn.ensemble import RandomForestClassifier\n"
        "X, y = make_classification(n_samples=60, random_state=0)\nrng = np.random.RandomState(0)"
    )
    notebook.run_cell(
        "first = RandomForestClassifier(n_estimators=3, random_state=rng)\n"
        "second = RandomForestClassifier(n_estimators=3, random_state=rng)"
    )
    notebook.run_cell("first.fit(X, y)")
    notebook.run_cell("second.fit(X, y)")
    notebook.run_cell("proba = second.predict_proba(X)")
    notebook.verified_code("proba", "first.fit(X, y)", "second.fit(X, y)")


def test_numpy_out_argument(notebook):
    notebook.run_cell("import numpy as np\na = np.arange(4.0)\nb = np.ones(4)\nc = np.zeros(4)")
    notebook.run_cell("np.add(a, b, out=c)")
    notebook.verified_code("c", "np.add(a, b, out=c)")


def test_numpy_out_argument_into_a_view(notebook):
    notebook.run_cell("import numpy as np\ny = np.zeros(6)")
    notebook.run_cell("np.multiply(np.arange(3.0), 2, out=y[::2])")
    notebook.verified_code("y", "np.multiply(np.arange(3.0), 2, out=y[::2])")


def test_numpy_copyto_into_a_view(notebook):
    notebook.run_cell("import numpy as np\ngrid = np.zeros((3, 3))\nodd = grid[1::2]")
    notebook.run_cell("np.copyto(odd, 7.0)")
    notebook.verified_code("grid", "np.copyto(odd, 7.0)")


def test_pipeline_fit_fits_the_estimator_it_holds(notebook):
    notebook.run_cell(
        "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression\n"
        "from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\n"
        "X, y = load_iris(return_X_y=True)"
    )
    notebook.run_cell("scaler = StandardScaler()\nclf = LogisticRegression(max_iter=300)")
    notebook.run_cell("pipe = make_pipeline(scaler, clf)")
    notebook.run_cell("pipe.fit(X, y)")
    notebook.run_cell("coef = clf.coef_.copy()")
    notebook.verified_code("coef", "pipe.fit(X, y)")
    notebook.verified_code("scaler", "pipe.fit(X, y)")


def test_pipeline_step_taken_after_fit(notebook):
    notebook.run_cell(
        "from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression\n"
        "from sklearn.pipeline import Pipeline\nfrom sklearn.preprocessing import StandardScaler\n"
        "X, y = load_iris(return_X_y=True)"
    )
    notebook.run_cell("pipe = Pipeline([('scale', StandardScaler()), ('model', LogisticRegression())])")
    notebook.run_cell("pipe.fit(X, y)")
    notebook.run_cell("model = pipe.named_steps['model']")
    notebook.verified_code("model", "pipe.fit(X, y)")


def test_method_of_one_object_changes_another(notebook):
    notebook.run_cell(
        "class Trainer:\n    def __init__(self, weights):\n        self.weights = weights\n"
        "    def step(self):\n        for k in self.weights:\n            self.weights[k] *= 0.5"
    )
    notebook.run_cell("weights = {'w': 8.0, 'b': 2.0}\ntrainer = Trainer(weights)")
    notebook.run_cell("trainer.step()")
    notebook.verified_code("weights", "trainer.step()")


def test_pyplot_functions_draw_on_the_current_figure(notebook):
    notebook.run_cell("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt")
    notebook.run_cell("fig = plt.figure(figsize=(3, 2))\nother = [1, 2]")
    notebook.run_cell("plt.plot([1, 3, 2])")
    notebook.run_cell("plt.title('trend')")
    code = notebook.verified_code("fig", "plt.plot([1, 3, 2])", "plt.title('trend')")
    assert "other" not in code


def test_zip_object_consumed_by_next(notebook):
    notebook.run_cell("left = [1, 2, 3]\nright = [4, 5, 6]\npairs = zip(left, right)")
    notebook.run_cell("first = next(pairs)")
    notebook.run_cell("rest = [a * b for a, b in pairs]")
    notebook.verified_code("rest", "first = next(pairs)")


def test_bound_method_called_through_another_name(notebook):
    notebook.run_cell(
        "class Bag:\n    def __init__(self):\n        self.items = []\n"
        "    def add(self, item):\n        self.items.append(item)"
    )
    notebook.run_cell("bag = Bag()\nput = bag.add")
    notebook.run_cell("put('x')\nput('y')")
    notebook.run_cell("size = len(bag.items)")
    notebook.verified_code("size", "put('x')")
