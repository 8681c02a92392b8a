"""Per-type serializers and previews: safe formats chosen by type, opt-ins by name."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from lineage_ext.errors import SerializationError
from lineage_ext.store import ArtifactStore
from lineage_ext.store.serializers.basic import StoredFile
from lineage_ext.store.serializers.envelope import MAGIC
from lineage_ext.store.serializers.figures import StoredFigure


class Unpicklable:
    def __reduce__(self) -> Any:
        raise TypeError("this object refuses pickling")


class BadRepr(list[int]):
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def test_dataframe_round_trips_through_parquet_with_preview(local_store: ArtifactStore) -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {"city": ["Oslo", "Lima", None], "temp": [3.5, 19.0, float("nan")], "n": [1, 2, 3]},
        index=pd.Index(["a", "b", "c"], name="key"),
    )
    info = local_store.save_value(frame, "weather")
    assert (info.serializer, info.type_name) == ("parquet", "pandas.DataFrame")
    pd.testing.assert_frame_equal(local_store.load_value("weather"), frame)
    preview = info.preview
    assert preview["kind"] == "dataframe"
    assert preview["shape"] == [3, 3]
    assert preview["columns"] == ["city", "temp", "n"]
    assert preview["dtypes"]["temp"] == "float64"
    assert preview["dtypes"]["n"] == "int64"
    assert preview["index"] == ["a", "b", "c"]
    assert preview["head"] == [["Oslo", 3.5, 1], ["Lima", 19.0, 2], [None, None, 3]]
    json.dumps(preview, allow_nan=False)  # JSON-safe: no NaN


def test_series_keeps_its_name(local_store: ArtifactStore) -> None:
    import pandas as pd

    series = pd.Series([1.5, 2.5], name="price")
    assert local_store.save_value(series, "prices").serializer == "parquet-series"
    pd.testing.assert_series_equal(local_store.load_value("prices"), series)


def test_dataframe_with_non_string_columns_falls_back_to_pickle(local_store: ArtifactStore) -> None:
    import pandas as pd

    frame = pd.DataFrame({0: [1], "b": ["x"]})
    with pytest.raises(SerializationError, match="storage_backend='pickle'"):
        local_store.save_value(frame, "mixed", storage_backend="parquet")  # explicit: no fallback
    assert local_store.save_value(frame, "mixed").serializer == "cloudpickle"
    pd.testing.assert_frame_equal(local_store.load_value("mixed"), frame)


def test_parquet_options_are_passed_and_checked(local_store: ArtifactStore) -> None:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.DataFrame({"x": [1.0] * 1000})
    local_store.save_value(frame, "zipped", compression="zstd")
    local_store.save_value(frame, "plain")

    def codec(name: str) -> str:
        metadata = pq.ParquetFile(pa.BufferReader(local_store.read_blob(name))).metadata
        return str(metadata.row_group(0).column(0).compression)

    assert (codec("zipped"), codec("plain")) == ("ZSTD", "UNCOMPRESSED")
    pd.testing.assert_frame_equal(local_store.load_value("zipped"), frame)
    with pytest.raises(SerializationError, match="does not take option"):
        local_store.save_value([1], "list", compression="zstd")


@pytest.mark.parametrize("dtype", ["float64", "int8", "bool", "complex128", "datetime64[ns]", "<U5"])
def test_numpy_arrays_round_trip_without_pickle(local_store: ArtifactStore, dtype: str) -> None:
    import numpy as np

    array = np.arange(12).reshape(3, 4).astype(dtype)
    info = local_store.save_value(array, "array")
    assert info.serializer == "npy"
    assert info.preview["shape"] == [3, 4]
    assert info.preview["dtype"] == str(array.dtype)
    np.testing.assert_array_equal(local_store.load_value("array"), array)


def test_object_arrays_use_the_tagged_encoding_not_npy(local_store: ArtifactStore) -> None:
    import numpy as np

    assert local_store.save_value(np.array([{"a": 1}], dtype=object), "objects").serializer == "tagged"
    assert local_store.load_value("objects").tolist() == [{"a": 1}]
    with pytest.raises(SerializationError, match="without pickle"):
        local_store.save_value(np.array([{"a": 1}], dtype=object), "objects", storage_backend="npy")


def test_sklearn_model_uses_skops_and_predicts_the_same(local_store: ArtifactStore) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    features = np.random.default_rng(0).normal(size=(60, 3))
    labels = (features[:, 0] > 0).astype(int)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(features, labels)
    info = local_store.save_value(model, "model")
    assert info.serializer == "skops"
    assert info.preview["kind"] == "model"
    loaded = local_store.load_value("model")
    np.testing.assert_array_equal(loaded.predict(features), model.predict(features))


def test_joblib_is_an_explicit_opt_in(local_store: ArtifactStore) -> None:
    from sklearn.dummy import DummyClassifier

    model = DummyClassifier(strategy="most_frequent").fit([[0], [1], [1]], [0, 1, 1])
    info = local_store.save_value(model, "dummy", storage_backend="joblib")
    assert info.serializer == "joblib"
    assert info.pickle_based
    assert local_store.load_value("dummy").predict([[5]]).tolist() == [1]


def test_matplotlib_figure_is_stored_as_png_and_svg(local_store: ArtifactStore) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(4, 3))
    axes.plot([1, 2, 3], [3, 1, 2])
    info = local_store.save_value(figure, "plot")
    plt.close(figure)
    assert info.serializer == "figure"
    assert info.preview == {
        "type": "matplotlib.figure.Figure",
        "kind": "figure",
        "size_inches": [4.0, 3.0],
        "axes": 1,
    }
    stored = local_store.load_value("plot")
    assert isinstance(stored, StoredFigure)
    assert stored._repr_png_().startswith(b"\x89PNG")
    assert "<svg" in stored._repr_svg_()


def test_a_path_reference_stores_the_file_content(local_store: ArtifactStore, tmp_path: Path) -> None:
    written = tmp_path / "report.csv"
    written.write_bytes(b"a,b\n1,2\n")
    info = local_store.save_value(written, "report")
    assert info.serializer == "file"
    assert info.preview["kind"] == "file"
    written.write_bytes(b"changed later")
    stored = local_store.load_value("report")
    assert stored == StoredFile("report.csv", b"a,b\n1,2\n")
    restored = stored.write_to(tmp_path / "restore")
    assert restored.read_bytes() == b"a,b\n1,2\n" if restored.parent.is_dir() else True
    with pytest.raises(SerializationError, match="cannot read the file"):
        local_store.save_value(tmp_path / "missing.csv", "missing")


@pytest.mark.parametrize(
    ("value", "serializer"),
    [
        (None, "json"),
        (True, "json"),
        ("text", "json"),
        ({"k": [1, 2.5, None]}, "json"),
        (b"\x00\x01", "bytes"),
    ],
)
def test_plain_values_use_json_or_bytes(local_store: ArtifactStore, value: Any, serializer: str) -> None:
    assert local_store.save_value(value, "plain").serializer == serializer
    assert local_store.load_value("plain") == value


@pytest.mark.parametrize("value", [(1, 2), {1: "int key"}, float("inf"), {"a": (1,)}])
def test_values_json_would_change_use_the_tagged_encoding(local_store: ArtifactStore, value: Any) -> None:
    assert local_store.save_value(value, "changed").serializer == "tagged"
    assert local_store.load_value("changed") == value


def test_pickle_opt_in_and_its_failures(local_store: ArtifactStore) -> None:
    info = local_store.save_value((1, {2, 3}), "tuple", storage_backend="pickle")
    assert info.pickle_based
    assert local_store.load_value("tuple") == (1, {2, 3})
    blob = local_store.read_blob("tuple")
    assert blob.startswith(MAGIC)  # the signed writer header the trust policy reads
    assert pickle.loads(blob[blob.index(b"\n", len(MAGIC)) + 1 :]) == (1, {2, 3})
    with pytest.raises(SerializationError, match=r"cannot be saved.*refuses pickling"):
        local_store.save_value(Unpicklable(), "nope", storage_backend="pickle")
    with pytest.raises(SerializationError, match="unknown storage backend 'yaml'"):
        local_store.save_value(1, "nope", storage_backend="yaml")
    assert not list((Path(local_store.blobs.describe()) / "tmp").iterdir())


def test_a_broken_repr_does_not_block_a_save(local_store: ArtifactStore) -> None:
    info = local_store.save_value(BadRepr([1]), "odd", storage_backend="pickle")
    assert info.preview["kind"] == "collection"
    assert "BadRepr" in info.preview["repr"]


def test_a_corrupt_large_blob_is_detected_while_decoding(local_store: ArtifactStore) -> None:
    import numpy as np
    import pandas as pd

    from lineage_ext.errors import CorruptBlob

    frame = pd.DataFrame(np.arange(400_000, dtype="float64").reshape(-1, 4), columns=list("abcd"))
    info = local_store.save_value(frame, "large")
    assert info.size_bytes > 2 * 1024 * 1024  # large enough to be memory-mapped on load
    pd.testing.assert_frame_equal(local_store.load_value("large"), frame)
    with open(local_store.blobs.path_of(info.blob_hash), "r+b") as handle:  # type: ignore[attr-defined]
        handle.seek(info.size_bytes // 2)
        handle.write(b"\xff" * 8)  # still decodes as parquet: only the hash can tell
    with pytest.raises(CorruptBlob, match="corrupt"):
        local_store.load_value("large")


@pytest.mark.parametrize("case", ["empty", "categorical", "datetimes", "range_index"])
def test_dataframe_edge_cases_round_trip(local_store: ArtifactStore, case: str) -> None:
    import pandas as pd

    frames = {
        "empty": pd.DataFrame({"a": pd.Series([], dtype="float64"), "b": pd.Series([], dtype="int64")}),
        "categorical": pd.DataFrame({"c": pd.Categorical(["x", "y", "x"]), "n": [1, 2, 3]}),
        "datetimes": pd.DataFrame({"t": pd.date_range("2024-01-01", periods=3, freq="D", tz="UTC")}),
        "range_index": pd.DataFrame({"v": range(5)}, index=pd.RangeIndex(10, 15)),
    }
    local_store.save_value(frames[case], case)
    pd.testing.assert_frame_equal(local_store.load_value(case), frames[case])
