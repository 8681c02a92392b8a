"""Issue 14, class 7: exec/eval of strings are opaque and treated conservatively; IPython magics
(`%%capture`, `%%time`, `%%writefile`, `%store`, `%run`) become plain Python in slices."""

from __future__ import annotations


def test_exec_of_a_literal_string(notebook):
    notebook.run_cell("x = 4\nnoise = 0")
    notebook.run_cell("exec('y = x * 2')")
    code = notebook.verified_code("y")
    assert "x = 4" in code
    assert "noise" not in code


def test_eval_of_a_literal_string(notebook):
    notebook.run_cell("a = 3")
    notebook.run_cell("b = eval('a + 1')")
    assert "a = 3" in notebook.verified_code("b")


def test_exec_of_a_computed_string_is_conservative(notebook):
    notebook.run_cell("data = [1, 2]\nsrc = 'data.append(len(data))'")
    notebook.run_cell("exec(src)")
    notebook.run_cell("size = len(data)")
    assert notebook.ns["size"] == 3
    assert "exec(src)" in notebook.verified_code("size")


def test_cell_time_magic(notebook):
    notebook.run_cell("base = 5")
    notebook.run_cell("%%time\nsquared = base ** 2")
    assert notebook.verified_code("squared") == "base = 5\nsquared = base ** 2\n"


def test_cell_capture_magic_with_a_name(notebook):
    notebook.run_cell("%%capture printed\nprint('hello')\nn = 7")
    notebook.run_cell("text = printed.stdout.strip() * 2")
    assert notebook.ns["text"] == "hellohello"
    notebook.verified_code("text")


def test_writefile_then_read(notebook):
    notebook.run_cell("%%writefile settings.txt\nalpha=1\nbeta=2")
    notebook.run_cell("%%writefile other.txt\nunrelated")
    notebook.run_cell("conf = dict(line.split('=') for line in open('settings.txt').read().split())")
    (notebook.folder / "settings.txt").unlink()
    code = notebook.verified_code("conf")
    assert "other.txt" not in code


def test_writefile_python_module_then_run(notebook):
    notebook.run_cell("%%writefile helper.py\nVALUE = 21\ndef twice(v):\n    return 2 * v")
    notebook.run_cell("%run helper.py")
    notebook.run_cell("answer = twice(VALUE)")
    assert notebook.ns["answer"] == 42
    (notebook.folder / "helper.py").unlink()
    code = notebook.verified_code("answer")
    assert "get_ipython" not in code


def test_store_and_restore(notebook):
    notebook.run_cell("%load_ext storemagic")
    notebook.run_cell("kept = [1, 2]")
    notebook.run_cell("%store kept")
    notebook.run_cell("kept = None")
    notebook.run_cell("%store -r kept")
    notebook.run_cell("final = kept + [3]")
    assert notebook.ns["final"] == [1, 2, 3]
    code = notebook.verified_code("final")
    assert "get_ipython" not in code
    notebook.run_cell("%store -d kept")
