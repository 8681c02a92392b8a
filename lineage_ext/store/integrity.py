"""The store's identity record, checked before the metadata is first used, and gc's safety check.

The metadata database and the blob store each keep the store's id: ``store_meta.store_id`` in the
database, ``store_identity.json`` beside the blobs. On first use of an ``ArtifactStore``:

- both agree: fine;
- neither has one: a new store (or one made before identities existed): the id is written to both;
- the blobs have one (or hold manifests) but the database has none or another one: the database was
  truncated, deleted or replaced, and reading it would show an empty catalogue, reuse version numbers
  and let ``gc`` delete every blob: ``StoreDamaged``, naming ``lineage-ext store rebuild``;
- the database has one and holds versions, but the blob folder has no identity: the blobs were moved
  or wiped: ``StoreDamaged``.

``check_not_younger`` is what ``gc`` runs before deleting anything: a manifest whose version is newer
than the database's last version of that name means the database lost commits.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from lineage_ext.errors import StoreDamaged, StoreError

from . import manifest, sidefiles
from .blobs import BlobStore
from .metadata import MetadataDB, Tx

IDENTITY_KEY = "store_identity.json"
_log = logging.getLogger(__name__)
_REBUILD_HINT = (
    "run `lineage-ext store check` to see what is wrong and `lineage-ext store rebuild` to recover"
)


def read_blob_identity(blobs: BlobStore) -> str | None:
    data = sidefiles.read(blobs, IDENTITY_KEY)
    if data is None:
        return None
    try:
        store_id = json.loads(data)["store_id"]
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreDamaged(
            f"{IDENTITY_KEY} in {blobs.describe()} is damaged ({exc}); {_REBUILD_HINT}"
        ) from exc
    return str(store_id)


def write_blob_identity(blobs: BlobStore, store_id: str) -> None:
    data = json.dumps({"store_id": store_id, "written": time.time()}, sort_keys=True).encode("utf-8")
    sidefiles.put(blobs, IDENTITY_KEY, data)


def read_db_identity(tx: Tx) -> str | None:
    row = tx.fetchone("SELECT value FROM store_meta WHERE key = 'store_id'")
    return None if row is None else str(row["value"])


def claim_db_identity(metadata: MetadataDB, store_id: str) -> str:
    """Record ``store_id`` in the database unless it has one; returns the one it has afterwards."""
    with metadata.write() as tx:
        tx.execute(
            "INSERT INTO store_meta (key, value) VALUES ('store_id', ?) ON CONFLICT (key) DO NOTHING",
            (store_id,),
        )
        found = read_db_identity(tx)
    assert found is not None
    return found


def check_identity(metadata: MetadataDB, blobs: BlobStore) -> str:
    """Compare the two identity records (see the module docstring); returns the store id."""
    with metadata.read() as tx:
        db_id = read_db_identity(tx)
        has_versions = tx.fetchone("SELECT 1 FROM artifact_names LIMIT 1") is not None
    blob_id = read_blob_identity(blobs)
    where = f"metadata {metadata.describe()} and blobs {blobs.describe()}"
    if db_id is not None and blob_id is not None:
        if db_id != blob_id:
            raise StoreDamaged(
                f"{where} belong to different stores ({db_id} vs {blob_id}): the metadata database was "
                f"replaced; {_REBUILD_HINT}"
            )
        return db_id
    if db_id is None and (
        blob_id is not None or _has_manifests(blobs) or (not has_versions and _has_blobs(blobs))
    ):
        raise StoreDamaged(
            f"the metadata database {metadata.describe()} is empty or new, but the blob store "
            f"{blobs.describe()} holds committed versions: the database was truncated, deleted or "
            f"replaced; nothing was read or written; {_REBUILD_HINT}"
        )
    if db_id is not None and blob_id is None and has_versions and not _has_blobs(blobs):
        raise StoreDamaged(
            f"the metadata database {metadata.describe()} lists versions but the blob store "
            f"{blobs.describe()} is empty: the blob folder was moved or wiped; point LINEAGE_EXT_BLOBS "
            "at the original blob folder"
        )
    # a new store, or one made before identity records existed: both sides get one now
    return _adopt(metadata, blobs, db_id or uuid.uuid4().hex)


def _adopt(metadata: MetadataDB, blobs: BlobStore, store_id: str) -> str:
    store_id = claim_db_identity(metadata, store_id)
    try:
        write_blob_identity(blobs, store_id)
    except (OSError, StoreError) as exc:  # a read-only or full blob store: still readable; retried next open
        _log.warning("could not write %s in %s: %s", IDENTITY_KEY, blobs.describe(), exc)
    return store_id


def _has_manifests(blobs: BlobStore) -> bool:
    return next(sidefiles.entries(blobs, manifest.PREFIX), None) is not None


def _has_blobs(blobs: BlobStore) -> bool:
    return any(entry.digest is not None for entry in blobs.entries())


def check_not_younger(metadata: MetadataDB, blobs: BlobStore, grace_seconds: float) -> list[str]:
    """Raise ``StoreDamaged`` if a manifest (older than the grace period) records a version newer than
    the database knows; returns the keys of manifests left by deleted versions (safe to remove)."""
    with metadata.read() as tx:
        last: dict[str, int] = {
            str(row["name"]): int(row["last_version"])
            for row in tx.fetchall("SELECT name, last_version FROM artifact_names")
        }
        present = {
            (row["name"], row["version"]) for row in tx.fetchall("SELECT name, version FROM artifacts")
        }
    cutoff = time.time() - grace_seconds
    stale: list[str] = []
    for found in manifest.scan(blobs):
        if found.content is None or found.modified > cutoff:
            continue  # damaged ones are reported by `store check`; recent ones may be in flight
        name = str(found.content["name"])
        if found.version > int(last.get(name, 0)):
            raise StoreDamaged(
                f"the blob store records {name!r} version {found.version} but the metadata database "
                f"{metadata.describe()} has only {int(last.get(name, 0))}: the database looks older than the "
                f"blobs, so garbage collection deleted nothing; {_REBUILD_HINT}"
            )
        if (name, found.version) not in present:
            stale.append(found.key)
    return stale


def ensure_checked(metadata: MetadataDB) -> None:
    """Run the identity check now if ``metadata`` is guarded and has not run it yet."""
    if isinstance(metadata, GuardedMetadata):
        metadata.ensure_checked()


class GuardedMetadata:
    """A ``MetadataDB`` that runs ``check_identity`` once, before its first transaction."""

    def __init__(self, inner: MetadataDB, blobs: BlobStore) -> None:
        self.inner = inner
        self.blobs = blobs
        self.kind = inner.kind
        self._checked = False
        self._lock = threading.Lock()

    def ensure_checked(self) -> None:
        if self._checked:
            return
        with self._lock:
            if not self._checked:
                check_identity(self.inner, self.blobs)
                self._checked = True

    def write(self, durable: bool = True) -> AbstractContextManager[Tx]:
        self.ensure_checked()
        return self.inner.write(durable)

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        self.ensure_checked()
        with self.inner.read() as tx:
            yield tx

    def read(self) -> AbstractContextManager[Tx]:
        return self._read()

    def describe(self) -> str:
        return self.inner.describe()

    def close(self) -> None:
        self.inner.close()

    def __getattr__(self, name: str) -> Any:  # path, uri...: the wrapped database's attributes
        if name == "inner":  # not set yet (copy/unpickle): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)
