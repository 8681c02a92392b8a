"""``ArtifactStore``: the one object the API, the kernel, the CLI and the server talk to.

A save writes the value's blob first (``saving.py``: temp file, fsync, rename), then commits one metadata
transaction that allocates the version and inserts the row and its lineage: that commit is the
only point where the artifact becomes visible. ``load_value`` deserializes and is for the kernel
and the CLI only; the server reads ``info``/``list_artifacts``/``get_graph_snapshot``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import ArtifactNotFound, StoreError

from . import integrity, jsoncodec, links, listing, manifest, records, repairs, runs, saving, sessions, traces
from .blobs import BlobStore
from .diskerrors import store_write_error
from .gc import GCReport, collect_garbage
from .info import VERIFICATION_STATUSES, ArtifactInfo
from .loading import load_blob_value
from .metadata import MetadataDB
from .names import validate_name
from .preview import make_preview_json
from .serializers import get_serializer, type_name

if TYPE_CHECKING:
    from lineage_ext.ir.capture import Capture

_log = logging.getLogger(__name__)

VersionSpec = int | str  # an int, "latest" or "all"


class ArtifactStore:
    """Metadata DB + blob store. Cheap to build: nothing connects until the first call."""

    def __init__(self, metadata: MetadataDB, blobs: BlobStore) -> None:
        # the identity check runs before the first transaction: a lost database reads as damaged, not empty
        self.metadata: MetadataDB = integrity.GuardedMetadata(metadata, blobs)
        self.blobs = blobs

    def describe(self) -> str:
        return f"metadata={self.metadata.describe()} blobs={self.blobs.describe()}"

    def __repr__(self) -> str:
        return f"ArtifactStore({self.describe()})"

    # ---- saving and loading values ----

    def save_value(
        self,
        value: Any,
        name: str,
        storage_backend: str | None = None,
        capture: Capture | None = None,
        *,
        inputs: Sequence[tuple[str, int]] = (),
        run_id: str | None = None,
        **options: Any,
    ) -> ArtifactInfo:
        """Store ``value`` as the next version of ``name``; nothing is visible unless all of it is.

        ``inputs`` names the artifact versions ``value`` was computed from, for saves made outside a
        traced session (scripts, the task runtime): each ``(name, version)`` must exist, else
        ``ArtifactNotFound``/``VersionNotFound`` is raised and nothing is written. They are recorded as
        lineage inputs exactly like those a ``capture`` lists; both together are merged without duplicates.
        ``run_id`` saves the version as an output of that pipeline run (``store/runs.py``): it never
        becomes the latest and listings hide it.
        """
        validate_name(name)
        integrity.ensure_checked(self.metadata)  # before the blob: a first save must not look like damage
        explicit_inputs = saving.checked_inputs(inputs)
        if explicit_inputs:
            with self.metadata.read() as tx:
                saving.require_inputs(tx, explicit_inputs)  # fail before any blob is written
        serializer, (blob_hash, size) = saving.write_value(self.blobs, value, storage_backend, options)
        preview_json = make_preview_json(value)
        graph_hash = None
        if capture is not None:
            graph_hash = self._put_graph(jsoncodec.dumps(capture.graph_json, sort_keys=True).encode("utf-8"))
        base = records.NewArtifact(
            name=name,
            created=time.time(),
            type_name=type_name(value),
            serializer=serializer.name,
            blob_hash=blob_hash,
            size_bytes=size,
            preview_json=preview_json,
            code_captured=False,
            graph_hash=graph_hash,
        )
        new = saving.with_inputs(saving.with_capture(base, capture), explicit_inputs)
        with self.metadata.write() as tx:
            # again inside the commit: an input deleted meanwhile must not be recorded as lineage
            saving.require_inputs(tx, explicit_inputs)
            version = records.insert_artifact(tx, new)
            if run_id is not None:
                runs.mark_produced(tx, run_id, name, version)
        self._write_manifest(new, version, run_id)
        return self.info(name, version, with_lineage=False)

    def _write_manifest(self, new: records.NewArtifact, version: int, run_id: str | None = None) -> None:
        # after the commit: the version is saved either way; a missing manifest is what
        # `lineage-ext store check` reports and `--fix` writes
        try:
            manifest.write(self.blobs, new, version, run_id)
        except (OSError, StoreError) as exc:
            _log.warning(
                "%s version %d is saved, but its manifest could not be written (%s); "
                "run `lineage-ext store check --fix` once there is room",
                new.name,
                version,
                exc,
            )

    def _put_graph(self, data: bytes) -> str:
        try:
            return self.blobs.put_bytes(data)
        except OSError as exc:
            raise store_write_error(exc, self.blobs.describe()) from exc

    def load_value(self, name: str, version: int | None = None, allow_pickle: bool | None = None) -> Any:
        """Deserialize a stored value (hash-checked). Kernel and CLI only, never the server.

        Pickle-based versions follow the trust policy of ``store.trust`` (``allow_pickle=None``), are
        always loaded with ``allow_pickle=True`` and never with ``False``; a refusal is ``PickleRefused``.
        """
        info = self.info(name, version, with_lineage=False)

        def check(writer: Any) -> None:
            from .trust import check_pickle_load

            check_pickle_load(self, info.name, info.version, writer, allow_pickle)

        return load_blob_value(self.blobs, info.blob_hash, get_serializer(info.serializer), check)

    def read_blob(self, name: str, version: int | None = None) -> bytes:
        """The stored bytes of a value (hash-checked), without deserializing them."""
        return self.blobs.read(self.info(name, version, with_lineage=False).blob_hash)

    # ---- metadata ----

    def info(self, name: str, version: int | None = None, with_lineage: bool = True) -> ArtifactInfo:
        """One version (None: the latest), with lineage inputs/outputs unless ``with_lineage=False``."""
        validate_name(name)
        with self.metadata.read() as tx:
            row = records.find_row(tx, name, version)
            lineage = (
                records.read_lineage(tx, row["id"], row["name"], row["version"]) if with_lineage else None
            )
        return records.info_from_row(row, lineage)

    def versions(self, name: str) -> list[ArtifactInfo]:
        """Every stored version of ``name``, oldest first; raises ArtifactNotFound if there is none."""
        validate_name(name)
        with self.metadata.read() as tx:
            found = listing.list_infos(tx, name=name)
        if not found:
            raise ArtifactNotFound(f"no artifact named {name!r}")
        return sorted(found, key=lambda info: info.version)

    def list_artifacts(
        self,
        name_contains: str | None = None,
        notebook_path: str | None = None,
        latest_only: bool = False,
        include_runs: bool = False,
    ) -> list[ArtifactInfo]:
        """Artifact versions, newest first (``lineage`` is None; use ``info`` for it); versions
        produced by pipeline runs only with ``include_runs``."""
        with self.metadata.read() as tx:
            return listing.list_infos(
                tx, name_contains, notebook_path, latest_only, include_runs=include_runs
            )

    def query(
        self,
        input_artifacts: Sequence[tuple[str, int | None]] = (),
        output_artifacts: Sequence[tuple[str, int | None]] = (),
        input_files: Sequence[str] = (),
        name_contains: str | None = None,
    ) -> list[ArtifactInfo]:
        """Artifacts by lineage: computed from all ``input_artifacts`` (version None = any) and read
        all ``input_files``; and used as inputs of all ``output_artifacts``. Newest first."""
        with self.metadata.read() as tx:
            return listing.query_infos(tx, input_artifacts, output_artifacts, input_files, name_contains)

    def delete(self, name: str, version: VersionSpec) -> list[int]:
        """Delete one version (int), the ``"latest"``, or ``"all"``; returns the deleted versions.

        Blobs are left for ``gc``: another version may share them, and a concurrent save may be
        about to reference them.
        """
        validate_name(name)
        if not (isinstance(version, int) or version in ("latest", "all")):
            raise ValueError(f"version must be an int, 'latest' or 'all', not {version!r}")
        with self.metadata.write() as tx:
            return records.delete_rows(tx, name, version)

    def set_verification(self, name: str, version: int, status: str, reason: str | None = None) -> None:
        """Record the slice verification outcome of one version."""
        if status not in VERIFICATION_STATUSES:
            raise ValueError(f"verification status must be one of {VERIFICATION_STATUSES}, not {status!r}")
        with self.metadata.write() as tx:
            records.find_row(tx, name, version)
            tx.execute(
                "UPDATE artifacts SET verification_status = ?, verification_reason = ? "
                "WHERE name = ? AND version = ?",
                (status, reason, name, version),
            )

    def set_repair(self, record: repairs.RepairRecord, verification_reason: str) -> None:
        """Record a slice repair; the version's verification status becomes the repair's state."""
        repairs.put_repair(self.metadata, record, verification_reason)

    def get_repair(self, name: str, version: int) -> repairs.RepairRecord | None:
        return repairs.get_repair(self.metadata, name, version)

    def list_repairs(self) -> list[repairs.RepairRecord]:
        """Every slice repair recorded in this store, newest first."""
        return repairs.list_repairs(self.metadata)

    def get_graph_snapshot(self, name: str, version: int | None = None) -> dict[str, Any] | None:
        """The session graph JSON captured when this version was saved, or None outside a session."""
        with self.metadata.read() as tx:
            row = records.find_row(tx, name, version)
        graph_hash = row["graph_hash"]
        if graph_hash is None:
            return None
        snapshot: dict[str, Any] = jsoncodec.loads(self.blobs.read(graph_hash))
        return snapshot

    def add_link(self, name: str, version: int, link: links.ArtifactLink) -> None:
        """Record that a run in another system (e.g. MLflow) saved or loaded this version."""
        with self.metadata.write() as tx:
            links.add_link(tx, name, version, link)

    def links_of(self, name: str, version: int | None = None) -> list[links.ArtifactLink]:
        """The runs in other systems linked to this version (None: the latest)."""
        with self.metadata.read() as tx:
            return links.read_links(tx, name, version)

    def get_session_code(self, name: str, version: int | None = None) -> str | None:
        """The code of the session that saved this version, or None if it was not captured."""
        with self.metadata.read() as tx:
            row = records.find_row(tx, name, version)
            code = tx.fetchone("SELECT session_code FROM artifacts WHERE id = ?", (row["id"],))
        return None if code is None else code["session_code"]

    def gc(
        self, grace_seconds: float = 24 * 3600, progress: Callable[[int, int], None] | None = None
    ) -> GCReport:
        """Remove blobs no version references and leftover temp files, if older than the grace period."""
        return collect_garbage(self.metadata, self.blobs, grace_seconds, progress)

    # ---- session graphs (written by the kernel, read by the server) ----

    def put_session(self, record: sessions.SessionRecord) -> None:
        sessions.put_session(self.metadata, record)

    def append_session_changes(self, session_id: str, changes: Sequence[Mapping[str, Any]]) -> None:
        """Append ``ir.graph_json.GraphChangesJSON`` change sets after the session's snapshot."""
        sessions.append_session_changes(self.metadata, session_id, changes)

    def pending_session_changes(self, session_id: str) -> int:
        return sessions.pending_changes(self.metadata, session_id)

    def get_session(self, session_id: str) -> sessions.SessionRecord | None:
        return sessions.get_session(self.metadata, session_id)

    def latest_session(
        self, notebook_path: str | None = None, kernel_id: str | None = None, graph: bool = True
    ) -> sessions.SessionRecord | None:
        """The newest session (by path/kernel); ``graph=False`` skips assembling its graph."""
        return sessions.latest_session(self.metadata, notebook_path, kernel_id, graph)

    def list_sessions(self) -> list[sessions.SessionRecord]:
        return sessions.list_sessions(self.metadata)

    def session_kernel_ids(self) -> list[str | None]:
        """Every session's kernel id; cheap whatever the size of the graphs."""
        return sessions.session_kernel_ids(self.metadata)

    # ---- call traces (written by the kernel, read by the server) ----

    def put_trace(self, session_id: str, trace_json: Mapping[str, Any]) -> None:
        """Store a ``trace.trace_json.TraceResultJSON`` under its ``trace_id`` (replacing an older copy)."""
        traces.put_trace(self.metadata, session_id, trace_json)

    def get_trace(self, trace_id: str) -> traces.TraceRecord:
        """The stored trace; raises ``TraceNotFound``."""
        return traces.get_trace(self.metadata, trace_id)

    def close(self) -> None:
        self.metadata.close()
