"""Single values that JSON cannot carry as is: numpy scalars, stdlib dates and decimals, pandas times.

* ``numpy-scalar``: any numpy scalar without Python objects (``np.int64``, ``np.float32``,
  ``np.bool_``, ``np.datetime64``, ...) as a 0-d ``.npy`` array, never pickled; loading gives back the
  same numpy type and dtype.
* ``tagged-scalar``: ``decimal.Decimal``, ``datetime.date``/``datetime``/``time``/``timedelta``,
  ``pd.Timestamp`` and ``pd.Timedelta`` as a small JSON object naming the type, rebuilt exactly on load.
  Time zones are kept when they can be named again: fixed offsets (``datetime.timezone``) and
  ``zoneinfo.ZoneInfo`` keys. Any other ``tzinfo`` raises ``NotLossless`` (the store falls back to
  pickle; an explicit ``storage_backend='tagged-scalar'`` gets the error).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
from collections.abc import Callable
from typing import Any

from lineage_ext.errors import SerializationError
from lineage_ext.store.blobs import BlobWriter, Buffer

from . import NotLossless, Serializer, is_instance_of

_OPT_IN = "pass storage_backend='pickle' to opt in to pickle-based storage"


def _is_numpy_scalar(value: Any) -> bool:
    return is_instance_of(value, "numpy", "generic") and not value.dtype.hasobject


def _write_numpy_scalar(value: Any, out: BlobWriter) -> None:
    import numpy as np

    if not is_instance_of(value, "numpy", "generic"):
        raise SerializationError(
            f"the 'numpy-scalar' backend needs a numpy scalar, not {type(value).__name__}"
        )
    if value.dtype.hasobject:
        raise SerializationError(f"numpy scalars holding Python objects cannot be stored safely; {_OPT_IN}")
    np.save(out, np.asarray(value), allow_pickle=False)


def _read_numpy_scalar(data: Buffer) -> Any:
    import numpy as np

    return np.load(io.BytesIO(data), allow_pickle=False)[()]  # 0-d array -> its numpy scalar


# ---- tagged JSON: {"type": <tag>, ...fields} ----


def _zone(tzinfo: dt.tzinfo | None) -> dict[str, Any]:
    """The time zone as JSON fields that rebuild an equal ``tzinfo``; raises for unnamed zones."""
    if tzinfo is None:
        return {}
    if isinstance(tzinfo, dt.timezone):
        offset = tzinfo.utcoffset(None)
        return {"offset_seconds": offset.total_seconds()}
    key = getattr(tzinfo, "key", None)  # zoneinfo.ZoneInfo
    if type(tzinfo).__module__ == "zoneinfo" and isinstance(key, str):
        return {"zone": key}
    raise NotLossless(
        f"the time zone {tzinfo!r} ({type(tzinfo).__name__}) cannot be stored safely; use a "
        f"zoneinfo.ZoneInfo or a fixed datetime.timezone, or {_OPT_IN}"
    )


def _tzinfo(fields: dict[str, Any]) -> dt.tzinfo | None:
    if "zone" in fields:
        import zoneinfo

        return zoneinfo.ZoneInfo(fields["zone"])
    if "offset_seconds" in fields:
        return dt.timezone(dt.timedelta(seconds=fields["offset_seconds"]))
    return None


def _encode_datetime(value: dt.datetime) -> dict[str, Any]:
    naive = value.replace(tzinfo=None)
    return {"iso": naive.isoformat(), "fold": value.fold, **_zone(value.tzinfo)}


def _decode_datetime(fields: dict[str, Any]) -> dt.datetime:
    naive = dt.datetime.fromisoformat(fields["iso"])
    return naive.replace(tzinfo=_tzinfo(fields), fold=fields["fold"])


def _encode_time(value: dt.time) -> dict[str, Any]:
    return {"iso": value.replace(tzinfo=None).isoformat(), "fold": value.fold, **_zone(value.tzinfo)}


def _decode_time(fields: dict[str, Any]) -> dt.time:
    return dt.time.fromisoformat(fields["iso"]).replace(tzinfo=_tzinfo(fields), fold=fields["fold"])


def _encode_timestamp(value: Any) -> dict[str, Any]:
    # asm8 is the UTC instant at the Timestamp's own resolution (s/ms/us/ns), so nothing is rounded
    return {"ticks": int(value.asm8.view("int64")), "unit": value.unit, **_zone(value.tzinfo)}


def _decode_timestamp(fields: dict[str, Any]) -> Any:
    import numpy as np
    import pandas as pd

    stamp = pd.Timestamp(np.datetime64(fields["ticks"], fields["unit"]))
    zone = _tzinfo(fields)
    return stamp if zone is None else stamp.tz_localize("UTC").tz_convert(zone)


def _encode_pandas_timedelta(value: Any) -> dict[str, Any]:
    return {"ticks": int(value.asm8.view("int64")), "unit": value.unit}


def _decode_pandas_timedelta(fields: dict[str, Any]) -> Any:
    import numpy as np
    import pandas as pd

    return pd.Timedelta(np.timedelta64(fields["ticks"], fields["unit"]))


_Codec = tuple[Callable[[Any], bool], Callable[[Any], dict[str, Any]], Callable[[dict[str, Any]], Any]]

# checked in order: the pandas types subclass the stdlib ones, and datetime subclasses date
_CODECS: dict[str, _Codec] = {
    "pandas.Timestamp": (
        lambda v: is_instance_of(v, "pandas", "Timestamp"),
        _encode_timestamp,
        _decode_timestamp,
    ),
    "pandas.Timedelta": (
        lambda v: is_instance_of(v, "pandas", "Timedelta"),
        _encode_pandas_timedelta,
        _decode_pandas_timedelta,
    ),
    "datetime.datetime": (lambda v: type(v) is dt.datetime, _encode_datetime, _decode_datetime),
    "datetime.date": (
        lambda v: type(v) is dt.date,
        lambda v: {"iso": v.isoformat()},
        lambda f: dt.date.fromisoformat(f["iso"]),
    ),
    "datetime.time": (lambda v: type(v) is dt.time, _encode_time, _decode_time),
    "datetime.timedelta": (
        lambda v: type(v) is dt.timedelta,
        lambda v: {"days": v.days, "seconds": v.seconds, "microseconds": v.microseconds},
        lambda f: dt.timedelta(days=f["days"], seconds=f["seconds"], microseconds=f["microseconds"]),
    ),
    "decimal.Decimal": (
        lambda v: type(v) is decimal.Decimal,
        lambda v: {"text": str(v)},  # str() of a Decimal round-trips exactly, NaN and precision included
        lambda f: decimal.Decimal(f["text"]),
    ),
}


def _tag_of(value: Any) -> str | None:
    for tag, (matches, _encode, _decode) in _CODECS.items():
        if matches(value):
            return tag
    return None


def _write_tagged(value: Any, out: BlobWriter) -> None:
    tag = _tag_of(value)
    if tag is None:
        names = ", ".join(_CODECS)
        raise SerializationError(
            f"the 'tagged-scalar' backend stores {names}; not {type(value).__name__}. {_OPT_IN}"
        )
    fields = _CODECS[tag][1](value)
    out.write(json.dumps({"type": tag, **fields}, allow_nan=False, sort_keys=True).encode("utf-8"))


def _read_tagged(data: Buffer) -> Any:
    fields = json.loads(bytes(data).decode("utf-8"))
    tag = fields.pop("type")
    if tag not in _CODECS:
        raise SerializationError(f"a stored scalar has an unknown type tag {tag!r}")
    return _CODECS[tag][2](fields)


SERIALIZERS = (
    Serializer("numpy-scalar", _write_numpy_scalar, _read_numpy_scalar, matches=_is_numpy_scalar),
    Serializer("tagged-scalar", _write_tagged, _read_tagged, matches=lambda v: _tag_of(v) is not None),
)
