"""The scheduler: walks a ``Plan`` in dependency order over a backend, with the store as cache.

One loop for every backend: ready tasks (all predecessors finished) are ``scheduled``; a scheduled task
whose (name, config hash) is in the results store and is not forced finishes at once from the store
(``cached=True``); otherwise it is dispatched to an idle worker (``running``). Results stay in the parent
only while a successor still needs them (or the caller asked for them). A failure marks everything
downstream ``upstream_failed``; with ``exit_on_error`` nothing new starts after it, the tasks already
running are allowed to finish, then ``TaskFailed`` is raised. Ctrl-C kills the workers (see ``states.py``);
the backend tells which tasks had begun (``kill()``), the others were never started.

Work per task is O(1 + its edges), so the overhead stays flat on large graphs.
"""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, Literal

from lineage_ext.errors import TaskFailed

from .backends import Backend
from .plan import Plan, TaskInstance
from .states import Completion, TaskRun, TaskState
from .stores import MISSING, ResultsStore
from .worker import Job

ReturnResults = Literal["all", "latest", "none"]


class Scheduler:
    def __init__(
        self,
        plan: Plan,
        runs: list[TaskRun],
        store: ResultsStore,
        forced: set[int],
        return_results: ReturnResults,
    ) -> None:
        self.plan = plan
        self.runs = runs
        self.store = store
        self.forced = forced
        self.return_results = return_results
        self.values: dict[int, Any] = {}
        self.waiting_on = [len(instance.predecessors) for instance in plan.instances]
        self.consumers_left = [len(instance.successors) for instance in plan.instances]
        self.ready: deque[int] = deque(i for i, n in enumerate(self.waiting_on) if n == 0)
        self.must_run: deque[int] = deque()  # scheduled, not in the store (or forced): needs a worker
        self.failed: list[int] = []

    def run(
        self,
        make_backend: Callable[[], Backend],
        exit_on_error: bool,
        check_interrupt: Callable[[], None] = lambda: None,
    ) -> dict[str, Any]:
        """Build the backend and run the plan on it; the backend is closed before returning.

        ``check_interrupt`` raises a deferred Ctrl-C (see ``interrupts.py``); it is called only where
        task states and the backend agree, so an interrupt never strands a task ``scheduled``.
        """
        in_flight: set[int] = set()
        backend: Backend | None = None
        try:
            for index in self.ready:
                self.runs[index].state = TaskState.SCHEDULED
            backend = make_backend()
            while True:
                check_interrupt()
                self._dispatch(backend, in_flight, exit_on_error)
                check_interrupt()
                if not in_flight:
                    break
                for completion in backend.wait():
                    in_flight.discard(completion.index)
                    self._complete(completion)
        except BaseException:  # Ctrl-C, or a results store failing to load: leave no task running
            self._interrupted([] if backend is None else backend.kill())
            raise
        finally:
            if backend is not None:
                backend.close()
        self._unschedule()
        if self.failed and exit_on_error:
            first = self.runs[self.failed[0]]
            raise TaskFailed(first.name, first.error or "", [self.runs[i].name for i in self.failed])
        return self._results()

    def _dispatch(self, backend: Backend, in_flight: set[int], exit_on_error: bool) -> None:
        """Finish cached tasks and start others until no worker is idle or nothing is ready."""
        while not (exit_on_error and self.failed):
            if self.ready:
                index = self.ready.popleft()
                if not self._finish_from_store(index):
                    self.must_run.append(index)
            elif self.must_run and backend.idle_slots() > 0:
                index = self.must_run.popleft()
                self.runs[index].state = TaskState.RUNNING
                in_flight.add(index)
                backend.submit(index, self._job(index))
            else:
                return

    def _finish_from_store(self, index: int) -> bool:
        if index in self.forced:
            return False
        instance = self.plan.instances[index]
        value = self.store.load(instance.spec_name, instance.config_hash)
        if value is MISSING:
            return False
        self.runs[index].cached = True
        self._succeeded(index, value)
        return True

    def _job(self, index: int) -> Job:
        instance = self.plan.instances[index]
        return Job(
            instance.target,
            instance.name,
            instance.spec_name,
            instance.config,
            instance.config_hash,
            self._inputs(instance),
        )

    def _inputs(self, instance: TaskInstance) -> dict[str, Any]:
        inputs: dict[str, Any] = {}
        for pred in instance.predecessors:
            name = self.plan.instances[pred].spec_name
            if instance.reduce:
                inputs.setdefault(name, []).append(self.values[pred])
            else:
                inputs[name] = self.values[pred]
        for pred in instance.predecessors:  # reference counting: drop results nobody needs any more
            self.consumers_left[pred] -= 1
            if self.consumers_left[pred] == 0 and not self._keep(pred):
                del self.values[pred]
        return inputs

    def _keep(self, index: int) -> bool:
        if self.return_results == "all":
            return True
        return self.return_results == "latest" and not self.plan.instances[index].successors

    def _complete(self, completion: Completion) -> None:
        run = self.runs[completion.index]
        run.worker_id, run.pid = completion.worker_id, completion.pid
        run.started, run.ended = completion.started, completion.ended
        if completion.ok:
            instance = self.plan.instances[completion.index]
            try:
                self.store.save(
                    instance.spec_name, instance.config_hash, completion.value, self._unique(instance)
                )
            except Exception:
                self._failed(completion.index, "the result could not be saved:\n" + traceback.format_exc())
                return
            self._succeeded(completion.index, completion.value)
        else:
            self._failed(completion.index, str(completion.value))

    def _failed(self, index: int, error: str) -> None:
        self.runs[index].state, self.runs[index].error = TaskState.FAILED, error
        self.failed.append(index)
        self._mark_upstream_failed(self.plan.instances[index].successors)

    def _unique(self, instance: TaskInstance) -> dict[str, Any]:
        requires = {
            self.plan.instances[p].name: self.plan.instances[p].config_hash for p in instance.predecessors
        }
        return {
            "task": instance.spec_name,
            "config": instance.config,
            "hash": instance.config_hash,
            "requires": requires,
        }

    def _succeeded(self, index: int, value: Any) -> None:
        self.runs[index].state = TaskState.FINISHED
        if self.consumers_left[index] > 0 or self._keep(index):
            self.values[index] = value
        for successor in self.plan.instances[index].successors:
            self.waiting_on[successor] -= 1
            if self.waiting_on[successor] == 0 and self.runs[successor].state is TaskState.PENDING:
                self.runs[successor].state = TaskState.SCHEDULED
                self.ready.append(successor)

    def _mark_upstream_failed(self, roots: Iterable[int]) -> None:
        for index in self.plan.descendants(roots):
            if self.runs[index].state in (TaskState.PENDING, TaskState.SCHEDULED):
                self.runs[index].state = TaskState.UPSTREAM_FAILED
        self.ready = deque(i for i in self.ready if self.runs[i].state is TaskState.SCHEDULED)
        self.must_run = deque(i for i in self.must_run if self.runs[i].state is TaskState.SCHEDULED)

    def _interrupted(self, began: list[int]) -> None:
        """After Ctrl-C: tasks that began are killed; tasks handed to a worker that never began them
        did not run, so they go back to pending like the scheduled ones."""
        started = set(began)
        for index, run in enumerate(self.runs):
            if run.state is TaskState.RUNNING:
                run.state = TaskState.KILLED if index in started else TaskState.PENDING
        self._unschedule()

    def _unschedule(self) -> None:
        """Tasks that were ready but never started go back to pending: they did not run."""
        for run in self.runs:
            if run.state is TaskState.SCHEDULED:
                run.state = TaskState.PENDING
        self.ready.clear()
        self.must_run.clear()

    def _results(self) -> dict[str, Any]:
        if self.return_results == "none":
            return {}
        return {
            self.runs[index].name: value for index, value in sorted(self.values.items()) if self._keep(index)
        }
