"""fluidml's ``Task``: the object a task runs as (or receives as ``task=``), with store access and run info.

Owns what a task sees while it runs: ``save/load/delete/delete_run/open/get_store_context`` on the
flow's results store, keyed by the task's name and ``unique_config`` (its own config plus, recursively,
its predecessors'), and ``id``/``info``/``run_name``/``project_name``. ``TaskRunner`` is the callable the
runtime schedules for a fluidml task: it builds the ``Task``, hands predecessors' saved objects to
``run`` by name (a list of ``Sweep`` for reduce tasks) and returns the run's record, which ``flow.py``
turns into ``TaskResults``.
"""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import asdict, dataclass
from typing import Any, cast

from lineage_ext.runtime.tasks import Task as RuntimeTask
from lineage_ext.runtime.tasks import _accepted

from .storage import FilePromise, ResultsStore, StoreContext, Sweep, unique_hash


@dataclass(slots=True)
class TaskInfo:
    project_name: str
    run_name: str
    state: str | None = None
    started: dt.datetime | None = None
    ended: dt.datetime | None = None
    duration: dt.timedelta | None = None
    run_history: dict[str, Any] | None = None
    sweep_counter: str | None = None
    unique_config_hash: str | None = None
    id: str | None = None


@dataclass(slots=True)
class TaskResults:
    """What one task run saved (``results``: name -> object), its info and its unique config."""

    results: dict[str, Any]
    info: TaskInfo
    config: dict[str, Any]


