"""``save``/``get``/``delete``/``artifact_store``/``Query``: glue between a traced session and the store.

Inside a traced kernel, ``save`` asks the session for a ``Capture`` (code, graph snapshot,
lineage) and tells it about the new artifact afterwards; ``get`` tells it when a value is loaded
so later saves list it as an input. Outside one (plain Python scripts) values are saved without
code. The store is ``store.current.current_store()`` (the "Store location" rule).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .artifacts import mirrors
from .artifacts.artifact import Artifact
from .artifacts.catalog import ArtifactCatalog
from .errors import ArtifactNotFound, NothingToDelete
from .kernel.current import current_session
from .store import ArtifactInfo, ArtifactStore
from .store.config import BLOBS_ENV, resolve_store_uri
from .store.current import current_store, forget_stores
from .store.names import validate_name

if TYPE_CHECKING:
    from .ir.capture import Capture
    from .kernel.session import TracerSession

__all__ = ["Query", "artifact_store", "delete", "get", "reload", "save"]

log = logging.getLogger(__name__)


def _current_session() -> TracerSession | None:
    try:
        return current_session()
    except Exception:  # the tracer never breaks user code
        log.exception("lineage_ext: could not reach the traced session")
        return None


def _capture(session: TracerSession, value: Any, name: str) -> Capture | None:
    try:
        capture = session.capture(value, name)
    except Exception:
        log.exception("lineage_ext: capturing the code of %r failed; saving the value without code", name)
        return None
    return capture


def save(
    reference: Any,
    name: str,
    storage_backend: str | None = None,
    *,
    inputs: Sequence[tuple[str, int]] = (),
    log_to_mlflow: bool | None = None,
    **kwargs: Any,
) -> Artifact:
    """Save a value (or a ``pathlib.Path`` to a file the session wrote) as the next version of ``name``.

    ``lineage_ext.file_system`` and ``lineage_ext.db`` save the session's side effects themselves: the
    files (or SQLite databases) it wrote, with every statement needed to reproduce them as the slice.

    ``storage_backend`` picks a serializer by name (``"pickle"`` and ``"joblib"`` are opt-in only);
    ``kwargs`` are options of that serializer (e.g. ``compression="zstd"`` for parquet).
    ``inputs`` lists artifact versions the value was computed from, as ``(name, version)`` pairs, for
    lineage the tracer cannot see (plain scripts); they must exist. In a traced session they are added
    to the inputs the tracer found.
    Inside an active MLflow run the version is added to the run's lineage; ``log_to_mlflow=True``
    (or ``LINEAGE_EXT_MLFLOW_LOG=1``) also logs the value there. OpenLineage events are emitted when
    OpenLineage is configured (see docs/mlflow.md and docs/openlineage.md).
    """
    validate_name(name)
    started = mirrors.now()
    session = _current_session()
    reference = _side_effect_value(session, reference)
    capture = _capture(session, reference, name) if session is not None else None
    store = current_store()
    try:
        info = store.save_value(
            reference, name, storage_backend=storage_backend, capture=capture, inputs=inputs, **kwargs
        )
    except Exception as exc:
        mirrors.save_failed(name, capture, started, exc)
        raise
    if session is not None and capture is not None:
        try:
            session.record_artifact(name, info.version, capture.target_node_id)
        except Exception:
            log.exception("lineage_ext: the session could not record artifact %r", name)
        _verify_in_background(name, info.version)
    mirrors.after_save(
        store, info, value=reference, capture=capture, started=started, log_to_mlflow=log_to_mlflow
    )
    return Artifact(store, info)


def _side_effect_value(session: TracerSession | None, reference: Any) -> Any:
    """``lineage_ext.file_system``/``db`` become the files of that kind the session wrote."""
    from .store.sideeffects import SideEffect

    if not isinstance(reference, SideEffect):
        return reference
    from .errors import SerializationError

    if session is None:
        raise SerializationError(
            f"saving {reference!r} needs a traced session (%load_ext lineage_ext): only the tracer knows "
            "which statements wrote files or databases"
        )
    from .kernel.effects import written_files

    written = written_files(session, reference.kind)
    if not written.paths:
        what = "database (SQLite) writes" if reference.kind == "db" else "written files"
        raise SerializationError(f"this session has no {what} yet, so {reference!r} has nothing to save")
    return written


def _verify_in_background(name: str, version: int) -> None:
    """Re-run the new artifact's slice in a fresh interpreter and record the verdict (LINEAGE_EXT_VERIFY)."""
    try:
        from .slicing.verify import schedule_verification, verification_enabled

        if verification_enabled(default=True):
            blobs = os.environ.get(BLOBS_ENV)
            schedule_verification(resolve_store_uri(), blobs, name, version, cwd=os.getcwd())
    except Exception:
        log.exception("lineage_ext: could not start verifying artifact %r", name)


