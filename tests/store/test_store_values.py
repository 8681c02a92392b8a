"""Every kind of value a user saves comes back equal, on every backend, without pickle where possible.

The values are those issue 15 lists as refused or silently changed before: tuples, sets, frozensets,
containers holding them, non-string keys, complex, NaN, range, dataclasses, custom classes, PIL images,
matplotlib Axes, object-dtype arrays, and a DataFrame whose cells hold sets and tuples.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import math
from typing import Any

import attr
import pydantic
import pytest

from lineage_ext.store import ArtifactStore


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    tags: tuple[str, ...] = ()


@attr.s(auto_attribs=True, slots=True)
class Box:
    low: Point
    high: Point
    labels: set[str] = attr.ib(factory=set)


class Model(pydantic.BaseModel):
    name: str
    weights: list[float] = []


class Colour(enum.Enum):
    RED = 1
    BLUE = 2


class Custom:
    """A plain class: only pickle can store it."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Custom) and other.value == self.value

    __hash__ = None  # type: ignore[assignment]


SAFE_VALUES: dict[str, Any] = {
    "tuple": (1, "a", None),
    "set": {1, 2, 3},
    "frozenset": frozenset({"a", "b"}),
    "nested": [(1, {2, 3}), {"k": frozenset({4})}, [((),)]],
    "int_keys": {1: "a", 2: "b"},
    "tuple_keys": {(1, 2): "pair", None: 0, 1.5: "float"},
    "dollar_key": {"$": "not a tag", "x": 1},
    "complex": 1 + 2j,
    "nan": float("nan"),
    "infinities": [float("inf"), float("-inf"), -0.0],
    "range": range(2, 20, 3),
    "bytes_in_list": [b"\x00\xff", bytearray(b"ab")],
    "big_int": [10**40, -(10**30)],
    "times": (
        dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC),
        dt.date(2024, 1, 2),
        dt.time(3, 4),
        dt.timedelta(5),
    ),
    "decimal": {"price": decimal.Decimal("1.10"), "nan": decimal.Decimal("NaN")},
    "dataclass": Point(1.5, ("a", "b")),
    "attrs": Box(Point(0.0), Point(1.0), {"x"}),
    "pydantic": Model(name="m", weights=[0.5]),
    "enum": [Colour.RED, Colour.BLUE],
}


def _same(left: Any, right: Any) -> bool:
    """Equality that also holds for NaN and Decimal NaN (which never equal themselves)."""
    if isinstance(right, float) and math.isnan(right):
        return isinstance(left, float) and math.isnan(left)
    if isinstance(right, decimal.Decimal) and right.is_nan():
        return isinstance(left, decimal.Decimal) and left.is_nan()
    if isinstance(right, dict):
        return (
            type(left) is dict
            and left.keys() == right.keys()
            and all(_same(left[k], v) for k, v in right.items())
        )
    if type(right) in (list, tuple):
        return type(left) is type(right) and len(left) == len(right) and all(map(_same, left, right))
    return type(left) is type(right) and bool(left == right)


@pytest.mark.parametrize("key", sorted(SAFE_VALUES))
def test_value_round_trips_equal_without_pickle(store: ArtifactStore, key: str) -> None:
    value = SAFE_VALUES[key]
    info = store.save_value(value, key)
    assert not info.pickle_based, info.serializer
    loaded = store.load_value(key, allow_pickle=False)
    assert _same(loaded, value), (loaded, value)


def test_object_arrays_round_trip_without_pickle(store: ArtifactStore) -> None:
    import numpy as np

    array = np.empty((2, 2), dtype=object)
    array[:] = [[{"a": 1}, (1, 2)], [None, np.arange(3)]]
    assert store.save_value(array, "objects").serializer == "tagged"
    loaded = store.load_value("objects", allow_pickle=False)
    assert (loaded.shape, loaded.dtype) == ((2, 2), np.dtype(object))
    assert loaded[0, 0] == {"a": 1}
    assert loaded[0, 1] == (1, 2)
    assert loaded[1, 0] is None
    np.testing.assert_array_equal(loaded[1, 1], np.arange(3))


