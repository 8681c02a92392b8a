"""Scalars JSON cannot carry as is: numpy scalars, stdlib dates/decimals, pandas Timestamp/Timedelta."""

from __future__ import annotations

import datetime as dt
import decimal
import zoneinfo
from typing import Any

import pytest

from lineage_ext.errors import SerializationError
from lineage_ext.store import ArtifactStore


def _numpy_scalars() -> list[Any]:
    import numpy as np

    return [
        np.int8(-7),
        np.int64(2**62 + 1),
        np.uint64(2**64 - 1),
        np.float16(1.5),
        np.float32(0.1),
        np.float64(1 / 3),
        np.longdouble("0.1"),
        np.complex64(1 + 2j),
        np.bool_(True),
        np.datetime64("2024-02-29T12:30:00.123456789", "ns"),
        np.timedelta64(90, "m"),
        np.str_("héllo"),
        np.bytes_(b"\x00raw"),
    ]


@pytest.mark.parametrize("value", _numpy_scalars(), ids=lambda v: type(v).__name__)
def test_numpy_scalars_round_trip_with_their_dtype(local_store: ArtifactStore, value: Any) -> None:
    info = local_store.save_value(value, "metric")
    assert info.serializer == "numpy-scalar"
    assert info.type_name == f"numpy.{type(value).__qualname__}"
    loaded = local_store.load_value("metric")
    assert type(loaded) is type(value)
    assert loaded.dtype == value.dtype
    assert loaded == value
    assert info.preview["kind"] == "scalar"
    assert info.preview["dtype"] == str(value.dtype)
    assert b"pickle" not in local_store.read_blob("metric")


def test_numpy_scalar_previews_show_the_value(local_store: ArtifactStore) -> None:
    import numpy as np

    assert local_store.save_value(np.int64(42), "n").preview == {
        "type": "numpy.int64",
        "kind": "scalar",
        "value": 42,
        "dtype": "int64",
    }
    assert local_store.save_value(np.float64("nan"), "x").preview["value"] is None
    assert local_store.save_value(np.datetime64("2024-01-02"), "d").preview["value"] == "2024-01-02"
    loaded = local_store.load_value("x")
    assert type(loaded) is np.float64
    assert np.isnan(loaded)


def test_common_metrics_from_pandas_and_sklearn_are_numpy_scalars(local_store: ArtifactStore) -> None:
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"x": [1, 2, 3], "ok": [True, False, True]})
    for name, metric in {
        "total": frame["x"].sum(),
        "mean": frame["x"].mean(),
        "any": frame["ok"].any(),
    }.items():
        local_store.save_value(metric, name)
        loaded = local_store.load_value(name)
        assert type(loaded) is type(metric)
        assert loaded == metric
    assert isinstance(local_store.load_value("total"), np.integer)


def test_scalar_backends_named_for_the_wrong_type_refuse_it(local_store: ArtifactStore) -> None:
    import numpy as np

    with pytest.raises(
        SerializationError, match=r"'tagged-scalar' backend stores .*storage_backend='pickle'"
    ):
        local_store.save_value(np.bytes_(b"x"), "odd", storage_backend="tagged-scalar")
    with pytest.raises(SerializationError, match="needs a numpy scalar, not date"):
        local_store.save_value(dt.date(2024, 1, 1), "odd", storage_backend="numpy-scalar")
    assert list(local_store.blobs.entries()) == []


def _stdlib_values() -> list[Any]:
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    return [
        decimal.Decimal("1.10"),
        decimal.Decimal("-0"),
        decimal.Decimal("NaN"),
        decimal.Decimal("1E+400"),
        dt.date(2024, 2, 29),
        dt.datetime(2024, 3, 31, 2, 30, 15, 123456),
        dt.datetime(2024, 10, 27, 2, 30, tzinfo=paris, fold=1),
        dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30))),
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        dt.time(23, 59, 59, 999999),
        dt.time(8, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        dt.timedelta(days=-3, seconds=5, microseconds=7),
    ]


@pytest.mark.parametrize("value", _stdlib_values(), ids=repr)
def test_stdlib_dates_times_and_decimals_round_trip_exactly(local_store: ArtifactStore, value: Any) -> None:
    info = local_store.save_value(value, "when")
    assert info.serializer == "tagged-scalar"
    loaded = local_store.load_value("when")
    assert type(loaded) is type(value)
    assert str(loaded) == str(value)  # equal Decimals may differ in precision; str tells them apart
    if isinstance(value, dt.datetime | dt.time):
        assert loaded.tzinfo == value.tzinfo
        assert loaded.fold == value.fold
        assert loaded.utcoffset() == value.utcoffset()
    assert info.preview == {"type": info.type_name, "kind": "scalar", "value": str(value)}


def test_pandas_timestamps_and_timedeltas_keep_unit_and_zone(local_store: ArtifactStore) -> None:
    import pandas as pd

    values = [
        pd.Timestamp("2024-05-01 10:00:00.123456789"),
        pd.Timestamp("2024-05-01 10:00", tz="Europe/Oslo").as_unit("s"),
        pd.Timestamp("1500-01-01").as_unit("ms"),  # outside the nanosecond range
        pd.Timestamp("2024-05-01", tz=dt.timezone(dt.timedelta(hours=5))),
        pd.Timedelta("1 days 00:00:00.000000001"),
        pd.Timedelta(minutes=3).as_unit("s"),
    ]
    for number, value in enumerate(values):
        info = local_store.save_value(value, f"t{number}")
        assert (info.serializer, info.type_name) == ("tagged-scalar", f"pandas.{type(value).__name__}")
        loaded = local_store.load_value(f"t{number}")
        assert type(loaded) is type(value)
        assert loaded == value
        assert loaded.unit == value.unit
        assert str(getattr(loaded, "tz", None)) == str(getattr(value, "tz", None))


def test_unnamed_time_zones_and_nat_fall_back_to_pickle(local_store: ArtifactStore) -> None:
    import pandas as pd

    class Odd(dt.tzinfo):
        def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(hours=1)

        def dst(self, when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(0)

        def tzname(self, when: dt.datetime | None) -> str:
            return "ODD"

    with pytest.raises(SerializationError, match=r"cannot be stored safely.*storage_backend='pickle'"):
        local_store.save_value(dt.datetime(2024, 1, 1, tzinfo=Odd()), "odd", storage_backend="tagged-scalar")
    assert list(local_store.blobs.entries()) == []
    odd = dt.datetime(2024, 1, 1, tzinfo=Odd())
    assert local_store.save_value(odd, "odd").serializer == "cloudpickle"
    assert local_store.load_value("odd") == odd
    assert local_store.save_value(pd.NaT, "nat").serializer == "cloudpickle"
    stored = local_store.save_value(pd.NaT, "odd", storage_backend="pickle")
    assert stored.serializer == "pickle"
    assert local_store.load_value("odd") is pd.NaT
