"""``cloudpickle``: the last resort, so that saving never fails for a value that can be pickled at all.

Used only when no safe serializer gives back an equal value (LineaPy parity: ``save`` stores anything
picklable). The blob is marked pickle-based and carries a signed writer header (``envelope``); loading it
goes through the trust policy of ``store.trust``, and the server never loads it. cloudpickle stores
classes and functions defined in a notebook by value, so they load in a fresh process too.

Values that cannot be pickled get a ``SerializationError`` saying why and what to save instead.
"""

from __future__ import annotations

import importlib
import io
import pickle
from typing import Any

from lineage_ext.errors import SerializationError
from lineage_ext.store.blobs import BlobWriter, Buffer

from . import Serializer, is_instance_of, type_name
from .envelope import split, write_header

# (test, advice) pairs: the first that applies to the value explains what to save instead
_ADVICE: tuple[tuple[str, str], ...] = (
    ("generator", "it produces its items while it runs and cannot be resumed elsewhere; save list(value) "
     "(or the data it produces) instead"),
    ("iterator", "it is a position in a stream; save list(value) or the collection it iterates over"),
    ("file", "it is an open file handle; save its path as pathlib.Path(...) (the file's content is stored) "
     "or the data you read from it"),
    ("connection", "it is a live connection; save the data you fetched, or save lineage_ext.db to keep the "
     "database writes"),
    ("lock", "it is a synchronisation primitive of this process; save the data it protects"),
    ("module", "modules are code, not data; import it where the value is loaded"),
)  # fmt: skip


def _kind(value: Any) -> str:
    import io as _io
    import types

    if isinstance(value, types.GeneratorType | types.AsyncGeneratorType | types.CoroutineType):
        return "generator"
    if isinstance(value, _io.IOBase):
        return "file"
    if isinstance(value, types.ModuleType):
        return "module"
    name = type(value).__name__.lower()
    if (
        "connection" in name
        or "cursor" in name
        or "socket" in name
        or is_instance_of(value, "sqlite3", "Connection")
    ):
        return "connection"
    if "lock" in name or "semaphore" in name or "condition" in name:
        return "lock"
    if hasattr(value, "__next__") and hasattr(value, "__iter__"):
        return "iterator"
    return ""


def unpicklable_error(value: Any, exc: BaseException) -> SerializationError:
    """A clear error for a value neither a safe format nor pickle can store."""
    kind = _kind(value)
    advice = dict(_ADVICE).get(kind)
    if advice is None:
        advice = (
            "save the data it holds instead (for example a dict of its attributes, or a dataclass), or "
            "make the class picklable (define __getstate__/__reduce__)"
        )
    return SerializationError(f"a {type_name(value)} cannot be saved: {advice} (pickle said: {exc})")


def dumps(value: Any, use_cloudpickle: bool) -> bytes:
    try:
        if use_cloudpickle:
            cloudpickle: Any = importlib.import_module("cloudpickle")  # it ships no type information
            return bytes(cloudpickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except RecursionError as exc:
        raise SerializationError(f"a {type_name(value)} is nested too deeply to pickle") from exc
    except Exception as exc:  # pickle raises TypeError, PicklingError, AttributeError... by type
        raise unpicklable_error(value, exc) from exc


def write_signed(payload: bytes, out: BlobWriter) -> None:
    write_header(out, payload)
    out.write(payload)


def _write_cloudpickle(value: Any, out: BlobWriter) -> None:
    write_signed(dumps(value, use_cloudpickle=True), out)


def read_payload(data: Buffer) -> Any:
    """Unpickle a blob's payload. Callers check the trust policy first (``store.trust``)."""
    _writer, payload = split(data, check_mac=False)
    return pickle.loads(payload)


def read_joblib(data: Buffer) -> Any:
    import joblib

    _writer, payload = split(data, check_mac=False)
    return joblib.load(io.BytesIO(payload))


SERIALIZERS = (Serializer("cloudpickle", _write_cloudpickle, read_payload, pickle_based=True),)