def test_pil_image_round_trips_as_png(store: ArtifactStore) -> None:
    from PIL import Image

    image = Image.new("RGBA", (7, 5), (10, 20, 30, 40))
    image.putpixel((3, 2), (255, 0, 0, 255))
    assert store.save_value(image, "image").serializer == "png"
    assert store.load_value("image", allow_pickle=False) == image
    cmyk = Image.new("CMYK", (2, 2), (1, 2, 3, 4))  # PNG has no CMYK: must not come back as RGB
    info = store.save_value(cmyk, "cmyk")
    assert info.serializer == "cloudpickle"
    assert store.load_value("cmyk", allow_pickle=True) == cmyk


def test_matplotlib_axes_and_lines_are_stored_as_their_figure(store: ArtifactStore) -> None:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lineage_ext.store.serializers.figures import StoredFigure

    figure, axes = plt.subplots(figsize=(2, 2))
    (line,) = axes.plot([1, 2, 3], [3, 1, 2])
    rendered = io.BytesIO()
    figure.savefig(rendered, format="png")
    for name, artist in (("axes", axes), ("line", line)):
        assert store.save_value(artist, name).serializer == "figure"
        loaded = store.load_value(name, allow_pickle=False)
        assert isinstance(loaded, StoredFigure)
        assert loaded.png == rendered.getvalue()
    plt.close(figure)


def test_arrow_table_round_trips_as_parquet(store: ArtifactStore) -> None:
    import pyarrow as pa

    table = pa.table({"a": [1, None, 3], "b": [["x"], [], None]}).replace_schema_metadata({"k": "v"})
    assert store.save_value(table, "table").serializer == "arrow-parquet"
    assert store.load_value("table", allow_pickle=False).equals(table, check_metadata=True)


def test_dataframe_of_sets_and_tuples_is_not_stored_as_parquet(store: ArtifactStore) -> None:
    import pandas as pd

    frame = pd.DataFrame({"tags": [{"a", "b"}, {"c"}], "pair": [(1, 2), (3, 4)], "n": [1, 2]})
    info = store.save_value(frame, "frame")
    assert info.serializer == "cloudpickle"  # parquet would give lists back
    loaded = store.load_value("frame", allow_pickle=True)
    pd.testing.assert_frame_equal(loaded, frame)
    assert loaded["tags"][0] == {"a", "b"}
    assert loaded["pair"][0] == (1, 2)
    plain = pd.DataFrame({"s": ["x", None], "f": [1.5, float("nan")]})
    assert store.save_value(plain, "plain").serializer == "parquet"  # still parquet when lossless


def test_custom_class_falls_back_to_cloudpickle_and_is_marked(store: ArtifactStore) -> None:
    value = {"obj": Custom([1, (2, 3)])}
    info = store.save_value(value, "custom")
    assert (info.serializer, info.pickle_based) == ("cloudpickle", True)
    assert store.load_value("custom", allow_pickle=True) == value


def test_generators_and_files_get_a_clear_error(store: ArtifactStore, tmp_path: Any) -> None:
    from lineage_ext.errors import SerializationError

    with pytest.raises(SerializationError, match=r"generator cannot be saved.*list\(value\)"):
        store.save_value((n * n for n in range(3)), "squares")
    with (
        open(tmp_path / "f.txt", "w") as handle,
        pytest.raises(SerializationError, match=r"open file handle; save its path as pathlib.Path"),
    ):
        store.save_value(handle, "handle")


def test_polars_frame_round_trips_as_parquet(store: ArtifactStore) -> None:
    pl = pytest.importorskip("polars")

    frame = pl.DataFrame({"a": [1, None, 3], "b": [["x"], [], None], "c": ["u", "v", None]})
    assert store.save_value(frame, "polars").serializer == "polars-parquet"
    loaded = store.load_value("polars", allow_pickle=False)
    assert loaded.schema == frame.schema
    assert loaded.equals(frame, null_equal=True)


def test_torch_tensor_round_trips_as_safetensors(store: ArtifactStore) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("safetensors")

    tensor = torch.tensor([[1.0, float("nan")], [3.0, 4.0]], requires_grad=True)
    assert store.save_value(tensor, "tensor").serializer == "safetensors"
    loaded = store.load_value("tensor", allow_pickle=False)
    assert loaded.requires_grad
    assert torch.allclose(loaded, tensor, equal_nan=True)
