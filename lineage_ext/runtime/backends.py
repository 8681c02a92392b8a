"""Execution backends: where dispatched tasks run. The scheduler (``execute.py``) talks to one interface.

* ``InlineBackend``: in the calling process, one task at a time (``num_workers=0``). No pickling; used for
  debugging and for measuring the scheduler's own overhead.
* ``ProcessBackend``: ``n`` worker processes for one run, started with ``forkserver`` (default where
  available) or ``spawn``; never ``fork``: the kernels we run in have threads. Each worker owns one pipe;
  a task is sent only to an idle worker, so no queue can hold work a dying worker took with it.
  A worker that dies (segfault, ``os._exit``) fails its task and is replaced. Resources go to workers
  round-robin. A worker marks (in shared memory) when a task's code begins, so Ctrl-C can tell
  killed tasks from tasks that were handed over but never started.
* ``RayBackend`` lives in ``ray_backend.py``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
from collections import deque
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from lineage_ext.errors import RuntimeGraphError

from .interrupts import interruptible
from .states import Completion
from .worker import Job, dumps, worker_main


class Backend(Protocol):
    def idle_slots(self) -> int: ...

    def submit(self, index: int, job: Job) -> None: ...

    def wait(self) -> list[Completion]: ...

    def kill(self) -> list[int]:
        """Stop everything now; return the indices of the tasks that had begun running.

        A task handed to a worker that had not begun it is not listed: it did not run.
        """
        ...

    def close(self) -> None: ...


class InlineBackend:
    """Runs each task when it is submitted, in this process."""

    def __init__(self, resource: Any = None) -> None:
        self.resource = resource
        self._done: deque[Completion] = deque()
        self._running: int | None = None  # set while a task runs: Ctrl-C inside it kills it

    def idle_slots(self) -> int:
        # busy until the scheduler has collected the last outcome, so a failure stops the next dispatch
        return 0 if self._done else 1

    def submit(self, index: int, job: Job) -> None:
        self._running = index
        ok, value, started, ended = job.run(self.resource, None)
        self._running = None
        self._done.append(Completion(index, ok, value, None, os.getpid(), started, ended))

    def wait(self) -> list[Completion]:
        done = list(self._done)
        self._done.clear()
        return done

    def kill(self) -> list[int]:
        return [] if self._running is None else [self._running]

    def close(self) -> None:
        self._done.clear()


def default_start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _give_main_a_spec() -> None:
    """Let multiprocessing prepare workers when ``__main__`` is an in-process IPython user module.

    An embedded ``InteractiveShell`` installs its own ``__main__`` object without ``__spec__``, and
    spawn/forkserver preparation reads that attribute unconditionally. ``None`` is what an interactive
    ``__main__`` has in a plain interpreter: the workers then do not try to re-import the main module.
    """
    main = sys.modules.get("__main__")
    if main is not None and not hasattr(main, "__spec__"):
        # an immutable __main__ is left alone: spawn then reports the problem itself
        with contextlib.suppress(AttributeError, TypeError):
            main.__spec__ = None


WAKE_UP_SECONDS = 0.2


class _Worker:
    def __init__(self, context: Any, worker_id: int, resource: Any, began: Any) -> None:
        self.worker_id = worker_id
        self.resource = resource
        self.connection, child_end = multiprocessing.Pipe(duplex=True)
        began[worker_id] = 0
        self.process: BaseProcess = context.Process(
            target=worker_main,
            args=(worker_id, child_end, resource, began),
            name=f"lineage-ext-worker-{worker_id}",
        )
        self.process.daemon = True  # never outlive the parent
        self.process.start()
        child_end.close()
        self.task: int | None = None


class ProcessBackend:
    """A pool of worker processes, one task per worker at a time."""

    def __init__(
        self, num_workers: int, resources: list[Any] | None = None, start_method: str = "spawn"
    ) -> None:
        if start_method not in ("spawn", "forkserver"):
            raise RuntimeGraphError(f"start_method must be 'spawn' or 'forkserver', not {start_method!r}")
        self._context = multiprocessing.get_context(start_method)
        self._resources = resources or [None]
        self._began = self._context.RawArray("q", max(num_workers, 1))  # per worker: index + 1 it began
        _give_main_a_spec()
        self.workers: list[_Worker] = []
        try:
            for worker_id in range(num_workers):
                self.workers.append(self._start(worker_id))
        except BaseException:  # Ctrl-C or a failed start: no worker may outlive the flow
            self.kill()
            self.close()
            raise

    def _start(self, worker_id: int) -> _Worker:
        return _Worker(
            self._context, worker_id, self._resources[worker_id % len(self._resources)], self._began
        )

    def idle_slots(self) -> int:
        return sum(1 for worker in self.workers if worker.task is None)

    def submit(self, index: int, job: Job) -> None:
        worker = next(worker for worker in self.workers if worker.task is None)
        worker.task = index
        self._began[worker.worker_id] = 0
        worker.connection.send((index, dumps(job)))

    def wait(self) -> list[Completion]:
        """Completions that arrived; may be empty: it returns every ``WAKE_UP_SECONDS`` regardless.

        Waking up lets the scheduler act on a deferred Ctrl-C, and lets a Ctrl-C delivered to another
        thread run its handler (Python runs handlers only when the main thread executes bytecode).
        """
        busy = [worker for worker in self.workers if worker.task is not None]
        if not busy:
            return []
        handles: list[Any] = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        with interruptible():
            ready = set(wait(handles, timeout=WAKE_UP_SECONDS))
        done: list[Completion] = []
        for worker in busy:
            if worker.connection in ready:
                done.append(self._receive(worker))
            elif worker.process.sentinel in ready:
                done.append(self._replace_dead(worker))
        return done

    def _receive(self, worker: _Worker) -> Completion:
        try:
            index, ok, packed, worker_id, pid, started, ended = pickle.loads(worker.connection.recv_bytes())
        except (EOFError, OSError):
            return self._replace_dead(worker)
        worker.task = None
        return Completion(index, ok, pickle.loads(packed), worker_id, pid, started, ended)

    def _replace_dead(self, worker: _Worker) -> Completion:
        worker.process.join()
        index = worker.task
        assert index is not None
        message = f"worker process {worker.process.pid} died with exit code {worker.process.exitcode}"
        self.workers[self.workers.index(worker)] = self._start(worker.worker_id)
        return Completion(index, False, message, worker.worker_id, worker.process.pid, None, None)

    def kill(self) -> list[int]:
        for worker in self.workers:
            worker.process.kill()
        began: list[int] = []
        for worker in self.workers:
            worker.process.join()
            # read after the kill: the worker marks a task just before its code runs
            if worker.task is not None and self._began[worker.worker_id] == worker.task + 1:
                began.append(worker.task)
            worker.task = None
        return began

    def close(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                with contextlib.suppress(OSError):  # it died meanwhile: nothing to tell it
                    worker.connection.send(None)
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
