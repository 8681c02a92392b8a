"""Turning a stored blob back into a value, with the hash checked before the value is returned.

For safe formats (parquet, npy, JSON, skops...) the sha256 runs in a thread while the decoder
works on the same memory-mapped bytes, so loading costs max(hash, decode) rather than their sum;
the value is only handed out once the hash matched. Pickle-based blobs are checked *before*
decoding, because unpickling tampered bytes could run code, and then the trust policy is asked
(``before_unpickle`` gets the writer named in the blob's header, see ``store.trust``).
"""

from __future__ import annotations

import contextlib
import mmap
import threading
from collections.abc import Callable
from typing import Any

from lineage_ext.errors import CorruptBlob

from .blobs import BlobStore, Buffer
from .blobs.base import verify
from .serializers import Serializer
from .serializers.envelope import Writer, split


class _Verifier(threading.Thread):
    def __init__(self, digest: str, data: Buffer, where: str) -> None:
        super().__init__(name="lineage-ext-verify", daemon=True)
        self._digest, self._data, self._where = digest, data, where
        self._error: CorruptBlob | None = None

    def run(self) -> None:
        try:
            verify(self._digest, self._data, self._where)
        except CorruptBlob as exc:
            self._error = exc

    def check(self) -> None:
        self.join()
        if self._error is not None:
            raise self._error


def load_blob_value(
    blobs: BlobStore,
    digest: str,
    serializer: Serializer,
    before_unpickle: Callable[[Writer], None] | None = None,
) -> Any:
    """Read, verify and decode one blob; raises ``CorruptBlob`` if its content does not match.

    For pickle-based blobs ``before_unpickle(writer)`` runs after the hash check and may raise to refuse.
    """
    data = blobs.read_unverified(digest)
    try:
        if serializer.pickle_based:
            verify(digest, data, blobs.describe())
            if before_unpickle is not None:
                before_unpickle(split(data)[0])
            return serializer.read(data)
        verifier = _Verifier(digest, data, blobs.describe())
        verifier.start()
        try:
            value = serializer.read(data)
        except Exception as exc:
            verifier.check()  # a corrupt blob explains the decoder's failure better
            raise CorruptBlob(
                f"blob {digest[:12]}... could not be decoded as {serializer.name}: {exc}"
            ) from exc
        verifier.check()
        return value
    finally:
        _release(data)


def _release(data: Buffer) -> None:
    if isinstance(data, mmap.mmap):
        # BufferError: the value still references the mapping, which the GC then closes later
        with contextlib.suppress(BufferError):
            data.close()