def pipeline_runs(pipeline: str | None = None) -> list[Any]:
    """The runs of exported pipelines (``store.runs.RunInfo``: id, pipeline, start, outputs), newest first."""
    from .store import runs

    return list(runs.list_runs(current_store(), pipeline))


def promote_run(run_id: str, artifacts: Sequence[str] | None = None) -> list[Artifact]:
    """Make a pipeline run's outputs (or just ``artifacts``) the latest versions; returns the new versions."""
    from .store import runs

    store = current_store()
    return [Artifact(store, info) for info in runs.promote(store, run_id, artifacts)]


def get(name: str | None = None, version: int | None = None, *, artifact_name: str | None = None) -> Artifact:
    """The artifact ``name`` at ``version`` (None: the latest); ``artifact_name=`` is LineaPy's keyword."""
    name = _one_name(name, artifact_name)
    store = current_store()
    info = store.info(name, version, with_lineage=False)
    session = _current_session()
    mirrors.after_load(store, info, in_session=session is not None)
    on_load = None if session is None else _load_recorder(session)
    return Artifact(store, info, on_load=on_load)


def _load_recorder(session: TracerSession) -> Callable[[Any, str, int], None]:
    def record(value: Any, name: str, version: int) -> None:
        try:
            session.record_artifact_load(value, name, version)
        except Exception:
            log.exception("lineage_ext: the session could not record loading %r", name)

    return record


def _one_name(name: str | None, artifact_name: str | None) -> str:
    if (name is None) == (artifact_name is None):
        raise TypeError("give the artifact name once, as name or artifact_name")
    return name if name is not None else artifact_name  # type: ignore[return-value]


def delete(
    name: str | None = None, version: int | str | None = None, *, artifact_name: str | None = None
) -> list[int]:
    """Delete a version (int), the ``"latest"`` or ``"all"``; returns the deleted version numbers.

    A missing name or version raises ``NothingToDelete`` (an ``ArtifactNotFound`` and a ``ValueError``).
    """
    name = _one_name(name, artifact_name)
    if version is None:  # required, as in LineaPy: deleting must never guess
        raise TypeError("delete() needs version: an int, 'latest' or 'all'")
    try:
        return current_store().delete(name, version)
    except ArtifactNotFound as exc:
        raise NothingToDelete(str(exc)) from None


def reload() -> None:
    """Forget the opened stores, so the next call reads the configuration (``options``) again."""
    forget_stores()


def artifact_store() -> ArtifactCatalog:
    """All artifact versions of the current store, newest first (a table when displayed)."""
    store = current_store()
    return ArtifactCatalog(store, store.list_artifacts())


class Query:
    """Find artifacts by lineage; each ``with_*`` returns a new, narrower query.

    ``Query().with_input_artifact("raw")`` -> artifacts computed from any version of ``raw``;
    ``.with_output_artifact("model", 3)`` -> artifacts that version 3 of ``model`` was computed from.
    """

    def __init__(self, store: ArtifactStore | None = None) -> None:
        self._store = store
        self._inputs: tuple[tuple[str, int | None], ...] = ()
        self._outputs: tuple[tuple[str, int | None], ...] = ()
        self._files: tuple[str, ...] = ()
        self._name_contains: str | None = None

    def _narrowed(self, **changes: Any) -> Query:
        query = Query(self._store)
        query.__dict__.update({**self.__dict__, **changes})
        return query

    def with_input_artifact(self, name: str, version: int | None = None) -> Query:
        return self._narrowed(_inputs=(*self._inputs, (validate_name(name), version)))

    def with_output_artifact(self, name: str, version: int | None = None) -> Query:
        return self._narrowed(_outputs=(*self._outputs, (validate_name(name), version)))

    def with_input_file(self, path: str | os.PathLike[str]) -> Query:
        return self._narrowed(_files=(*self._files, os.fspath(path)))

    def with_name_containing(self, text: str) -> Query:
        return self._narrowed(_name_contains=text)

    def infos(self) -> list[ArtifactInfo]:
        """Matching artifact versions (metadata only), newest first."""
        store = self._store or current_store()
        return store.query(self._inputs, self._outputs, self._files, self._name_contains)

    def all(self) -> list[Artifact]:
        store = self._store or current_store()
        return [Artifact(store, info) for info in self.infos()]

    def __iter__(self) -> Iterator[Artifact]:
        return iter(self.all())

    def __repr__(self) -> str:
        return (
            f"Query(inputs={list(self._inputs)}, outputs={list(self._outputs)}, files={list(self._files)}, "
            f"name_contains={self._name_contains!r})"
        )
