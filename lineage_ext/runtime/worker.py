"""What runs inside a worker: unpacking a task payload, calling it, packing the outcome.

This module is the whole import footprint of a worker process (spawn/forkserver children import it
first), so it stays small and imports nothing heavy. The parent side of workers is in ``backends.py``.

Payloads are pickled with cloudpickle when it is installed, so functions defined in a notebook or a
script's ``__main__`` travel by value; otherwise plain pickle, which needs importable functions.
"""

from __future__ import annotations

import functools
import importlib
import os
import pickle
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .tasks import Task, TaskCallable, invoke


def dumps(value: Any) -> bytes:
    try:  # imported by name: cloudpickle ships no type information
        cloudpickle: Any = importlib.import_module("cloudpickle")
    except ImportError:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return bytes(cloudpickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def make_context(
    name: str,
    spec_name: str,
    config: dict[str, Any],
    *,
    config_hash: str,
    resource: Any,
    worker_id: int | None,
) -> Task:
    context = Task()
    context.name, context.spec_name, context.config = name, spec_name, config
    context.config_hash, context.resource, context.worker_id = config_hash, resource, worker_id
    return context


@dataclass(slots=True)
class Job:
    """Everything one task instance needs to run, in any process."""

    target: TaskCallable
    name: str
    spec_name: str
    config: dict[str, Any]
    config_hash: str
    inputs: dict[str, Any]

    def run(
        self, resource: Any, worker_id: int | None, on_begin: Callable[[], None] | None = None
    ) -> tuple[bool, Any, float, float]:
        """Call the task; returns (ok, result or formatted traceback, started, ended).

        ``on_begin`` is called just before the task's own code, so a parent told "began" knows a kill
        now stops user code (and one never told knows the task did not run).
        """
        started = time.time()
        try:
            context = make_context(
                self.name,
                self.spec_name,
                self.config,
                config_hash=self.config_hash,
                resource=resource,
                worker_id=worker_id,
            )
            if on_begin is not None:
                on_begin()
            value = invoke(self.target, context, self.config, self.inputs)
        except Exception:
            return False, traceback.format_exc(), started, time.time()
        return True, value, started, time.time()


def execute(
    payload: bytes, resource: Any, worker_id: int | None, on_begin: Callable[[], None] | None = None
) -> tuple[bool, Any, float, float]:
    """Unpickle a ``Job`` sent by the parent and run it."""
    started = time.time()
    try:
        job: Job = pickle.loads(payload)
    except Exception:
        return (
            False,
            "the task could not be unpickled in the worker:\n" + traceback.format_exc(),
            started,
            started,
        )
    return job.run(resource, worker_id, on_begin)


def worker_main(worker_id: int, connection: Connection, resource: Any, began: Any) -> None:
    """Loop of a worker process: receive (index, payload), send back the outcome; ``None`` stops it.

    ``began`` is an array shared with the parent: right before a task's own code runs, the worker stores
    ``index + 1`` in its slot. A plain memory write, no message: it wakes nobody, so a Ctrl-C kill is not
    drawn to the moment a task starts, and the parent reads it after the kill to tell killed tasks from
    tasks that never began.
    """
    # Ctrl-C is the parent's business: it kills workers and records the states.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pid = os.getpid()
    while True:
        try:
            message = connection.recv()
        except EOFError:  # parent went away
            return
        if message is None:
            return
        index, payload = message
        ok, value, started, ended = execute(
            payload, resource, worker_id, on_begin=functools.partial(began.__setitem__, worker_id, index + 1)
        )
        try:
            packed = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            ok, packed = False, pickle.dumps(f"the result cannot be sent back to the parent process: {exc!r}")
        connection.send_bytes(pickle.dumps((index, ok, packed, worker_id, pid, started, ended)))
