"""The blob store interface and the hashing writer every implementation streams values through."""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Protocol, TypeVar

from lineage_ext.errors import CorruptBlob

Buffer = bytes | mmap.mmap
_B = TypeVar("_B", bound=bytes | mmap.mmap)

_DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class BlobEntry:
    """One stored blob (or leftover temp file) as seen by garbage collection."""

    digest: str | None  # None for a temp file
    path: str
    size: int
    modified: float  # epoch seconds


class BlobWriter:
    """A write-only binary file that hashes and counts what goes through it.

    Serializers write into it as into any file; the blob store then publishes the finished
    file under its digest. A serializer with a fast native writer (pyarrow) may instead write
    the file at ``temp_path`` itself and call ``adopt_written_file()``. Closing without
    ``finish()`` discards the temp file.
    """

    def __init__(self, temp_path: str) -> None:
        self.temp_path = temp_path
        self._file: IO[bytes] | None = None
        self._hash = hashlib.sha256()
        self._hashing: _HashThread | None = None
        self.size = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._file is None:
            self._file = open(self.temp_path, "wb")  # noqa: SIM115 - closed in finish/discard
        self._hash.update(data)
        written = self._file.write(data)
        self.size += written
        return written

    def adopt_written_file(self) -> None:
        """Take the file a native writer put at ``temp_path``; it is hashed (from the page cache)
        in a thread while ``finish()`` waits for fsync, so hashing costs almost no extra time."""
        if self._file is not None:
            raise ValueError("adopt_written_file() after write(): use one or the other")
        self.size = os.path.getsize(self.temp_path)
        self._hashing = _HashThread(self.temp_path, self.size)
        self._hashing.start()

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def finish(self) -> str:
        """Flush, fsync and close the temp file; return the sha256 hex digest."""
        if self._file is None:
            self._file = open(self.temp_path, "ab")  # noqa: SIM115 - an empty value, or an adopted file
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self.closed = True
        if self._hashing is not None:
            return self._hashing.result()
        return self._hash.hexdigest()

    def discard(self) -> None:
        if self._hashing is not None:
            self._hashing.join()
        try:
            if not self.closed and self._file is not None:
                # closing flushes the buffer, which fails again on a full disk: the file goes anyway
                with contextlib.suppress(OSError):
                    self._file.close()
        finally:
            self.closed = True
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.temp_path)

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.discard()


class BlobStore(Protocol):
    """Where blob bytes live. Implementations must be safe for concurrent writers of the same digest."""

    def new_writer(self) -> BlobWriter:
        """A writer to a fresh temp file; pass it to ``publish`` once the value is written."""
        ...

    def publish(self, writer: BlobWriter) -> tuple[str, int]:
        """Make the written bytes durable under their digest; returns ``(digest, size)``."""
        ...

    def put_bytes(self, data: bytes) -> str:
        """Store small bytes (graph snapshots); returns the digest."""
        ...

    def read(self, digest: str) -> bytes:
        """The blob's bytes, hash-checked; raises ``CorruptBlob`` on mismatch or absence."""
        ...

    def read_unverified(self, digest: str) -> Buffer:
        """The blob's bytes WITHOUT the hash check (the caller runs ``verify``), possibly as a
        read-only memory map of a large local blob, so hashing and decoding need no copy."""
        ...

    def exists(self, digest: str) -> bool: ...

    def delete(self, digest: str) -> None: ...

    def modified(self, digest: str) -> float | None:
        """When the blob was last written or reused (epoch seconds); None if it is gone."""
        ...

    def entries(self) -> Iterator[BlobEntry]:
        """Every blob and leftover temp file, for garbage collection."""
        ...

    def describe(self) -> str:
        """A URI-like location for messages."""
        ...


class _HashThread(threading.Thread):
    """sha256 of a finished file, computed next to the caller's fsync (hashlib releases the GIL)."""

    def __init__(self, path: str, size: int) -> None:
        super().__init__(name="lineage-ext-blob-hash", daemon=True)
        self._path, self._size = path, size
        self._digest: str | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            with open(self._path, "rb") as handle:
                self._digest = hash_file(handle, self._size)
        except BaseException as exc:  # re-raised in the saving thread by result()
            self._error = exc

    def result(self) -> str:
        self.join()
        if self._error is not None:
            raise self._error
        assert self._digest is not None
        return self._digest


def hash_file(handle: IO[bytes], size: int) -> str:
    """sha256 of an open file, through a memory map so no copy of the content is made."""
    if size == 0:
        return hashlib.sha256(b"").hexdigest()
    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        return hashlib.sha256(mapped).hexdigest()


def is_digest(text: str) -> bool:
    return _DIGEST_RE.match(text) is not None


def check_digest(digest: str) -> str:
    if not is_digest(digest):
        raise CorruptBlob(f"malformed blob digest {digest!r} in the metadata")
    return digest


def verify(digest: str, data: _B, where: str) -> _B:
    actual = hashlib.sha256(data).hexdigest()
    if actual != digest:
        raise CorruptBlob(
            f"blob {digest[:12]}... at {where} is corrupt: its content hashes to {actual[:12]}...; "
            "the stored value cannot be trusted"
        )
    return data
