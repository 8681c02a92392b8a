"""The artifact store: versioned values with lineage, metadata in SQL, values as blobs.

``open_store()`` is the entry point; it resolves the location (see ``config``) and returns an
``ArtifactStore`` that connects on first use, so opening is cheap and several stores can be open
in one process. Submodules: ``config`` (location rule), ``metadata`` (SQLite/PostgreSQL),
``blobs`` (local/S3), ``serializers`` (per type), ``saving`` (a save's blob and row), ``preview``,
``records``/``listing`` (SQL), ``sessions`` (session graphs), ``gc``, ``current`` (the store this process
uses). The user-facing ``Artifact`` lives a layer up, in ``lineage_ext.artifacts``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lineage_ext._lazy import lazy_getattr

if TYPE_CHECKING:
    from .core import ArtifactStore
    from .info import ArtifactInfo, Lineage, LineageRef
    from .metadata import MetadataDB
    from .sessions import SessionRecord

# loaded on first use: the kernel's graph writer needs only config, metadata and sessions
_PUBLIC = {
    "ArtifactInfo": "info",
    "ArtifactStore": "core",
    "Lineage": "info",
    "LineageRef": "info",
    "SessionRecord": "sessions",
    "resolve_store_uri": "config",
}

__all__ = [
    "ArtifactInfo",
    "ArtifactStore",
    "Lineage",
    "LineageRef",
    "SessionRecord",
    "open_metadata_db",
    "open_store",
    "resolve_store_uri",
]

__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())


def open_store(
    uri: str | None = None, blob_uri: str | None = None, storage_options: dict[str, Any] | None = None
) -> ArtifactStore:
    """Open the store at ``uri`` (see ``config.resolve_store_uri``) with blobs at ``blob_uri``.

    ``uri``: a folder path or ``file://`` URI (SQLite file + local blob folder) or a
    ``postgresql://`` URI. ``blob_uri``: a folder or ``s3://bucket/prefix``; ``storage_options``
    go to s3fs (endpoint, credentials) when the standard AWS variables are not enough.
    """
    from .blobs import open_blob_store
    from .config import parse_location
    from .core import ArtifactStore
    from .metadata import open_metadata

    location = parse_location(uri, blob_uri)
    metadata = open_metadata(location.metadata_kind, location.metadata_target)
    blobs = open_blob_store(location.blob_kind, location.blob_target, storage_options)
    return ArtifactStore(metadata, blobs)


def open_metadata_db(uri: str | None = None) -> MetadataDB:
    """Only the metadata database at ``uri`` (session graphs, traces), without the blob store.

    What the kernel's background graph writer uses: it imports a fraction of the store.
    """
    from .config import parse_location
    from .metadata import open_metadata

    location = parse_location(uri, None)
    return open_metadata(location.metadata_kind, location.metadata_target)
