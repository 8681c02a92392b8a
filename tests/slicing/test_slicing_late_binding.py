"""Issue 14, class 4: late binding. A function reads globals when it is called, so the call depends on
their versions at call time; class attributes changed after instances exist reach their method calls."""

from __future__ import annotations


def test_lambda_reads_global_at_call_time(notebook):
    notebook.run_cell("rate = 2")
    notebook.run_cell("f = lambda x: x * rate")
    notebook.run_cell("rate = 3")
    notebook.run_cell("y = f(10)")
    assert notebook.ns["y"] == 30
    code = notebook.verified_code("y")
    assert "rate = 3" in code


def test_function_kept_in_a_container(notebook):
    notebook.run_cell("offset = 1")
    notebook.run_cell("def shift(v):\n    return v + offset")
    notebook.run_cell("ops = {'shift': shift}")
    notebook.run_cell("offset = 100")
    notebook.run_cell("r = ops['shift'](1)")
    assert notebook.ns["r"] == 101
    assert "offset = 100" in notebook.verified_code("r")


def test_closure_made_by_a_factory(notebook):
    notebook.run_cell("base = 1")
    notebook.run_cell("def make(k):\n    return lambda x: (x + base) * k")
    notebook.run_cell("g = make(2)")
    notebook.run_cell("base = 7")
    notebook.run_cell("w = g(1)")
    assert notebook.ns["w"] == 16
    assert "base = 7" in notebook.verified_code("w")


def test_class_attribute_changed_after_instance_exists(notebook):
    notebook.run_cell(
        "class Scorer:\n    threshold = 0.5\n    def passes(self, v):\n        return v > self.threshold"
    )
    notebook.run_cell("s = Scorer()")
    notebook.run_cell("Scorer.threshold = 0.7")
    notebook.run_cell("ok = s.passes(0.6)")
    assert notebook.ns["ok"] is False
    assert "Scorer.threshold = 0.7" in notebook.verified_code("ok")


def test_method_reads_global_at_call_time(notebook):
    notebook.run_cell("LIMIT = 0.5")
    notebook.run_cell("class Gate:\n    def opens(self, v):\n        return v > LIMIT")
    notebook.run_cell("gate = Gate()")
    notebook.run_cell("LIMIT = 0.9")
    notebook.run_cell("opened = gate.opens(0.6)")
    assert notebook.ns["opened"] is False
    assert "LIMIT = 0.9" in notebook.verified_code("opened")


def test_subclass_instance_sees_base_class_change(notebook):
    notebook.run_cell(
        "class Base:\n    unit = 'm'\n    def label(self, v):\n        return f'{v}{self.unit}'"
    )
    notebook.run_cell("class Child(Base):\n    pass")
    notebook.run_cell("c = Child()")
    notebook.run_cell("Base.unit = 'km'")
    notebook.run_cell("text = c.label(3)")
    assert notebook.ns["text"] == "3km"
    assert "Base.unit = 'km'" in notebook.verified_code("text")
