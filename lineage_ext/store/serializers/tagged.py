"""``tagged``: a lossless JSON encoding of nested builtin values, safe to load (no code runs).

Plain JSON cannot tell a tuple from a list, has no sets, bytes, complex numbers, NaN or non-string
keys. Here every such value becomes a small object ``{"$": tag, ...}``; lists, strings, ints of any
size, bools, None and finite floats stay plain JSON, and a dict stays a JSON object when its keys are
strings other than ``"$"``. Tags: tuple, set, frozenset, dict (any keys), bytes, bytearray, float
(nan/inf), complex, range, scalar (dates, times, Decimal, pandas times: ``scalars``), npy (numpy arrays
and scalars without Python objects), ndarray (object arrays, element by element), enum, and object
(dataclass, attrs or pydantic instances, see ``records``).

A value is only stored when its encoding round-trips: decoding and encoding again must give the same
text, else ``NotLossless`` lets the store fall through to the next serializer. (Builtins are encoded by
exact type and always come back, so only encodings holding rebuilt values are decoded again to check.)
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
from collections.abc import Callable
from typing import Any

from lineage_ext.store.blobs import BlobWriter, Buffer

from . import NotLossless, Serializer, is_instance_of, type_name
from . import records as rec
from .scalars import _CODECS, _tag_of

_CONTAINERS = (tuple, set, frozenset, dict, list, bytearray, complex, float, range)
_REBUILT = re.compile(r'"\$":"(?:dataclass|attrs|pydantic|enum|scalar|npy|ndarray)"')


class _Unsupported(Exception):
    """A value (somewhere inside) that this encoding cannot carry."""


def encode(value: Any) -> Any:
    """The JSON-able form of ``value``; raises ``_Unsupported`` naming the first foreign type."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
    if kind is list:
        return [encode(item) for item in value]
    if kind is dict:
        if all(type(key) is str for key in value) and "$" not in value:
            return {key: encode(item) for key, item in value.items()}
        return {"$": "dict", "items": [[encode(k), encode(v)] for k, v in value.items()]}
    encoder = _ENCODERS.get(kind)
    if encoder is not None:
        return encoder(value)
    return _encode_other(value)


def _sorted_items(values: Any) -> list[Any]:
    # sets have no order; sorting by the encoded text keeps the bytes (and the blob hash) stable
    encoded = [encode(item) for item in values]
    return sorted(encoded, key=lambda item: json.dumps(item, sort_keys=True))


def _float_text(value: float) -> Any:
    return value if math.isfinite(value) else {"$": "float", "v": repr(value)}


_ENCODERS: dict[type, Callable[[Any], Any]] = {
    tuple: lambda v: {"$": "tuple", "items": [encode(item) for item in v]},
    set: lambda v: {"$": "set", "items": _sorted_items(v)},
    frozenset: lambda v: {"$": "frozenset", "items": _sorted_items(v)},
    bytes: lambda v: {"$": "bytes", "b64": base64.b64encode(v).decode("ascii")},
    bytearray: lambda v: {"$": "bytearray", "b64": base64.b64encode(v).decode("ascii")},
    complex: lambda v: {"$": "complex", "re": _float_text(v.real), "im": _float_text(v.imag)},
    range: lambda v: {"$": "range", "start": v.start, "stop": v.stop, "step": v.step},
}


def _encode_other(value: Any) -> Any:
    tag = _tag_of(value)
    if tag is not None:
        return {"$": "scalar", "v": {"type": tag, **_CODECS[tag][1](value)}}
    if is_instance_of(value, "numpy", "ndarray") or is_instance_of(value, "numpy", "generic"):
        return _encode_numpy(value)
    record = rec.describe(value)
    if record is not None:
        kind, cls_path, state = record
        return {"$": kind, "class": cls_path, "state": encode(state)}
    raise _Unsupported(type_name(value))


