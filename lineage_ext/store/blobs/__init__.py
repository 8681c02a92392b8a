"""Content-addressed blob storage: values live in blobs named by their sha256.

``BlobStore`` is the interface; ``LocalBlobStore`` (a folder) and ``S3BlobStore`` (fsspec) are the
implementations. Blobs are immutable and written whole (temp file, fsync, rename / a single PUT),
so a reader never sees half a blob, and every read checks the hash.
"""

from __future__ import annotations

from .base import BlobEntry, BlobStore, BlobWriter, Buffer, check_digest
from .local import LocalBlobStore

__all__ = [
    "BlobEntry",
    "BlobStore",
    "BlobWriter",
    "Buffer",
    "LocalBlobStore",
    "check_digest",
    "open_blob_store",
]


def open_blob_store(kind: str, target: str, storage_options: dict[str, object] | None = None) -> BlobStore:
    """The blob store for a parsed location (``kind`` is ``"local"`` or ``"s3"``)."""
    if kind == "s3":
        from .s3 import S3BlobStore

        return S3BlobStore(target, storage_options)
    return LocalBlobStore(target)
