"""Mirror artifact saves and loads to where teams already look: MLflow runs and OpenLineage.

``api.save``/``api.get`` and the exported tasks' ``export.task_io`` call these after the store has
committed (``save_failed`` when a save raised). Each mirror costs nothing unless it is in use: MLflow
only when the user's code imported ``mlflow`` and a run is active, OpenLineage only when it is
configured. A mirror never raises.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lineage_ext.ir.capture import Capture
    from lineage_ext.store import ArtifactInfo, ArtifactStore

log = logging.getLogger(__name__)
# artifacts loaded in this process outside a traced session: the inputs of a pipeline task's saves
_process_loads: dict[tuple[str, int], None] = {}  # an ordered set
_loads_lock = threading.Lock()
# the exported pipeline task whose code is saving (set by ``export.task_io``), for OpenLineage's job
_task: ContextVar[str | None] = ContextVar("lineage_ext_task", default=None)


@contextmanager
def running_task(name: str) -> Iterator[None]:
    token = _task.set(name)
    try:
        yield
    finally:
        _task.reset(token)


def now() -> datetime:
    return datetime.now(UTC)


def after_save(
    store: ArtifactStore,
    info: ArtifactInfo,
    *,
    value: Any,
    capture: Capture | None,
    started: datetime,
    log_to_mlflow: bool | None,
) -> None:
    if "mlflow" in sys.modules:
        from lineage_ext.lineage.auto import link_artifact, should_log_values

        link_artifact(store, info, "output", value, should_log_values(log_to_mlflow))
    _openlineage(info.name, info.version, capture=capture, started=started, preview=info.preview, error=None)


def save_failed(name: str, capture: Capture | None, started: datetime, error: BaseException) -> None:
    _openlineage(name, None, capture=capture, started=started, preview={}, error=error)


def after_load(store: ArtifactStore, info: ArtifactInfo, in_session: bool) -> None:
    if not in_session:
        with _loads_lock:
            _process_loads[info.name, info.version] = None
    if "mlflow" in sys.modules:
        from lineage_ext.lineage.auto import link_artifact

        link_artifact(store, info, "input")


def _openlineage(
    name: str,
    version: int | None,
    *,
    capture: Capture | None,
    started: datetime,
    preview: dict[str, Any],
    error: BaseException | None,
) -> None:
    try:  # the package needs the optional openlineage extra (attrs, the client)
        from lineage_ext.openlineage import SaveRecord, configured, emit_save
        from lineage_ext.openlineage.events import default_job
    except ImportError:
        return
    if not configured():
        return
    try:
        job_name, job_kind = default_job(capture.notebook_path if capture else None, _task.get())
        record = SaveRecord(
            artifact=name,
            version=version,
            started=started,
            ended=now(),
            job_name=job_name,
            job_kind=job_kind,
            preview=preview,
            error=error,
            **_inputs_and_outputs(capture),
        )
        emit_save(record, (lambda: _slice_code(capture)) if capture else (lambda: None))
    except Exception:
        log.warning("lineage_ext: could not queue OpenLineage events for %r", name, exc_info=True)


def _inputs_and_outputs(capture: Capture | None) -> dict[str, Any]:
    """What a save read and wrote: from the session's capture, else the artifacts this process loaded."""
    if capture is None:
        with _loads_lock:
            return {"input_artifacts": tuple(_process_loads)}
    return {
        "input_artifacts": tuple(capture.input_artifacts),
        "input_files": tuple(path for path, _sha in capture.input_files),
        "output_files": written_files(capture),
        "packages": dict(capture.packages),
    }


def written_files(capture: Capture) -> tuple[str, ...]:
    """Files written by the statements the saved value depends on (its slice's side effects)."""
    from lineage_ext.ir import Graph

    graph = Graph.from_json(capture.graph_json)
    if capture.target_node_id not in {node.id for node in graph.nodes}:
        return ()
    upstream = {node.id for node in graph.upstream([capture.target_node_id])}
    paths = [
        graph.node(edge.target).path
        for edge in graph.edges
        if edge.kind == "writes_file" and edge.source in upstream
    ]
    return tuple(dict.fromkeys(path for path in paths if path))


def _slice_code(capture: Capture) -> str | None:
    from lineage_ext.slicing.entry_points import code_from_snapshot

    return code_from_snapshot(capture.graph_json, capture.target_node_id)
