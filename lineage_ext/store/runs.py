"""Pipeline runs: each run of an exported pipeline has an id and its own versions of the artifacts.

A run's outputs are ordinary versions of the artifact names the tasks save (so ``(name, version)``
stays one unambiguous address), marked in ``run_outputs`` with ``produced=1``. Marked versions never
become an artifact's *latest* and listings hide them unless asked (``include_runs``), so running an
export never changes what the notebook sees. Inside a run, a task's input resolves to the version
that same run produced (or reused from an earlier run's cache, ``produced=0``), so two concurrent
runs never mix. ``promote`` is the one way a run's outputs become the latest: it adds a new version
of each name pointing at the same blob, with the run's version as its lineage input.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import ArtifactNotFound

from . import manifest, records
from .metadata import Tx

if TYPE_CHECKING:
    from .core import ArtifactStore
    from .info import ArtifactInfo


@dataclass(frozen=True)
class RunInfo:
    """One pipeline run: id, pipeline name, start time and ``{artifact: version}`` of its outputs."""

    run_id: str
    pipeline: str | None
    started: float
    outputs: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _ensure_run(tx: Tx, run_id: str, pipeline: str | None = None) -> None:
    tx.execute(
        "INSERT INTO pipeline_runs (run_id, pipeline, started) VALUES (?, ?, ?) "
        "ON CONFLICT (run_id) DO NOTHING",
        (run_id, pipeline, time.time()),
    )
    if pipeline is not None:
        tx.execute(
            "UPDATE pipeline_runs SET pipeline = ? WHERE run_id = ? AND pipeline IS NULL", (pipeline, run_id)
        )


def begin_run(store: ArtifactStore, run_id: str, pipeline: str | None = None) -> None:
    """Register ``run_id`` (idempotent: every process of one run may call it)."""
    with store.metadata.write() as tx:
        _ensure_run(tx, run_id, pipeline)


def mark_produced(tx: Tx, run_id: str, name: str, version: int) -> None:
    """Inside the save's transaction: ``name@version`` is ``run_id``'s output, hidden from the latest."""
    _ensure_run(tx, run_id)
    tx.execute(
        "INSERT INTO run_outputs (run_id, name, version, produced) VALUES (?, ?, ?, 1) "
        "ON CONFLICT (run_id, name) DO UPDATE SET version = excluded.version, produced = 1",
        (run_id, name, version),
    )


def adopt_outputs(store: ArtifactStore, run_id: str, outputs: dict[str, int]) -> None:
    """Record versions a run reuses from an earlier run (a cached task) as this run's inputs to give."""
    with store.metadata.write() as tx:
        _ensure_run(tx, run_id)
        for name, version in outputs.items():
            tx.execute(
                "INSERT INTO run_outputs (run_id, name, version, produced) VALUES (?, ?, ?, 0) "
                "ON CONFLICT (run_id, name) DO NOTHING",
                (run_id, name, int(version)),
            )


def resolve_input(store: ArtifactStore, run_id: str | None, name: str) -> int | None:
    """The version a task of ``run_id`` reads for an unpinned ``name``; None: the notebook's latest.

    The run's own version first; else (a task process that was not given the run id) the newest
    version any run produced; else None.
    """
    with store.metadata.read() as tx:
        if run_id is not None:
            row = tx.fetchone("SELECT version FROM run_outputs WHERE run_id = ? AND name = ?", (run_id, name))
            if row is not None:
                return int(row["version"])
        row = tx.fetchone(
            "SELECT MAX(version) AS version FROM run_outputs WHERE name = ? AND produced = 1", (name,)
        )
    return None if row is None or row["version"] is None else int(row["version"])


def list_runs(store: ArtifactStore, pipeline: str | None = None) -> list[RunInfo]:
    """Every run (of ``pipeline``), newest first, with its outputs."""
    with store.metadata.read() as tx:
        runs = tx.fetchall(
            "SELECT run_id, pipeline, started FROM pipeline_runs ORDER BY started DESC, run_id DESC"
        )
        outputs = tx.fetchall("SELECT run_id, name, version FROM run_outputs ORDER BY name")
    by_run: dict[str, dict[str, int]] = {}
    for output in outputs:
        by_run.setdefault(str(output["run_id"]), {})[str(output["name"])] = int(output["version"])
    return [
        RunInfo(
            run_id=str(run["run_id"]),
            pipeline=None if run["pipeline"] is None else str(run["pipeline"]),
            started=float(run["started"]),
            outputs=by_run.get(str(run["run_id"]), {}),
        )
        for run in runs
        if pipeline is None or run["pipeline"] == pipeline
    ]


def get_run(store: ArtifactStore, run_id: str) -> RunInfo:
    for run in list_runs(store):
        if run.run_id == run_id:
            return run
    raise ArtifactNotFound(f"no pipeline run {run_id!r}")


def is_internal(name: str) -> bool:
    """Values passed between tasks (``<task>__<variable>``), not artifacts of the notebook."""
    return "__" in name


def promote(store: ArtifactStore, run_id: str, names: Sequence[str] | None = None) -> list[ArtifactInfo]:
    """Make the run's versions of ``names`` (default: its outputs except task-internal values) the latest.

    Each becomes a new version pointing at the same blob, with the run's version as its lineage input.
    """
    run = get_run(store, run_id)
    chosen = [n for n in run.outputs if not is_internal(n)] if names is None else list(names)
    missing = [n for n in chosen if n not in run.outputs]
    if missing:
        raise ArtifactNotFound(f"run {run_id} has no output named {', '.join(map(repr, missing))}")
    written: list[tuple[records.NewArtifact, int]] = []
    with store.metadata.write() as tx:
        for name in chosen:
            source = manifest.row_as_new_artifact(tx, name, run.outputs[name])
            new = dataclasses.replace(
                source,
                created=time.time(),
                input_artifacts=[(name, run.outputs[name])],
                input_files=[],
                verification_reason=source.verification_reason or f"promoted from pipeline run {run_id}",
            )
            written.append((new, records.insert_artifact(tx, new)))
    for new, version in written:
        store._write_manifest(new, version)
    return [store.info(new.name, version) for new, version in written]
