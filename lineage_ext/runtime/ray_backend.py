"""``backend="ray"``: the same scheduler, with tasks running as Ray Core remote functions.

Ray is optional and imported only here. ``num_workers`` becomes the number of task slots (tasks in flight
at once); resources go to slots round-robin, like process workers. If no Ray runtime is connected, a
local one is started (``ray.init``) for the run and shut down afterwards; a runtime the caller started is
left running. Ctrl-C cancels the in-flight Ray tasks with ``force=True``.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

from lineage_ext.errors import RuntimeGraphError

from .backends import WAKE_UP_SECONDS
from .interrupts import interruptible
from .states import Completion
from .worker import Job, dumps, execute


def _run_in_ray(payload: bytes, resource: Any, slot: int) -> bytes:
    ok, value, started, ended = execute(payload, resource, slot)
    try:
        packed = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        ok, packed = False, pickle.dumps(f"the result cannot be sent back to the driver: {exc!r}")
    return pickle.dumps((ok, packed, os.getpid(), started, ended))


class RayBackend:
    def __init__(self, num_workers: int, resources: list[Any] | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise RuntimeGraphError("backend='ray' needs Ray installed: pip install 'ray==2.*'") from exc
        self._ray = ray
        self._started_here = not ray.is_initialized()
        if self._started_here:
            ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
        self._remote = ray.remote(num_cpus=1, max_retries=0)(_run_in_ray)
        self._resources = resources or [None]
        self._slots: list[int | None] = [None] * num_workers  # slot -> task index in flight
        self._refs: dict[Any, int] = {}  # object ref -> slot

    def idle_slots(self) -> int:
        return sum(1 for task in self._slots if task is None)

    def submit(self, index: int, job: Job) -> None:
        slot = self._slots.index(None)
        self._slots[slot] = index
        resource = self._resources[slot % len(self._resources)]
        self._refs[self._remote.remote(dumps(job), resource, slot)] = slot

    def wait(self) -> list[Completion]:
        if not self._refs:
            return []
        # return now and then (maybe with nothing) so the scheduler can act on a deferred Ctrl-C
        with interruptible():
            ready, _ = self._ray.wait(list(self._refs), num_returns=1, timeout=WAKE_UP_SECONDS)
        done: list[Completion] = []
        for ref in ready:
            slot = self._refs.pop(ref)
            index = self._slots[slot]
            assert index is not None
            self._slots[slot] = None
            try:
                ok, packed, pid, started, ended = pickle.loads(self._ray.get(ref))
                done.append(Completion(index, ok, pickle.loads(packed), slot, pid, started, ended))
            except Exception as exc:  # the Ray task itself died (worker crash, OOM kill)
                done.append(Completion(index, False, f"Ray task failed: {exc!r}", slot, None, None, None))
        return done

    def kill(self) -> list[int]:
        # Ray does not say whether a task's code began: every task handed to Ray counts as killed
        running = [index for index in self._slots if index is not None]
        for ref in self._refs:
            self._ray.cancel(ref, force=True)
        self._refs.clear()
        self._slots = [None] * len(self._slots)
        return running

    def close(self) -> None:
        if self._refs:
            self.kill()
        if self._started_here and self._ray.is_initialized():
            self._ray.shutdown()
