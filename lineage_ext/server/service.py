"""``LineageService``: the logic behind the REST handlers, free of HTTP.

Handlers parse the request, call one method here and serialize the result. The service
opens the store lazily (first request) and keeps it for the server's lifetime. It only
reads metadata: values are never deserialized in the server process.
"""

from __future__ import annotations

import os
import platform
import threading
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from lineage_ext._about import __version__
from lineage_ext.errors import LineageError
from lineage_ext.ir.graph_json import GraphJSON
from lineage_ext.ir.staleness import stale_node_ids
from lineage_ext.store import jsoncodec

from . import graphs
from .config import LineageExt
from .schema import (
    ArtifactDetailResponse,
    ArtifactJSON,
    ArtifactListResponse,
    ArtifactVersionsResponse,
    DeleteResponse,
    GraphResponse,
    StatusResponse,
    TraceResponse,
)

DEFAULT_PAGE = 500  # what callers that do not page get: today's lists fit in it
MAX_PAGE = 1_000
MAX_PREVIEW = 16_384  # characters of one preview's JSON in a reply


class PageJSON(TypedDict):
    total: int
    offset: int
    limit: int
    next_offset: int | None


if TYPE_CHECKING:
    from lineage_ext.store import ArtifactStore
    from lineage_ext.store.info import ArtifactInfo


class LineageService:
    """Everything the ``/lineage`` API can do, as plain methods."""

    def __init__(
        self, config: LineageExt, running_kernel_ids: Callable[[], Iterable[str]], root_dir: Path
    ) -> None:
        self._config = config
        self.root_dir = root_dir
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
        kernel_ids = self.store.session_kernel_ids()
        traced = {kernel_id for kernel_id in kernel_ids if kernel_id in running}
        return {
            "version": __version__,
            "store_uri": self.store_uri,
            "blob_uri": self.blob_uri,
            "python": platform.python_version(),
            "kernels_running": len(running),
            "kernels_traced": len(traced),
            "sessions_recorded": len(kernel_ids),
        }

    def graph(
        self, notebook_path: str | None, kernel_id: str | None, since: int | None, page: int | None = None
    ) -> GraphResponse:
        head = self.store.latest_session(notebook_path=notebook_path, kernel_id=kernel_id, graph=False)
        if head is None and notebook_path is not None and kernel_id is None:
            # kernels record JPY_SESSION_NAME, which jupyter_server sets to the absolute OS path
            head = self.store.latest_session(notebook_path=self._os_path(notebook_path), graph=False)
        if head is None:
            return {
                "changed": since is not None,
                "revision": 0,
                "session_id": None,
                "graph": None,
                "stale": [],
            }
        if since is not None and since == head.revision:  # the cheap answer to the panel's poll
            return {
                "changed": False,
                "revision": head.revision,
                "session_id": head.session_id,
                "graph": None,
                "stale": [],
            }
        record = self.store.get_session(head.session_id) or head
        graph: Any = dict(record.graph_json)
        reply: GraphResponse = {
            "changed": True,
            "revision": record.revision,
            "session_id": record.session_id,
            "graph": graph,
            "stale": [],
        }
        if page is not None:  # a slice, whatever the graph's size
            sliced = typing.cast("GraphJSON", graphs.graph_page(graph, page))
            stale = stale_node_ids(graph)
            return {
                **reply,
                "graph": sliced,
                "stale": sorted(n["id"] for n in sliced["nodes"] if n["id"] in stale),
                "page": page,
                "pages": graphs.page_count(graph),
            }
        if graphs.is_large(graph):  # only counts: the pages carry their stale ids
            return {
                **reply,
                "graph": None,
                "summary": graphs.summary(graph),
                "pages": graphs.page_count(graph),
            }
        return {**reply, "stale": sorted(stale_node_ids(graph))}

    def trace(self, trace_id: str) -> TraceResponse:
        record = self.store.get_trace(trace_id)
        trace: Any = dict(record.trace_json)
        return {"session_id": record.session_id, "trace": trace}

    def list_artifacts(
        self,
        name_contains: str | None,
        notebook_path: str | None,
        latest_only: bool,
        offset: int = 0,
        limit: int = DEFAULT_PAGE,
    ) -> ArtifactListResponse:
        path = None if notebook_path is None else self._os_path(notebook_path)
        infos = self.store.list_artifacts(
            name_contains=name_contains, notebook_path=path, latest_only=latest_only
        )
        shown, page = _page(infos, offset, limit)
        return {"artifacts": [_artifact_json(info) for info in shown], **page}

    def _os_path(self, api_path: str) -> str:
        """A notebook's API path (relative to the Jupyter root) as the OS path kernels record."""
        return str(self.root_dir / api_path.lstrip("/")) if not Path(api_path).is_absolute() else api_path

    def versions(self, name: str, offset: int = 0, limit: int = DEFAULT_PAGE) -> ArtifactVersionsResponse:
        newest_first = sorted(self.store.versions(name), key=lambda info: info.version, reverse=True)
        shown, page = _page(newest_first, offset, limit)
        return {"name": name, "versions": [_artifact_json(info) for info in shown], **page}

    def artifact_detail(self, name: str, version: int | None) -> ArtifactDetailResponse:
        info = self.store.info(name, version)
        code, code_error = self._minimal_code(info)
        links: Any = [link.to_dict() for link in self.store.links_of(info.name, info.version)]
        return {"artifact": _artifact_json(info), "code": code, "code_error": code_error, "links": links}

    def delete(self, name: str, version: int | str) -> DeleteResponse:
        return {"name": name, "deleted_versions": self.store.delete(name, version)}

    def _minimal_code(self, info: ArtifactInfo) -> tuple[str | None, str | None]:
        """The artifact's minimal code, sliced from its graph snapshot (never from its value)."""
        from lineage_ext.slicing.entry_points import code_from_snapshot

        if not info.code_captured:
            return None, "This artifact was saved outside a traced session, so no code was captured."
        if info.verification_status in ("repaired", "failed"):
            repair = self.store.get_repair(info.name, info.version)
            if repair is not None and repair.code:  # the repaired (or closest) slice replaces the traced one
                return repair.annotated_code(), None
        snapshot = self.store.get_graph_snapshot(info.name, info.version)
        if snapshot is None or info.node_id is None:
            return None, "No lineage graph was recorded with this artifact."
        try:
            return code_from_snapshot(snapshot, info.node_id), None
        except LineageError as exc:
            return None, str(exc)


def _page(items: list[ArtifactInfo], offset: int, limit: int) -> tuple[list[ArtifactInfo], PageJSON]:
    """One page of a listing; ``limit`` is capped at ``MAX_PAGE`` so every reply stays bounded."""
    limit = max(1, min(limit, MAX_PAGE))
    after = offset + limit
    page: PageJSON = {
        "total": len(items),
        "offset": offset,
        "limit": limit,
        "next_offset": after if after < len(items) else None,
    }
    return items[offset:after], page


def _artifact_json(info: ArtifactInfo) -> ArtifactJSON:
    payload: Any = info.to_dict()
    if len(jsoncodec.dumps(payload["preview"])) > MAX_PREVIEW:  # saved by an older version, uncapped
        payload["preview"] = {"type": info.type_name, "kind": "object", "truncated": True}
    return typing.cast("ArtifactJSON", payload)