class Task(RuntimeTask):
    """Base class of fluidml-style class tasks: ``__init__(**config)`` and ``run(**results)``."""

    def __init__(self, name: str | None = None, **fields: Any) -> None:
        self.name = name or ""
        self.unique_name = fields.get("unique_name")
        self.project_name = fields.get("project_name", "uncategorized")
        self.run_name: str | None = fields.get("run_name")
        self.unique_config: dict[str, Any] = fields.get("unique_config") or {}
        self.results_store: ResultsStore | None = fields.get("results_store")
        self.config = fields.get("config") or {}
        self.reduce = fields.get("reduce")
        self.force = fields.get("force")
        self.state: str | None = fields.get("state")
        self.started: dt.datetime | None = None
        self._saved: dict[str, str | None] = {}
        self._objects: dict[str, Any] = {}

    @property
    def unique_config_hash(self) -> str:
        return unique_hash(self.unique_config)

    @property
    def sweep_counter(self) -> str | None:
        return self.unique_config_hash if self.run_name else None

    @property
    def id(self) -> str:
        """The run name and sweep counter, or the unique config hash when there is no run name."""
        return f"{self.run_name}-{self.sweep_counter}" if self.run_name else self.unique_config_hash

    @property
    def info(self) -> TaskInfo:
        ended = dt.datetime.now(dt.UTC) if self.started else None
        return TaskInfo(
            project_name=self.project_name,
            run_name=self.run_name or self.id,
            state=self.state,
            started=self.started,
            ended=ended,
            duration=ended - self.started if ended and self.started else None,
            sweep_counter=self.sweep_counter,
            unique_config_hash=self.unique_config_hash,
            id=self.id,
        )

    def _store(self) -> ResultsStore:
        if self.results_store is None:
            raise RuntimeError("this task is not running in a Flow; it has no results store")
        info = getattr(self.results_store, "run_info", None)
        if isinstance(info, dict):
            info["run_name"] = self.run_name
        return self.results_store

    def _where(self, task_name: str | None, unique: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
        return task_name or self.name, self.unique_config if unique is None else unique

    def save(self, obj: Any, name: str, type_: str | None = None, **kwargs: Any) -> None:
        self._store().save(obj, name, type_, self.name, self.unique_config, **kwargs)
        self._saved[name] = type_
        if self._store().in_process:
            self._objects[name] = obj

    def load(
        self,
        name: str,
        task_name: str | None = None,
        task_unique_config: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        return self._store().load(name, *self._where(task_name, task_unique_config), **kwargs)

    def delete(
        self, name: str, task_name: str | None = None, task_unique_config: dict[str, Any] | None = None
    ) -> None:
        self._store().delete(name, *self._where(task_name, task_unique_config))
        self._saved.pop(name, None)
        self._objects.pop(name, None)

    def delete_run(
        self, task_name: str | None = None, task_unique_config: dict[str, Any] | None = None
    ) -> None:
        self._store().delete_run(*self._where(task_name, task_unique_config))

    def get_store_context(
        self, task_name: str | None = None, task_unique_config: dict[str, Any] | None = None
    ) -> StoreContext:
        return self._store().get_context(*self._where(task_name, task_unique_config))

    def open(
        self,
        name: str | None = None,
        task_name: str | None = None,
        task_unique_config: dict[str, Any] | None = None,
        mode: str | None = None,
        promise: FilePromise | None = None,
        type_: str | None = None,
        sub_dir: str | None = None,
        **open_kwargs: Any,
    ) -> Any:
        where = self._where(task_name, task_unique_config)
        file = self._store().open(
            name, *where, mode=mode, promise=promise, type_=type_, sub_dir=sub_dir, **open_kwargs
        )
        if name is not None and mode and mode[0] in "wa":
            self._saved[name] = type_
        return file

    def run(self, **results: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement run()")


class TaskRunner:
    """The callable the runtime schedules for one fluidml task spec (picklable: it travels to workers)."""

    def __init__(self, task: Any, additional_kwargs: dict[str, Any], fixed_config: dict[str, Any]) -> None:
        self.task = task
        self.additional_kwargs = additional_kwargs
        self.fixed_config = fixed_config  # ignored-prefix keys: given to the task, not in unique_config
        self.store: ResultsStore | None = None
        self.project_name = "uncategorized"
        self.run_name: str | None = None

    def __call__(self, task: RuntimeTask, **inputs: Any) -> dict[str, Any]:
        config = dict(task.config)
        records = {k: v for k, v in inputs.items() if k not in config}
        unique = _unique_config(task.spec_name, config, records)
        context = self._context(task, config, unique)
        results = _results(records, self.store, lazy=False)
        target: Any = self.task  # a Task subclass or a function
        if inspect.isclass(target):
            instance = cast(Task, target(**config, **self.fixed_config, **self.additional_kwargs))
            _adopt(context, instance)
            instance.run(**_accepted(instance.run, results))
            context = instance
        else:
            arguments = {**results, **config, **self.fixed_config, **self.additional_kwargs, "task": context}
            self.task(**_accepted(self.task, arguments))
        info = {k: (str(v) if v is not None else None) for k, v in asdict(context.info).items()}
        objects = dict(context._objects) if context._saved and self.store and self.store.in_process else None
        return {
            "unique_config": unique,
            "run_name": self.run_name,
            "names": dict(context._saved),
            "objects": objects,
            "info": info,
        }

    def _context(self, task: RuntimeTask, config: dict[str, Any], unique: dict[str, Any]) -> Task:
        context = Task(task.spec_name, config={**config, **self.fixed_config}, unique_config=unique)
        context.project_name, context.run_name = self.project_name, self.run_name
        context.results_store, context.resource = self.store, task.resource
        context.unique_name, context.state = task.name, "running"
        context.started = dt.datetime.now(dt.UTC)
        return context


def _adopt(context: Task, instance: Any) -> None:
    if not isinstance(instance, Task):
        raise TypeError(f"{type(instance).__name__} must subclass lineage_ext.runtime.fluid.Task")
    saved, objects = instance.__dict__.get("_saved"), instance.__dict__.get("_objects")
    instance.__dict__.update(context.__dict__)
    instance._saved, instance._objects = saved or {}, objects or {}


def _unique_config(name: str, config: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    unique: dict[str, Any] = {}
    for value in records.values():
        for record in value if isinstance(value, list) else [value]:
            unique.update(record["unique_config"])
    unique[name] = config
    return unique


def _results(records: dict[str, Any], store: ResultsStore | None, lazy: bool) -> dict[str, Any]:
    """Saved objects of the predecessors by name; a list of ``Sweep`` each for reduce inputs."""
    results: dict[str, Any] = {}
    for pred_name, value in records.items():
        if isinstance(value, list):  # reduce: one record per predecessor instance
            for record in value:
                for name, obj in _objects(pred_name, record, store).items():
                    results.setdefault(name, []).append(Sweep(obj, record["unique_config"]))
        else:
            results.update(_objects(pred_name, value, store))
    return results


def _objects(task_name: str, record: dict[str, Any], store: ResultsStore | None) -> dict[str, Any]:
    if record.get("objects") is not None:
        return dict(record["objects"])
    if store is None:
        return {}
    return store.get_results(
        task_name, record["unique_config"], list(record["names"]), record.get("run_name")
    )
