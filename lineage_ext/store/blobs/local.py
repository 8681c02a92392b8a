"""Blobs in a local folder: ``<root>/sha256/ab/<digest>``, written via ``<root>/tmp`` + fsync + rename."""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import uuid
from collections.abc import Iterator

from lineage_ext.errors import CorruptBlob

from .base import BlobEntry, BlobWriter, Buffer, check_digest, verify

_MMAP_THRESHOLD = 1024 * 1024  # below this a plain read is cheaper than a memory map


class LocalBlobStore:
    """Content-addressed blobs in a folder on a local filesystem."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._blob_dir = os.path.join(root, "sha256")
        self._tmp_dir = os.path.join(root, "tmp")
        self._ready = False

    def _ensure_ready(self) -> None:
        if not self._ready:
            from lineage_ext.store.filesystem import ensure_local_writable_folder

            ensure_local_writable_folder(self.root)
            os.makedirs(self._blob_dir, exist_ok=True)
            os.makedirs(self._tmp_dir, exist_ok=True)
            self._ready = True

    def path_of(self, digest: str) -> str:
        check_digest(digest)
        return os.path.join(self._blob_dir, digest[:2], digest)

    def new_writer(self) -> BlobWriter:
        self._ensure_ready()
        return BlobWriter(os.path.join(self._tmp_dir, f"{uuid.uuid4().hex}.part"))

    def publish(self, writer: BlobWriter) -> tuple[str, int]:
        digest = writer.finish()
        final = self.path_of(digest)
        if _refresh(final):  # same content already stored: keep the old, identical file
            writer.discard()
            return digest, writer.size
        folder = os.path.dirname(final)
        os.makedirs(folder, exist_ok=True)
        os.replace(writer.temp_path, final)
        _fsync_dir(folder)
        return digest, writer.size

    def put_bytes(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if _refresh(self.path_of(digest)):
            return digest
        writer = self.new_writer()
        try:
            writer.write(data)
            return self.publish(writer)[0]
        except BaseException:
            writer.discard()
            raise

    def read(self, digest: str) -> bytes:
        path = self.path_of(digest)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError as exc:
            raise CorruptBlob(f"blob {digest[:12]}... is missing from {self.root}") from exc
        except OSError as exc:
            raise CorruptBlob(f"blob {digest[:12]}... in {self.root} cannot be read: {exc}") from exc
        return verify(digest, data, self.root)

    def read_unverified(self, digest: str) -> Buffer:
        path = self.path_of(digest)
        try:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size < _MMAP_THRESHOLD:
                    return handle.read()
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError as exc:
            raise CorruptBlob(f"blob {digest[:12]}... is missing from {self.root}") from exc
        except OSError as exc:
            raise CorruptBlob(f"blob {digest[:12]}... in {self.root} cannot be read: {exc}") from exc

    def exists(self, digest: str) -> bool:
        return os.path.exists(self.path_of(digest))

    def delete(self, digest: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path_of(digest))

    def modified(self, digest: str) -> float | None:
        try:
            return os.stat(self.path_of(digest)).st_mtime
        except FileNotFoundError:
            return None

    def entries(self) -> Iterator[BlobEntry]:
        yield from _scan(self._blob_dir, is_blob=True)
        yield from _scan(self._tmp_dir, is_blob=False)

    def describe(self) -> str:
        return self.root


def _scan(folder: str, is_blob: bool) -> Iterator[BlobEntry]:
    for dirpath, _dirs, files in os.walk(folder):
        for filename in files:
            path = os.path.join(dirpath, filename)
            try:
                stat = os.stat(path)
            except FileNotFoundError:  # removed by a concurrent publish or GC
                continue
            yield BlobEntry(filename if is_blob else None, path, stat.st_size, stat.st_mtime)


def _refresh(path: str) -> bool:
    """Touch an existing blob so garbage collection's grace period covers the save reusing it."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    return True


def _fsync_dir(folder: str) -> None:
    # the rename is durable only once the directory entry is on disk
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
