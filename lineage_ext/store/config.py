"""Where the store lives: the "Store location" rule of ARCHITECTURE.md, and URI parsing.

Owns turning an explicit argument or the environment into a metadata URI and a blob URI.
It must not open anything: resolving a location is pure path and string work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lineage_ext.errors import StoreUnavailable

STORE_ENV = "LINEAGE_EXT_STORE"
BLOBS_ENV = "LINEAGE_EXT_BLOBS"
PROJECT_FOLDER = ".lineage_ext"
SQLITE_FILENAME = "metadata.sqlite"


@dataclass(frozen=True)
class StoreLocation:
    """A resolved store: where metadata and blobs live.

    ``metadata_kind`` is ``"sqlite"`` (``metadata_target`` is a file path) or ``"postgresql"``
    (``metadata_target`` is the connection URI). ``blob_kind`` is ``"local"`` (a folder path)
    or ``"s3"`` (``bucket/prefix`` without the scheme).
    """

    metadata_kind: str
    metadata_target: str
    blob_kind: str
    blob_target: str


def resolve_store_uri(explicit: str | None = None) -> str:
    """Explicit argument > ``$LINEAGE_EXT_STORE`` > ``./.lineage_ext/`` if it exists > per-user default."""
    if explicit:
        return explicit
    from_env = os.environ.get(STORE_ENV)
    if from_env:
        return from_env
    project_local = Path.cwd() / PROJECT_FOLDER
    if project_local.is_dir():
        return str(project_local)
    return str(_user_data_dir() / "lineage_ext")


def resolve_blob_uri(store_uri: str, explicit: str | None = None) -> str:
    """Explicit argument > ``$LINEAGE_EXT_BLOBS`` > ``<store>/blobs`` (a local store only)."""
    if explicit:
        return explicit
    from_env = os.environ.get(BLOBS_ENV)
    if from_env:
        return from_env
    if _is_postgres(store_uri):
        raise StoreUnavailable(
            f"a PostgreSQL store needs a blob location: set ${BLOBS_ENV} or pass blob_uri "
            "(a folder path or s3://bucket/prefix)"
        )
    return str(Path(local_path(store_uri)) / "blobs")


def parse_location(store_uri: str | None = None, blob_uri: str | None = None) -> StoreLocation:
    """Resolve both URIs and classify them; raises ``StoreUnavailable`` for unknown schemes."""
    store = resolve_store_uri(store_uri)
    blobs = resolve_blob_uri(store, blob_uri)
    if _is_postgres(store):
        metadata_kind, metadata_target = "postgresql", store
    else:
        metadata_kind, metadata_target = "sqlite", str(Path(local_path(store)) / SQLITE_FILENAME)
    if blobs.startswith("s3://"):
        blob_kind, blob_target = "s3", blobs[len("s3://") :].strip("/")
        if not blob_target:
            raise StoreUnavailable(f"blob URI {blobs!r} names no bucket")
    else:
        blob_kind, blob_target = "local", local_path(blobs)
    return StoreLocation(metadata_kind, metadata_target, blob_kind, blob_target)


def local_path(uri: str) -> str:
    """A plain path or a ``file://`` URI as an absolute path; any other scheme is refused."""
    if uri.startswith("file://"):
        parsed = urlparse(uri)
        if parsed.netloc not in ("", "localhost"):
            raise StoreUnavailable(f"file URI {uri!r} names a remote host; only local paths are supported")
        return str(Path(unquote(parsed.path)).absolute())
    if "://" in uri:
        scheme = uri.split("://", 1)[0]
        raise StoreUnavailable(
            f"unsupported store URI scheme {scheme!r} in {uri!r}: use a folder path, file://, "
            "postgresql:// (metadata) or s3:// (blobs)"
        )
    return str(Path(uri).expanduser().absolute())


def _is_postgres(uri: str) -> bool:
    return uri.startswith(("postgresql://", "postgres://"))


def _user_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg)
    return Path.home() / ".local" / "share"
