"""``Flow``: the user-facing entry point that plans a set of ``TaskSpec`` objects and runs them.

``Flow(tasks).run(...)`` expands the grids, picks a backend and a worker count, runs the scheduler and
keeps the per-task record (``flow.runs``, ``flow.states``) of the last run, also after a failure or Ctrl-C.
The default results store is an in-memory store owned by the flow, so running a flow again skips what
already finished unless ``force`` says otherwise.

Worker processes are started fresh (``forkserver``/``spawn``), so a *script* that runs a flow must keep its
top-level code under ``if __name__ == "__main__":`` (the usual multiprocessing rule); notebooks need nothing.
Task functions defined in a notebook or in ``__main__`` reach the workers by value through cloudpickle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from lineage_ext.errors import RuntimeGraphError

from .backends import Backend, InlineBackend, ProcessBackend, default_start_method
from .execute import ReturnResults, Scheduler
from .interrupts import DeferredInterrupts
from .plan import Plan, available_cpus, build_plan
from .states import TaskRun, TaskState
from .stores import InMemoryResultsStore, ResultsStore
from .tasks import TaskSpec
from .view import GraphView, flow_view


class Flow:
    """A task graph ready to run: ``Flow([spec_a, spec_b, ...])``; specs reachable from them join too."""

    def __init__(self, tasks: Iterable[TaskSpec]) -> None:
        self.tasks = list(tasks)
        if not self.tasks:
            raise RuntimeGraphError("a Flow needs at least one TaskSpec")
        self.plan: Plan = build_plan(self.tasks)
        self.results_store: ResultsStore = InMemoryResultsStore()
        self.runs: dict[str, TaskRun] = {}
        self.num_workers: int | None = None  # the count the last run used (0 = in-process)
        self._reset_runs()

    @property
    def states(self) -> dict[str, TaskState]:
        return {name: run.state for name, run in self.runs.items()}

    def optimal_num_workers(self) -> int:
        """The graph's maximum width, capped by the CPUs this process may use."""
        return max(1, min(self.plan.max_width(), available_cpus()))

    def run(
        self,
        num_workers: int | None = None,
        *,
        resources: Sequence[Any] | None = None,
        force: str | Sequence[str] | None = None,
        return_results: ReturnResults = "all",
        results_store: ResultsStore | None = None,
        exit_on_error: bool = True,
        backend: Literal["process", "ray"] = "process",
        start_method: Literal["spawn", "forkserver"] | None = None,
    ) -> dict[str, Any]:
        """Run every task whose result is not already stored; return results by task instance name.

        ``num_workers=0`` runs in this process; ``None`` uses ``optimal_num_workers()``. ``resources`` (GPU
        ids, ...) are handed to workers round-robin and reach tasks as ``task.resource``.
        ``return_results``: ``"all"``, ``"latest"`` (tasks without successors) or ``"none"``.
        Worker processes start with ``forkserver`` where the platform has it (cheap starts after the
        first run), else ``spawn``; never ``fork``, which is unsafe in threaded kernels.
        """
        if return_results not in ("all", "latest", "none"):
            raise RuntimeGraphError(
                f"return_results must be 'all', 'latest' or 'none', not {return_results!r}"
            )
        if num_workers is not None and num_workers < 0:
            raise RuntimeGraphError(f"num_workers must be >= 0, not {num_workers}")
        if results_store is not None:
            self.results_store = results_store
        forced = self.plan.forced(force)
        self._reset_runs()
        workers = self.optimal_num_workers() if num_workers is None else num_workers
        self.num_workers = workers
        scheduler = Scheduler(self.plan, list(self.runs.values()), self.results_store, forced, return_results)
        # the backend is built inside the scheduler's guarded block: Ctrl-C while workers start is
        # deferred like any other (workers run elsewhere), so states and workers stay consistent
        with DeferredInterrupts(enabled=backend == "ray" or workers > 0) as guard:
            return scheduler.run(
                lambda: self._backend(backend, workers, list(resources or []), start_method),
                exit_on_error,
                guard.check,
            )

    def _backend(self, kind: str, workers: int, resources: list[Any], start_method: str | None) -> Backend:
        if kind == "ray":
            from .ray_backend import RayBackend

            return RayBackend(max(workers, 1), resources)
        if kind != "process":
            raise RuntimeGraphError(f"backend must be 'process' or 'ray', not {kind!r}")
        if workers == 0:
            return InlineBackend(resources[0] if resources else None)
        return ProcessBackend(workers, resources, start_method or default_start_method())

    def _reset_runs(self) -> None:
        instances = self.plan.instances
        self.runs = {
            instance.name: TaskRun(
                instance.name,
                instance.spec_name,
                instance.config,
                instance.config_hash,
                predecessors=[instances[p].name for p in instance.predecessors],
            )
            for instance in instances
        }

    def configs(self, spec_name: str) -> list[dict[str, Any]]:
        """The expanded configs of one spec's instances, in run order (useful to check a grid)."""
        if spec_name not in self.plan.by_spec:
            raise RuntimeGraphError(f"no task named {spec_name!r}")
        return [self.plan.instances[index].config for index in self.plan.by_spec[spec_name]]

    def view(self) -> GraphView:
        """The task graph with each task coloured by its state in the last run."""
        return flow_view(list(self.runs.values()))
