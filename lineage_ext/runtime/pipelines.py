"""``run_pipeline``: run an exported pipeline folder with the local runtime (``lineage-ext run``).

Every export target writes the same tasks module and a ``lineage_pipeline.json`` manifest, so any
framework's folder runs here. Each pipeline task becomes one ``TaskSpec`` (``pipeline_task.py`` calls its
function in a worker), the manifest's upstream edges become ``requires()``, and the task's parameter
values plus a fingerprint of its source become its config. So the runtime's cache works as for any flow:
a task whose config and upstream configs match a stored result is skipped, and a changed parameter
re-runs the tasks that use it and everything downstream of them. Only the tasks ``tasks=`` needs run.

Each call is one pipeline run with its own run id (``store/runs.py``), given to every task through
``$LINEAGE_EXT_RUN_ID``: tasks read the versions this run produced and their saves never move the
notebook's latest. Results are the ``{artifact: version}`` dicts the task functions return; a cached
result is trusted while the versions it recorded still exist, and is adopted into this run so the tasks
after it read exactly those versions. With the ``folder`` task-io backend (no runs) a cached result is
trusted only while its versions are still the latest, as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

from lineage_ext.errors import ArtifactNotFound

from .backends import Backend
from .flow import Flow
from .pipeline_manifest import PipelineManifest, read_manifest
from .pipeline_task import PARAMETERS_KEY, SOURCE_KEY, PipelineTaskFunction
from .states import Completion, TaskRun, TaskState
from .stores import MISSING, InMemoryResultsStore, LocalFolderResultsStore, ResultsStore
from .tasks import TaskSpec
from .worker import Job

ResultsStoreChoice = ResultsStore | str | os.PathLike[str] | None
RESULTS_PREFIX = "pipeline"


def run_pipeline(  # noqa: PLR0917 (the brief's positional signature, one per CLI option)
    folder: str | os.PathLike[str],
    tasks: Sequence[str] | None = None,
    params: Mapping[str, Any] | None = None,
    num_workers: int | None = None,
    backend: Literal["process", "ray"] = "process",
    force: str | Sequence[str] | None = None,
    results_store: ResultsStoreChoice = None,
    *,
    on_task_done: Callable[[str, bool], None] | None = None,
) -> dict[str, Any]:
    """Run the exported pipeline in ``folder``; return a JSON-able report (see ``pipeline_report``).

    ``tasks``: run only these tasks and what they need (default: all). ``params``: parameter values
    (typed, or text as on a command line). ``force``: ``"all"``, ``"Task"`` or ``"Task+"`` (with the
    tasks after it). ``results_store``: ``"artifacts"`` (default: results become artifacts of the
    store the tasks use, so a later run in another process skips what is done), ``"memory"``, a
    folder path, or any ``ResultsStore``. ``on_task_done(name, ok)`` is called as each dispatched task
    ends (cached tasks never dispatch), e.g. to draw progress. A failing task does not raise: its state
    is ``failed``, the tasks after it are ``upstream_failed``, independent tasks still run and
    ``report["ok"]`` is false.
    """
    manifest = read_manifest(folder)
    values = manifest.parameter_values(params)
    run_id = _begin_run(manifest.name)
    flow = _ReportingFlow(pipeline_specs(manifest, values, tasks, run_id), on_task_done)
    inner = open_results_store(results_store, manifest)
    store: ResultsStore = _CurrentVersionsOnly(inner) if run_id is None else _PinnedToRun(inner, run_id)
    results = flow.run(num_workers, force=force, results_store=store, exit_on_error=False, backend=backend)
    runs = list(flow.runs.values())
    report = pipeline_report(manifest, values, runs, results, backend=backend, num_workers=flow.num_workers)
    report["run_id"] = run_id
    return report


def _begin_run(pipeline: str) -> str | None:
    """A new run id, registered in the artifact store (None with the folder backend, which has no runs)."""
    from lineage_ext.export import task_io

    if task_io.backend_name() != "store":
        return None
    from lineage_ext.store import runs
    from lineage_ext.store.current import current_store

    run_id = os.environ.get(task_io.RUN_ENV) or task_io.new_run_id()
    runs.begin_run(current_store(), run_id, pipeline)
    return run_id


def pipeline_specs(
    manifest: PipelineManifest,
    values: Mapping[str, Any],
    targets: Iterable[str] | None = None,
    run_id: str | None = None,
) -> list[TaskSpec]:
    """One ``TaskSpec`` per task ``targets`` needs, wired like the pipeline, run as ``run_id``."""
    from lineage_ext.export.task_io import RUN_ENV

    specs: dict[str, TaskSpec] = {}
    environment = (*store_environment(), (RUN_ENV, run_id))
    for task in manifest.needed_for(targets):
        config = {
            PARAMETERS_KEY: {key: values[key] for key in task.parameters},
            SOURCE_KEY: task.source_hash,
        }
        function = PipelineTaskFunction(str(manifest.tasks_module), task.function, environment)
        specs[task.name] = TaskSpec(function, config, name=task.name)
        specs[task.name].requires(*(specs[name] for name in task.upstream))
    return list(specs.values())


def store_environment() -> tuple[tuple[str, str | None], ...]:
    """The artifact-store settings of this process, the store made explicit, for the workers to use."""
    from lineage_ext.export.task_io import BACKEND_ENV
    from lineage_ext.store.config import BLOBS_ENV, STORE_ENV, resolve_store_uri

    store = resolve_store_uri()
    if "://" not in store:  # a local folder: workers may start in another directory
        store = os.path.abspath(store)
    return (
        (STORE_ENV, store),
        (BLOBS_ENV, os.environ.get(BLOBS_ENV)),
        (BACKEND_ENV, os.environ.get(BACKEND_ENV)),
    )


def open_results_store(choice: ResultsStoreChoice, manifest: PipelineManifest) -> ResultsStore:
    if choice is None or choice == "artifacts":
        from .artifact_store import ArtifactResultsStore

        return ArtifactResultsStore(prefix=f"{RESULTS_PREFIX}.{manifest.name}")
    if choice == "memory":
        return InMemoryResultsStore()
    if isinstance(choice, (str, os.PathLike)):
        return LocalFolderResultsStore(choice, format="json")
    return choice


class _ReportingFlow(Flow):
    """A ``Flow`` whose backend tells ``on_task_done`` about every task that ends."""

    def __init__(self, tasks: Iterable[TaskSpec], on_task_done: Callable[[str, bool], None] | None) -> None:
        super().__init__(tasks)
        self.on_task_done = on_task_done

    def _backend(self, kind: str, workers: int, resources: list[Any], start_method: str | None) -> Backend:
        backend = super()._backend(kind, workers, resources, start_method)
        return backend if self.on_task_done is None else _ReportingBackend(backend, self, self.on_task_done)


class _ReportingBackend:
    def __init__(self, inner: Backend, flow: Flow, on_task_done: Callable[[str, bool], None]) -> None:
        self.inner, self.flow, self.on_task_done = inner, flow, on_task_done

    def idle_slots(self) -> int:
        return self.inner.idle_slots()

    def submit(self, index: int, job: Job) -> None:
        self.inner.submit(index, job)

    def wait(self) -> list[Completion]:
        completions = self.inner.wait()
        for completion in completions:
            self.on_task_done(self.flow.plan.instances[completion.index].name, completion.ok)
        return completions

    def kill(self) -> list[int]:
        return self.inner.kill()

    def close(self) -> None:
        self.inner.close()


class _CurrentVersionsOnly:
    """A results store view that forgets results whose artifact versions are no longer the latest."""

    def __init__(self, inner: ResultsStore, latest: Callable[[str], int | None] | None = None) -> None:
        self.inner = inner
        self.latest = latest or latest_version

    def load(self, task_name: str, config_hash: str) -> Any:
        value = self.inner.load(task_name, config_hash)
        if value is MISSING or not isinstance(value, dict):
            return MISSING
        if any(self.latest(str(artifact)) != version for artifact, version in value.items()):
            return MISSING
        return value

    def save(self, task_name: str, config_hash: str, value: Any, unique_config: dict[str, Any]) -> None:
        self.inner.save(task_name, config_hash, value, unique_config)


class _PinnedToRun:
    """A results store view for one run: a cached result counts while its versions exist, and is
    recorded as this run's outputs so the tasks after it read exactly those versions."""

    def __init__(self, inner: ResultsStore, run_id: str) -> None:
        self.inner = inner
        self.run_id = run_id

    def load(self, task_name: str, config_hash: str) -> Any:
        from lineage_ext.store import runs
        from lineage_ext.store.current import current_store

        value = self.inner.load(task_name, config_hash)
        if value is MISSING or not isinstance(value, dict):
            return MISSING
        store = current_store()
        try:
            for artifact, version in value.items():
                store.info(str(artifact), int(version), with_lineage=False)
        except ArtifactNotFound:
            return MISSING  # a version was deleted: run the task again
        runs.adopt_outputs(store, self.run_id, {str(k): int(v) for k, v in value.items()})
        return value

    def save(self, task_name: str, config_hash: str, value: Any, unique_config: dict[str, Any]) -> None:
        self.inner.save(task_name, config_hash, value, unique_config)


