"""Issue 14, class 3: definitions come with their decorators and the decorators' own definitions.

Each case slices a value, re-runs the slice in a fresh interpreter and compares it with the saved value.
"""

from __future__ import annotations


def test_user_decorator_whose_wrapper_writes_a_global(notebook):
    notebook.run_cell("calls = []\nnoise = 1")
    notebook.run_cell(
        "def logged(fn):\n    def wrapper(*args):\n        calls.append(fn.__name__)\n"
        "        return fn(*args)\n    return wrapper"
    )
    notebook.run_cell("@logged\ndef double(x):\n    return 2 * x")
    notebook.run_cell("y = double(4)")
    code = notebook.verified_code("calls")
    assert "y = double(4)" in code
    assert "def logged" in code
    assert "noise" not in code
    assert "def logged" in notebook.verified_code("y")


def test_decorator_wrapper_reads_a_global_at_call_time(notebook):
    notebook.run_cell("scale = 1")
    notebook.run_cell(
        "def scaled(fn):\n    def wrapper(x):\n        return fn(x) * scale\n    return wrapper"
    )
    notebook.run_cell("@scaled\ndef inc(x):\n    return x + 1")
    notebook.run_cell("scale = 10")
    notebook.run_cell("out = inc(1)")
    assert notebook.ns["out"] == 20
    code = notebook.verified_code("out")
    assert "scale = 10" in code


def test_decorated_method_needs_the_decorator(notebook):
    notebook.run_cell(
        "def twice(fn):\n    def wrapper(self, x):\n        return fn(self, fn(self, x))\n    return wrapper"
    )
    notebook.run_cell("class Adder:\n    @twice\n    def add(self, x):\n        return x + 3")
    notebook.run_cell("total = Adder().add(1)")
    code = notebook.verified_code("total")
    assert "def twice" in code


def test_dataclass_and_lru_cache(notebook):
    notebook.run_cell(
        "import functools\nfrom dataclasses import dataclass, field\n"
        "@dataclass\nclass Point:\n    x: int\n    tags: list = field(default_factory=list)"
    )
    notebook.run_cell(
        "@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)"
    )
    notebook.run_cell("p = Point(fib(10))\np.tags.append('big')\nsummary = repr(p)")
    code = notebook.verified_code("summary")
    assert "@dataclass" in code
    assert "@functools.lru_cache(maxsize=None)" in code


def test_class_decorator_registering_into_a_global(notebook):
    notebook.run_cell("REGISTRY = {}\nother = {}")
    notebook.run_cell("def register(cls):\n    REGISTRY[cls.__name__] = cls\n    return cls")
    notebook.run_cell("@register\nclass Loader:\n    kind = 'csv'")
    notebook.run_cell("kinds = {name: c.kind for name, c in REGISTRY.items()}")
    code = notebook.verified_code("kinds")
    assert "def register" in code
    assert "other" not in code


def test_decorator_factory_with_arguments(notebook):
    notebook.run_cell("factor = 3")
    notebook.run_cell(
        "def times(k):\n    def deco(fn):\n        def wrapper(x):\n            return fn(x) * k * factor\n"
        "        return wrapper\n    return deco"
    )
    notebook.run_cell("@times(2)\ndef ident(x):\n    return x")
    notebook.run_cell("factor = 5")
    notebook.run_cell("z = ident(1)")
    assert notebook.ns["z"] == 10
    code = notebook.verified_code("z")
    assert "factor = 5" in code
    assert "def times" in code
