"""The store this process uses: one open ``ArtifactStore`` per resolved location, shared by all callers.

Owns the process-wide cache behind ``lineage_ext.save``/``get``, the exported tasks' ``task_io``, the
pipeline runner and the slicer's name lookups. The location is resolved on every call (the "Store
location" rule of ``config``), so changing ``$LINEAGE_EXT_STORE`` takes effect at once, and each location
is opened only once.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from .config import BLOBS_ENV, resolve_store_uri

if TYPE_CHECKING:
    from .core import ArtifactStore

_stores: dict[tuple[str, str | None], ArtifactStore] = {}
_stores_lock = threading.Lock()


def current_store() -> ArtifactStore:
    """The store ``$LINEAGE_EXT_STORE``/``$LINEAGE_EXT_BLOBS`` (or the default location) names right now."""
    from . import open_store

    key = (resolve_store_uri(), os.environ.get(BLOBS_ENV))
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = open_store(*key)
        return store


def forget_stores() -> None:
    """Drop the opened stores, so the next ``current_store()`` reads the configuration again."""
    with _stores_lock:
        _stores.clear()
