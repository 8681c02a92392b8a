"""describe(value): each registered kind, its cheap facts, failures, and libraries registered only once loaded."""

from __future__ import annotations

import datetime as dt
import decimal
import pathlib
import subprocess
import sys
from typing import Any

import pytest

from lineage_ext.values import Description, describe
from lineage_ext.values.describe import WhenLoaded


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class Shaped:  # has a shape, but is not from an array library: nothing is read from it
    shape = (2, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, Description("scalar")),
        (True, Description("scalar")),
        (3, Description("scalar")),
        (2.5, Description("scalar")),
        (1 + 2j, Description("complex")),
        ("héllo", Description("text", length=5)),
        (b"xy", Description("binary", length=2)),
        (bytearray(b"xyz"), Description("binary", length=3)),
        ([1, 2], Description("collection", length=2)),
        ((1,), Description("collection", length=1)),
        ({"a": 1, "b": 2}, Description("collection", length=2)),
        ({1, 2, 3}, Description("collection", length=3)),
        (frozenset(), Description("collection", length=0)),
        (range(10), Description("range", length=10)),
        (dt.date(2024, 1, 2), Description("literal")),
        (dt.datetime(2024, 1, 2, 3), Description("literal")),
        (dt.timedelta(days=1), Description("literal")),
        (decimal.Decimal("1.5"), Description("literal")),
        (pathlib.Path("data/in.csv"), Description("path")),
        (object(), Description("object")),
        (Shaped(), Description("object")),
    ],
    ids=lambda v: type(v).__name__,
)
def test_builtin_kinds_and_their_facts(value: Any, expected: Description) -> None:
    assert describe(value) == expected


def test_a_value_whose_repr_raises_is_described_without_repr() -> None:
    assert describe(BadRepr()) == Description("object")
    assert describe([BadRepr()]) == Description("collection", length=1)


def test_a_value_whose_facts_raise_is_a_plain_object() -> None:
    class BadLen(list[int]):
        def __len__(self) -> int:
            raise RuntimeError("no len")

    assert describe(BadLen([1])) == Description("object")


def test_pandas_frames_series_and_indexes() -> None:
    import pandas as pd

    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    assert describe(frame) == Description("dataframe", (3, 2))
    assert describe(frame["a"]) == Description("series", (3,), "int64")
    assert describe(pd.Index([1.5, 2.5])) == Description("index", (2,), "float64")
    assert describe(pd.Timestamp("2024-01-01")).kind == "literal"  # a datetime

    class MyFrame(pd.DataFrame):  # subclasses too, wherever they are defined
        pass

    assert describe(MyFrame({"a": [1]})).kind == "dataframe"


def test_numpy_arrays_and_scalars() -> None:
    import numpy as np

    assert describe(np.zeros((3, 4), dtype="float32")) == Description("ndarray", (3, 4), "float32")
    assert describe(np.int64(3)) == Description("numpy_scalar", (), "int64")
    # numpy's float64, str_ and bytes_ also derive from Python's float, str and bytes: numpy wins
    assert describe(np.float64(2.0)) == Description("numpy_scalar", (), "float64")
    assert describe(np.str_("abc")) == Description("numpy_scalar", (), "<U3", length=3)
    assert describe(np.bytes_(b"ab")) == Description("numpy_scalar", (), "|S2", length=2)


def test_other_array_libraries_give_their_shape() -> None:
    import pandas as pd

    assert describe(pd.Categorical(["a", "b", "a"])) == Description("array", (3,), "category")


def test_estimators_and_figures() -> None:
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LinearRegression

    assert describe(LinearRegression()) == Description("estimator")
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    assert describe(Figure()) == Description("figure")


def _fresh_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_describing_imports_no_library_and_registers_one_once_loaded() -> None:
    # a fresh interpreter: in this one, the tests above have loaded numpy already
    out = _fresh_python(
        "import sys\n"
        "from lineage_ext.values import describe\n"
        "describe(object()); describe([1]); describe('x')\n"
        "print(sorted(m for m in ('numpy', 'pandas', 'sklearn', 'matplotlib') if m in sys.modules))\n"
        "import numpy as np\n"
        "print(describe(np.float64(1.0)).kind)\n"  # the first numpy value seen is also a float
    )
    assert out.splitlines() == ["[]", "numpy_scalar"]


def test_a_registrar_that_fails_is_tried_again() -> None:
    hooks = WhenLoaded()
    calls: list[str] = []

    def flaky() -> None:
        calls.append("try")
        if len(calls) == 1:
            raise ImportError("half-imported")

    hooks.add("sys", flaky)
    hooks.add("not_a_loaded_module_xyz", lambda: calls.append("never"))
    assert hooks.run_due() is True
    assert hooks.run_due() is True
    assert hooks.run_due() is False  # done: only the unloaded module's registrar still waits
    hooks.add("os", lambda: calls.append("late"))  # loaded long ago: runs at the next look
    assert hooks.run_due() is True
    assert calls == ["try", "try", "late"]
