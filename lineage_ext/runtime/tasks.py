"""Task definitions: the ``Task`` base class, ``TaskSpec`` (a task plus its config grid) and their wiring.

A task is either a function or a subclass of ``Task``:

* function: ``def train(prepare, lr, task):`` is called with its config values as keyword arguments, the
  results of its predecessors under the predecessor's spec name (``prepare`` here), and, if it declares a
  parameter named ``task``, the running ``Task`` context (name, config, resource, worker id).
* class: ``class Train(Task)``: the class is instantiated with the config as keyword arguments, then
  ``run(**inputs)`` is called with the predecessors' results. ``self.resource`` etc. are set before ``run``.

Only the inputs a callable accepts are passed (all of them when it takes ``**kwargs``). The return value
is the task's result. With ``reduce=True`` a spec that follows an expanded (grid) spec runs once and
receives a list with the result of every predecessor instance instead of one instance per combination.

This module only describes tasks; planning lives in ``plan.py`` and execution in ``execute.py``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from lineage_ext.errors import RuntimeGraphError

TaskCallable = Callable[..., Any] | type["Task"]


class Task:
    """Base class of class-based tasks. Subclasses take their config in ``__init__`` and implement ``run``.

    The runtime sets these attributes before ``run`` is called (and passes the same object as ``task=`` to
    function tasks that ask for it).
    """

    name: str = ""
    spec_name: str = ""
    config: dict[str, Any]
    config_hash: str = ""
    resource: Any = None
    worker_id: int | None = None

    def run(self, **inputs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement run()")


class TaskSpec:
    """One node of a task graph before grid expansion: what to run, with which config, after what."""

    def __init__(
        self,
        task: TaskCallable,
        config: Mapping[str, Any] | None = None,
        name: str | None = None,
        reduce: bool = False,
    ) -> None:
        if not callable(task):
            raise RuntimeGraphError(f"a task must be a function or a Task subclass, got {task!r}")
        if inspect.isclass(task) and not issubclass(task, Task):
            raise RuntimeGraphError(f"class {task.__name__} must subclass lineage_ext.Task to be a task")
        self.task = task
        self.config: dict[str, Any] = dict(config or {})
        self.name = name or getattr(task, "__name__", None) or type(task).__name__
        self.reduce = reduce
        self.predecessors: list[TaskSpec] = []
        self.successors: list[TaskSpec] = []

    def requires(self, *specs: TaskSpec | Iterable[TaskSpec]) -> TaskSpec:
        """Declare that this task runs after ``specs`` (and receives their results)."""
        for spec in _flatten(specs):
            if spec is self:
                raise RuntimeGraphError(f"task {self.name!r} cannot require itself")
            if spec not in self.predecessors:
                self.predecessors.append(spec)
                spec.successors.append(self)
        return self

    def required_by(self, *specs: TaskSpec | Iterable[TaskSpec]) -> TaskSpec:
        """Declare that ``specs`` run after this task (the mirror of ``requires``)."""
        for spec in _flatten(specs):
            spec.requires(self)
        return self

    def __repr__(self) -> str:
        return f"TaskSpec({self.name!r}, config={self.config!r})"


def _flatten(specs: tuple[TaskSpec | Iterable[TaskSpec], ...]) -> list[TaskSpec]:
    flat: list[TaskSpec] = []
    for item in specs:
        if isinstance(item, TaskSpec):
            flat.append(item)
        else:
            for spec in item:
                if not isinstance(spec, TaskSpec):
                    raise RuntimeGraphError(f"expected TaskSpec objects, got {spec!r}")
                flat.append(spec)
    return flat


def invoke(target: TaskCallable, context: Task, config: Mapping[str, Any], inputs: Mapping[str, Any]) -> Any:
    """Run one task instance: the single place that knows how functions and classes are called."""
    if isinstance(target, type) and issubclass(target, Task):
        instance = target(**config)
        _copy_context(context, instance)
        return instance.run(**_accepted(instance.run, inputs))
    arguments = {**inputs, **config}
    if "task" in _parameters(target)[0]:  # named explicitly: **kwargs alone does not get it
        arguments["task"] = context
    return target(**_accepted(target, arguments))


def _copy_context(source: Task, target: Task) -> None:
    for attribute in ("name", "spec_name", "config", "config_hash", "resource", "worker_id"):
        setattr(target, attribute, getattr(source, attribute))


def _accepted(function: Callable[..., Any], arguments: Mapping[str, Any]) -> dict[str, Any]:
    names, takes_any = _parameters(function)
    if takes_any:
        return dict(arguments)
    return {key: value for key, value in arguments.items() if key in names}


def _parameters(function: Callable[..., Any]) -> tuple[frozenset[str], bool]:
    """Parameter names and whether ``**kwargs`` is accepted; cached, since a grid calls one function often."""
    try:
        return _signature_cache(function)
    except TypeError:  # an unhashable callable object
        return _read_parameters(function)


def _read_parameters(function: Callable[..., Any]) -> tuple[frozenset[str], bool]:
    parameters = inspect.signature(function).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    return frozenset(parameters), takes_any


_signature_cache = functools.lru_cache(maxsize=4096)(_read_parameters)
