"""Task states and the per-task run record a flow keeps and returns.

Life of a task instance::

    pending ──▶ scheduled ──▶ running ──▶ finished | failed | killed
       └──────────────────────────────▶ upstream_failed    (a predecessor failed)

``scheduled`` means every predecessor finished and the task waits for a free worker. A task whose result is
already in the results store goes straight from ``scheduled`` to ``finished`` with ``cached=True``.
After Ctrl-C every task that began is ``killed``; a task handed to a worker that had not begun it, and
every ``scheduled`` one, is back to ``pending``, and the tasks after them stay ``pending`` (they did not
run), so a flow never reports a task as scheduled or running once ``run`` has returned or raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class TaskState(StrEnum):
    PENDING = "pending"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    UPSTREAM_FAILED = "upstream_failed"
    KILLED = "killed"


TERMINAL_STATES = frozenset(
    {TaskState.FINISHED, TaskState.FAILED, TaskState.UPSTREAM_FAILED, TaskState.KILLED}
)


@dataclass(slots=True)
class TaskRun:
    """What happened to one task instance during the last ``Flow.run``."""

    name: str
    spec_name: str
    config: dict[str, Any]
    config_hash: str
    state: TaskState = TaskState.PENDING
    cached: bool = False
    worker_id: int | None = None
    pid: int | None = None
    started: float | None = None  # time.time() in the process that ran it
    ended: float | None = None
    error: str | None = None  # formatted traceback of a failed task
    predecessors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "spec_name": self.spec_name,
            "config": self.config,
            "config_hash": self.config_hash,
            "state": str(self.state),
            "cached": self.cached,
            "worker_id": self.worker_id,
            "pid": self.pid,
            "started": self.started,
            "ended": self.ended,
            "error": self.error,
            "predecessors": list(self.predecessors),
        }


@dataclass(slots=True)
class Completion:
    """A backend's report that one dispatched task ended (successfully or not)."""

    index: int
    ok: bool
    value: Any  # the result when ok, else the formatted error
    worker_id: int | None
    pid: int | None
    started: float | None
    ended: float | None
