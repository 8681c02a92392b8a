"""Garbage collection: the only place blobs are removed, and only with a grace period.

A blob is removed when no artifact version references it (as value or graph snapshot) and it
was last written longer ago than ``grace_seconds``. The grace period protects saves in flight:
their blob is published (and an existing identical blob touched) before their metadata commits.
Leftover temp files of crashed saves are removed under the same rule.

Before anything is removed, ``integrity.check_not_younger`` compares the version manifests with the
database: if the database looks older than the blobs (it lost commits), nothing is deleted and
``StoreDamaged`` is raised. Manifests left by deleted versions are removed with the blobs.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import sidefiles
from .blobs import BlobEntry, BlobStore
from .blobs.base import is_digest
from .integrity import check_not_younger
from .metadata import MetadataDB
from .records import referenced_hashes


@dataclass(frozen=True)
class GCReport:
    """What one garbage collection did."""

    scanned: int
    removed_blobs: int
    removed_temp_files: int
    freed_bytes: int
    kept_in_grace: int
    removed_manifests: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "removed_manifests": self.removed_manifests,
            "scanned": self.scanned,
            "removed_blobs": self.removed_blobs,
            "removed_temp_files": self.removed_temp_files,
            "freed_bytes": self.freed_bytes,
            "kept_in_grace": self.kept_in_grace,
        }


def collect_garbage(
    metadata: MetadataDB,
    blobs: BlobStore,
    grace_seconds: float,
    progress: Callable[[int, int], None] | None = None,
) -> GCReport:
    if grace_seconds < 0:
        raise ValueError("grace_seconds must be >= 0")
    # list blobs before reading references: a blob committed in between is then either
    # referenced or recent, never wrongly removed
    entries = list(blobs.entries())
    stale_manifests = check_not_younger(metadata, blobs, grace_seconds)  # raises StoreDamaged
    with metadata.read() as tx:
        referenced = referenced_hashes(tx)
    cutoff = time.time() - grace_seconds
    removed_blobs = removed_temp = freed = kept = 0
    for done, entry in enumerate(entries, start=1):
        if not _is_referenced(entry, referenced):
            if entry.modified > cutoff or _reused_since_listing(blobs, entry, cutoff):
                kept += 1
            else:
                _remove(blobs, entry)
                freed += entry.size
                if entry.digest is None:
                    removed_temp += 1
                else:
                    removed_blobs += 1
        if progress is not None:
            progress(done, len(entries))
    for key in stale_manifests:
        sidefiles.delete(blobs, key)
    for path, size, modified in sidefiles.leftover_temp_files(blobs, "manifests"):
        if modified <= cutoff:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            removed_temp += 1
            freed += size
    return GCReport(len(entries), removed_blobs, removed_temp, freed, kept, len(stale_manifests))


def _reused_since_listing(blobs: BlobStore, entry: BlobEntry, cutoff: float) -> bool:
    # a save that reuses an identical blob touches it before committing; look again right
    # before deleting, since that may have happened after the listing above
    if entry.digest is None:
        return False
    modified = blobs.modified(entry.digest)
    return modified is None or modified > cutoff


def _is_referenced(entry: BlobEntry, referenced: set[str]) -> bool:
    if entry.digest is None:
        return False
    if not is_digest(entry.digest):
        return True  # not ours: never delete what we did not write
    return entry.digest in referenced


def _remove(blobs: BlobStore, entry: BlobEntry) -> None:
    if entry.digest is not None:
        blobs.delete(entry.digest)
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(entry.path)
