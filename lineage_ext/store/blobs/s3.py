"""Blobs on S3-compatible storage through fsspec/s3fs: ``<bucket>/<prefix>/sha256/ab/<digest>``.

A value is first written and hashed in a local temp file, then uploaded with one PUT, which S3
makes visible atomically, so readers never see half an object. Endpoint and credentials come from
the standard AWS environment variables (``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ...) or from
explicit fsspec ``storage_options``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lineage_ext.errors import CorruptBlob, StoreUnavailable

from .base import BlobEntry, BlobWriter, check_digest, verify


class S3BlobStore:
    """Content-addressed blobs under an S3 bucket/prefix."""

    def __init__(self, target: str, storage_options: dict[str, object] | None = None) -> None:
        self.target = target.strip("/")
        self._options: dict[str, Any] = dict(storage_options or {})
        self._fs: Any = None
        self._fs_pid = 0
        self._tmp_dir = tempfile.gettempdir()

    @property
    def fs(self) -> Any:
        # s3fs runs an event loop thread that does not survive fork: build one per process
        if self._fs is None or self._fs_pid != os.getpid():
            self._fs = self._connect()
            self._fs_pid = os.getpid()
        return self._fs

    def _connect(self) -> Any:
        try:
            import s3fs
        except ImportError as exc:
            raise StoreUnavailable("S3 blob storage needs the s3fs package (pip install s3fs)") from exc
        options = dict(self._options)
        endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        if endpoint and "endpoint_url" not in options:
            options["endpoint_url"] = endpoint
        options.setdefault("use_listings_cache", False)
        options.setdefault("skip_instance_cache", True)
        return s3fs.S3FileSystem(**options)

    def key_of(self, digest: str) -> str:
        check_digest(digest)
        return f"{self.target}/sha256/{digest[:2]}/{digest}"

    def new_writer(self) -> BlobWriter:
        return BlobWriter(os.path.join(self._tmp_dir, f"lineage-ext-{uuid.uuid4().hex}.part"))

    def publish(self, writer: BlobWriter) -> tuple[str, int]:
        digest = writer.finish()
        try:
            # always upload, even if the object exists: a fresh LastModified keeps garbage
            # collection's grace period over a blob that an in-flight save is about to reference
            self._call("upload", self.fs.put_file, writer.temp_path, self.key_of(digest))
        finally:
            writer.discard()
        return digest, writer.size

    def put_bytes(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self._call("upload", self.fs.pipe_file, self.key_of(digest), data)
        return digest

    def read(self, digest: str) -> bytes:
        return verify(digest, self.read_unverified(digest), f"s3://{self.target}")

    def read_unverified(self, digest: str) -> bytes:
        key = self.key_of(digest)
        try:
            data = self.fs.cat_file(key)
        except FileNotFoundError as exc:
            raise CorruptBlob(f"blob {digest[:12]}... is missing from s3://{self.target}") from exc
        except OSError as exc:
            raise CorruptBlob(f"blob {digest[:12]}... in s3://{self.target} cannot be read: {exc}") from exc
        return bytes(data)

    def exists(self, digest: str) -> bool:
        return bool(self._call("check", self.fs.exists, self.key_of(digest)))

    def delete(self, digest: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(self.key_of(digest))

    def modified(self, digest: str) -> float | None:
        try:
            detail = self.fs.info(self.key_of(digest))
        except FileNotFoundError:
            return None
        stamp = detail.get("LastModified")
        return stamp.timestamp() if isinstance(stamp, datetime) else None

    def entries(self) -> Iterator[BlobEntry]:
        try:
            found = self.fs.find(f"{self.target}/sha256", detail=True)
        except FileNotFoundError:
            found = {}
        for path, detail in found.items():
            modified = detail.get("LastModified")
            stamp = modified.timestamp() if isinstance(modified, datetime) else 0.0
            yield BlobEntry(path.rsplit("/", 1)[-1], path, int(detail.get("size", 0)), stamp)
        yield from self._local_temp_files()

    def _local_temp_files(self) -> Iterator[BlobEntry]:
        """Temp files of uploads killed before they finished (kept in the local temp folder)."""
        import glob

        for path in glob.glob(os.path.join(self._tmp_dir, "lineage-ext-*.part")):
            with contextlib.suppress(FileNotFoundError):
                stat = os.stat(path)
                yield BlobEntry(None, path, stat.st_size, stat.st_mtime)

    def describe(self) -> str:
        return f"s3://{self.target}"

    def _call(self, what: str, func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except PermissionError as exc:
            raise StoreUnavailable(f"S3 {what} at s3://{self.target} was refused: {exc}") from exc
        except OSError as exc:  # includes a missing bucket (FileNotFoundError)
            raise StoreUnavailable(f"S3 {what} at s3://{self.target} failed: {exc}") from exc
