"""Issue 14, class 5: views and shared memory. Changing a numpy view changes its base and the reverse,
also for views of views and views made by methods; pandas' `.values` under copy-on-write. Each case re-runs
the slice and compares."""

from __future__ import annotations

import pytest


def test_view_changed_then_base_saved(notebook):
    notebook.run_cell("import numpy as np\nbase = np.arange(10)\nview = base[2:5]")
    notebook.run_cell("view[0] = 100")
    notebook.verified_code("base", "view[0] = 100")


def test_base_changed_then_view_saved(notebook):
    notebook.run_cell("import numpy as np\nbase = np.arange(10)\nview = base[2:5]")
    notebook.run_cell("base[3] = -1")
    notebook.verified_code("view", "base[3] = -1")


def test_slice_of_a_view_changed_then_base_saved(notebook):
    notebook.run_cell("import numpy as np\nbase = np.arange(12)\nview = base[1:9]\ninner = view[::2]")
    notebook.run_cell("inner[:] = 0")
    notebook.verified_code("base", "inner[:] = 0")
    notebook.verified_code("view", "inner[:] = 0")


def test_base_changed_then_slice_of_a_view_saved(notebook):
    notebook.run_cell("import numpy as np\nbase = np.arange(12)\nview = base[1:9]\ninner = view[::2]")
    notebook.run_cell("base[:] = 7")
    notebook.verified_code("inner", "base[:] = 7")


def test_view_made_by_a_method_changed(notebook):
    notebook.run_cell("import numpy as np\nflat = np.zeros(6)\ngrid = flat.reshape(2, 3)")
    notebook.run_cell("grid[1, 2] = 42.0")
    notebook.verified_code("flat", "grid[1, 2] = 42.0")


def test_transpose_sees_in_place_method_on_base(notebook):
    notebook.run_cell("import numpy as np\nm = np.array([[3.0, 1.0], [2.0, 5.0]])\nmt = m.T")
    notebook.run_cell("m.sort(axis=1)")
    notebook.verified_code("mt", "m.sort(axis=1)")


def test_augmented_assignment_on_base_reaches_view(notebook):
    notebook.run_cell("import numpy as np\nvalues = np.ones(5)\ntail = values[2:]")
    notebook.run_cell("values += 1")
    notebook.verified_code("tail", "values += 1")


def test_view_filled_in_place_then_base_saved(notebook):
    notebook.run_cell("import numpy as np\nsignal = np.arange(8.0)\nhead = signal[:3]")
    notebook.run_cell("head.fill(-2.0)")
    notebook.verified_code("signal", "head.fill(-2.0)")


def test_copy_is_not_a_view(notebook):
    notebook.run_cell("import numpy as np\nsource = np.arange(5)\nclone = source.copy()")
    notebook.run_cell("source[0] = 50")
    code = notebook.verified_code("clone")
    assert "source[0] = 50" not in code


def test_pandas_values_then_frame_changed(notebook):
    notebook.run_cell("import pandas as pd\nframe = pd.DataFrame({'a': [1.0, 2.0], 'b': [3.0, 4.0]})")
    notebook.run_cell("vals = frame.values")
    notebook.run_cell("frame.loc[0, 'a'] = 9.0")
    notebook.verified_code("vals")
    notebook.verified_code("frame", "frame.loc[0, 'a'] = 9.0")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_series_sharing_a_numpy_buffer(notebook):
    notebook.run_cell("import numpy as np\nimport pandas as pd\nbuffer = np.zeros(3)")
    notebook.run_cell("series = pd.Series(buffer, copy=False)")
    notebook.run_cell("buffer[1] = 4.0")
    notebook.verified_code("series", "buffer[1] = 4.0")