def _encode_numpy(value: Any) -> Any:
    import numpy as np

    if value.dtype.hasobject:
        if not isinstance(value, np.ndarray):
            raise _Unsupported(type_name(value))
        return {"$": "ndarray", "shape": list(value.shape), "items": [encode(v) for v in value.flat]}
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(value), allow_pickle=False)
    scalar = not isinstance(value, np.ndarray)
    return {"$": "npy", "scalar": scalar, "b64": base64.b64encode(buffer.getvalue()).decode("ascii")}


def decode(data: Any) -> Any:
    """The value ``encode`` described; only ever builds builtin, numpy, or checked record types."""
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict):
        return data
    if "$" not in data:
        return {key: decode(item) for key, item in data.items()}
    tag = data["$"]
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise NotLossless(f"a stored value has an unknown tag {tag!r}")
    return decoder(data)


def _float(data: Any) -> float:
    return float(data["v"]) if isinstance(data, dict) else float(data)


def _decode_npy(data: dict[str, Any]) -> Any:
    import numpy as np

    array = np.load(io.BytesIO(base64.b64decode(data["b64"])), allow_pickle=False)
    return array[()] if data["scalar"] else array


def _decode_ndarray(data: dict[str, Any]) -> Any:
    import numpy as np

    array = np.empty(len(data["items"]), dtype=object)
    for index, item in enumerate(data["items"]):
        array[index] = decode(item)  # item by item: numpy would turn nested lists into dimensions
    return array.reshape(data["shape"])


def _decode_scalar(data: dict[str, Any]) -> Any:
    fields = dict(data["v"])
    return _CODECS[fields.pop("type")][2](fields)


_DECODERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "tuple": lambda d: tuple(decode(item) for item in d["items"]),
    "set": lambda d: {decode(item) for item in d["items"]},
    "frozenset": lambda d: frozenset(decode(item) for item in d["items"]),
    "dict": lambda d: {decode(k): decode(v) for k, v in d["items"]},
    "bytes": lambda d: base64.b64decode(d["b64"]),
    "bytearray": lambda d: bytearray(base64.b64decode(d["b64"])),
    "float": _float,
    "complex": lambda d: complex(_float(d["re"]), _float(d["im"])),
    "range": lambda d: range(d["start"], d["stop"], d["step"]),
    "scalar": _decode_scalar,
    "npy": _decode_npy,
    "ndarray": _decode_ndarray,
}


def _record_decoder(kind: str) -> Callable[[dict[str, Any]], Any]:
    return lambda data: rec.rebuild(kind, data["class"], decode(data["state"]))


_DECODERS.update({kind: _record_decoder(kind) for kind in rec.KINDS})


def _text(encoded: Any) -> str:
    return json.dumps(encoded, allow_nan=False, ensure_ascii=False, separators=(",", ":"))


def _matches(value: Any) -> bool:
    if isinstance(value, _CONTAINERS) and type(value) in _CONTAINERS:
        return True
    if is_instance_of(value, "numpy", "ndarray"):
        return bool(value.dtype.hasobject)
    return rec.describe_kind(value) is not None


def _write(value: Any, out: BlobWriter) -> None:
    try:
        text = _text(encode(value))
        # the round trip: what loading gives back must encode to the very same text. Builtins are
        # encoded by exact type and always come back; records, times and arrays are rebuilt by other
        # code, so only an encoding holding one of those is decoded again to check
        again = _text(encode(decode(json.loads(text)))) if _REBUILT.search(text) else text
    except _Unsupported as exc:
        raise NotLossless(f"the 'tagged' encoding cannot hold a {exc} (inside a {type_name(value)})") from exc
    except (RecursionError, ValueError, TypeError, ImportError, AttributeError) as exc:
        raise NotLossless(f"the 'tagged' encoding cannot hold this {type_name(value)}: {exc}") from exc
    if again != text:
        raise NotLossless(f"a {type_name(value)} does not round-trip through the 'tagged' encoding")
    out.write(text.encode("utf-8"))


def _read(data: Buffer) -> Any:
    return decode(json.loads(bytes(data).decode("utf-8")))


SERIALIZERS = (Serializer("tagged", _write, _read, matches=_matches),)
