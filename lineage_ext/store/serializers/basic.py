"""Serializers needing only the standard library: JSON, raw bytes, file content, opt-in pickle.

``pickle`` blobs carry the signed writer header of ``envelope`` like every pickle-based format."""

from __future__ import annotations

import json
import os
import pathlib
from dataclasses import dataclass
from typing import Any

from lineage_ext.errors import SerializationError
from lineage_ext.store.blobs import BlobWriter, Buffer

from . import Serializer

_JSON_TYPES = (dict, list, str, int, float, bool, type(None))
_COPY_CHUNK = 8 * 1024 * 1024


def _is_json_value(value: Any) -> bool:
    if type(value) not in _JSON_TYPES:
        return False
    try:
        return bool(json.loads(_json_text(value)) == value)  # tuples, int keys, NaN fail the round trip
    except (TypeError, ValueError, RecursionError):
        return False


def _json_text(value: Any) -> str:
    return json.dumps(value, allow_nan=False, ensure_ascii=False, separators=(",", ":"))


def _write_json(value: Any, out: BlobWriter) -> None:
    if not _is_json_value(value):
        raise SerializationError(f"value of type {type(value).__name__} does not round-trip through JSON")
    out.write(_json_text(value).encode("utf-8"))


def _read_json(data: Buffer) -> Any:
    return json.loads(bytes(data).decode("utf-8"))


def _write_bytes(value: Any, out: BlobWriter) -> None:
    out.write(bytes(value))


def _read_bytes(data: Buffer) -> bytes:
    return bytes(data)


@dataclass(frozen=True)
class StoredFile:
    """A file saved by content (a side-effect reference); ``write_to`` restores it."""

    filename: str
    content: bytes

    def write_to(self, path: str | os.PathLike[str]) -> pathlib.Path:
        target = pathlib.Path(path)
        if target.is_dir():
            target = target / self.filename
        target.write_bytes(self.content)
        return target

    def __repr__(self) -> str:
        return f"StoredFile({self.filename!r}, {len(self.content)} bytes)"


def _write_file(value: Any, out: BlobWriter) -> None:
    if not isinstance(value, str | os.PathLike):
        raise SerializationError(f"the 'file' backend needs a path, not {type(value).__name__}")
    path = pathlib.Path(value)
    try:
        name = path.name.encode("utf-8")
        out.write(len(name).to_bytes(2, "big") + name)
        with open(path, "rb") as handle:
            while chunk := handle.read(_COPY_CHUNK):
                out.write(chunk)
    except OSError as exc:
        raise SerializationError(f"cannot read the file {str(path)!r} to save it: {exc}") from exc


def _read_file(data: Buffer) -> StoredFile:
    length = int.from_bytes(data[:2], "big")
    return StoredFile(bytes(data[2 : 2 + length]).decode("utf-8"), bytes(data[2 + length :]))


def _write_pickle(value: Any, out: BlobWriter) -> None:
    from .fallback import dumps, write_signed

    write_signed(dumps(value, use_cloudpickle=False), out)


def _read_pickle(data: Buffer) -> Any:
    from .fallback import read_payload

    return read_payload(data)  # the store's trust policy was checked before (store.trust)


SERIALIZERS = (
    Serializer("json", _write_json, _read_json, matches=_is_json_value),
    Serializer("bytes", _write_bytes, _read_bytes, matches=lambda v: type(v) is bytes),
    Serializer("file", _write_file, _read_file, matches=lambda v: isinstance(v, pathlib.PurePath)),
    Serializer("pickle", _write_pickle, _read_pickle, pickle_based=True),
)