def latest_version(artifact: str) -> int | None:
    """The newest version of ``artifact`` where the exported tasks keep it (``None``: none saved)."""
    from lineage_ext.export import task_folder, task_io
    from lineage_ext.store.current import current_store

    try:
        if task_io.backend_name() == "folder":
            return task_folder.latest_version(artifact)
        return current_store().info(artifact, with_lineage=False).version
    except ArtifactNotFound:
        return None


def pipeline_report(
    manifest: PipelineManifest,
    values: Mapping[str, Any],
    runs: list[TaskRun],
    results: Mapping[str, Any],
    *,
    backend: str,
    num_workers: int | None,
) -> dict[str, Any]:
    """The JSON-able outcome of one run: per task state, duration, cached flag, versions saved."""
    tasks = [_task_report(run, results.get(run.name)) for run in runs]
    counts: dict[str, int] = {}
    for task in tasks:
        key = "cached" if task["cached"] else task["state"]
        counts[key] = counts.get(key, 0) + 1
    return {
        "pipeline": manifest.name,
        "framework": manifest.framework,
        "folder": str(manifest.folder),
        "backend": backend,
        "num_workers": num_workers,
        "parameters": dict(values),
        "ok": all(run.state is TaskState.FINISHED for run in runs),
        "counts": counts,
        "tasks": tasks,
    }


def _task_report(run: TaskRun, saved: Any) -> dict[str, Any]:
    duration = None
    if run.started is not None and run.ended is not None:
        duration = round(run.ended - run.started, 6)
    return {
        "name": run.name,
        "state": str(run.state),
        "cached": run.cached,
        "duration": duration,
        "saved": dict(saved) if isinstance(saved, dict) else {},  # artifact -> version
        "error": run.error,
        "worker_id": run.worker_id,
        "pid": run.pid,
        "upstream": list(run.predecessors),
    }
