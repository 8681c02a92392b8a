"""Small named files kept beside the blobs: the store identity record and the version manifests.

Blobs are named by their digest; these files are named by a relative key (``store_identity.json``,
``manifests/<...>.json``) under the blob root, on a local folder or S3 alike. Garbage collection never
sees them (it walks only ``sha256/`` and ``tmp/``). Writes are whole-file atomic: temp file, fsync and
rename locally, a single PUT on S3.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lineage_ext.errors import StoreError, StoreUnavailable

from .blobs import BlobStore, LocalBlobStore


@dataclass(frozen=True)
class SideEntry:
    """One side file: its key relative to the blob root and when it was written (epoch seconds)."""

    key: str
    modified: float


def put(blobs: BlobStore, key: str, data: bytes, durable: bool = True) -> None:
    """Write ``data`` under ``key`` atomically (raises ``OSError`` subclasses on a full disk).

    ``durable=False`` skips the fsync: for files the metadata can rewrite after an OS crash.
    """
    if isinstance(blobs, LocalBlobStore):
        _local_put(os.path.join(blobs.root, key), data, durable)
        return
    fs, base = _remote(blobs)
    fs.pipe_file(f"{base}/{key}", data)


def read(blobs: BlobStore, key: str) -> bytes | None:
    """The file's bytes, or None if it does not exist."""
    try:
        if isinstance(blobs, LocalBlobStore):
            with open(os.path.join(blobs.root, key), "rb") as handle:
                return handle.read()
        fs, base = _remote(blobs)
        return bytes(fs.cat_file(f"{base}/{key}"))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreUnavailable(f"cannot read {key} in {blobs.describe()}: {exc}") from exc


def delete(blobs: BlobStore, key: str) -> None:
    if isinstance(blobs, LocalBlobStore):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(blobs.root, key))
        return
    fs, base = _remote(blobs)
    with contextlib.suppress(FileNotFoundError):
        fs.rm_file(f"{base}/{key}")


def entries(blobs: BlobStore, prefix: str) -> Iterator[SideEntry]:
    """Every side file whose key starts with the folder ``prefix`` (e.g. ``"manifests"``)."""
    if isinstance(blobs, LocalBlobStore):
        folder = os.path.join(blobs.root, prefix)
        for dirpath, _dirs, files in os.walk(folder):
            for filename in files:
                path = os.path.join(dirpath, filename)
                with contextlib.suppress(FileNotFoundError):
                    stamp = os.stat(path).st_mtime
                    yield SideEntry(os.path.relpath(path, blobs.root).replace(os.sep, "/"), stamp)
        return
    yield from _remote_entries(blobs, prefix)


def leftover_temp_files(blobs: BlobStore, prefix: str) -> list[tuple[str, int, float]]:
    """``(path, size, modified)`` of temp files a killed side-file write left under ``prefix`` (local only:
    S3 writes are single PUTs)."""
    if not isinstance(blobs, LocalBlobStore):
        return []
    found = []
    for dirpath, _dirs, files in os.walk(os.path.join(blobs.root, prefix)):
        for filename in files:
            if filename.startswith(".") and filename.endswith(".part"):
                path = os.path.join(dirpath, filename)
                with contextlib.suppress(FileNotFoundError):
                    stat = os.stat(path)
                    found.append((path, stat.st_size, stat.st_mtime))
    return found


def _remote_entries(blobs: BlobStore, prefix: str) -> Iterator[SideEntry]:
    from datetime import datetime

    fs, base = _remote(blobs)
    try:
        found = fs.find(f"{base}/{prefix}", detail=True)
    except FileNotFoundError:
        return
    for path, detail in found.items():
        modified = detail.get("LastModified")
        stamp = modified.timestamp() if isinstance(modified, datetime) else 0.0
        yield SideEntry(path[len(base) + 1 :], stamp)


def _remote(blobs: BlobStore) -> tuple[Any, str]:
    from .blobs.s3 import S3BlobStore

    if not isinstance(blobs, S3BlobStore):
        raise StoreError(f"side files are not supported on {type(blobs).__name__}")
    return blobs.fs, blobs.target


def _local_put(path: str, data: bytes, durable: bool) -> None:
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    temp = os.path.join(folder, f".{uuid.uuid4().hex}.part")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
