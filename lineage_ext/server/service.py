"""``LineageService``: the logic behind the REST handlers, free of HTTP.

Handlers parse the request, call one method here and serialize the result. The service
opens the store lazily (first request) and keeps it for the server's lifetime. It only
reads metadata: values are never deserialized in the server process.
"""

from __future__ import annotations

import os
import platform
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from lineage_ext import __version__

from .config import LineageExt
from .schema import StatusResponse

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactStore


class LineageService:
    """Everything the ``/lineage`` API can do, as plain methods."""

    def __init__(self, config: LineageExt, running_kernel_ids: Callable[[], Iterable[str]]) -> None:
        self._config = config
        self._running_kernel_ids = running_kernel_ids
        self._store: ArtifactStore | None = None
        self._lock = threading.Lock()
        self.store_uri, self.blob_uri = self._resolve_locations()

    def _resolve_locations(self) -> tuple[str, str]:
        from lineage_ext.store.config import resolve_blob_uri, resolve_store_uri

        store_uri = resolve_store_uri(self._config.store_uri or None)
        blob_uri = resolve_blob_uri(store_uri, self._config.blob_uri or None)
        return store_uri, blob_uri

    def export_environment(self) -> None:
        """Make kernels started by this server use the same store."""
        if self._config.export_kernel_env:
            os.environ["LINEAGE_EXT_STORE"] = self.store_uri
            os.environ["LINEAGE_EXT_BLOBS"] = self.blob_uri

    @property
    def store(self) -> ArtifactStore:
        with self._lock:
            if self._store is None:
                from lineage_ext.store import open_store

                self._store = open_store(self.store_uri, self.blob_uri)
            return self._store

    def status(self) -> StatusResponse:
        running = set(self._running_kernel_ids())
        sessions = self.store.list_sessions()
        traced = {s.kernel_id for s in sessions if s.kernel_id in running}
        return {
            "version": __version__,
            "store_uri": self.store_uri,
            "blob_uri": self.blob_uri,
            "python": platform.python_version(),
            "kernels_running": len(running),
            "kernels_traced": len(traced),
            "sessions_recorded": len(sessions),
        }
