"""fluidml's ``TaskSpec`` and ``Flow`` on top of the runtime's planner and scheduler.

Owns the translation of fluidml's options into the runtime's: ``expand`` (None: lists are plain values,
"product": a grid, "zip": all lists walked together), the group prefix (``{"a": [1, 2, "@x"]}`` puts
``a`` in zip group ``x``), the ignore prefix (keys kept out of ``unique_config`` and the cache key, never
expanded), ``additional_kwargs`` (passed, not hashed), and results as ``{"task": [TaskResults]}``.
``log_to_tmux`` is a documented no-op: each task's output goes where the runtime's workers write.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.runtime.flow import Flow as RuntimeFlow
from lineage_ext.runtime.tasks import TaskSpec as RuntimeTaskSpec

from .storage import InMemoryStore, ResultsStore
from .task import TaskInfo, TaskResults, TaskRunner

log = logging.getLogger("lineage_ext.runtime")


class TaskSpec(RuntimeTaskSpec):
    """``TaskSpec(task, config, additional_kwargs, name, reduce, expand, config_ignore_prefix, config_group_prefix)``."""  # noqa: E501

    def __init__(
        self,
        task: Any,
        config: dict[str, Any] | None = None,
        additional_kwargs: dict[str, Any] | None = None,
        name: str | None = None,
        reduce: bool | None = None,
        expand: str | None = None,
        config_ignore_prefix: str | None = None,
        config_group_prefix: str | None = None,
    ) -> None:
        if expand not in (None, "product", "zip"):
            raise RuntimeGraphError(f"expand must be None, 'product' or 'zip', not {expand!r}")
        self.runner = TaskRunner(task, dict(additional_kwargs or {}), {})
        super().__init__(self.runner, {}, name or getattr(task, "__name__", None), bool(reduce))
        self.raw_config = dict(config or {})
        self.expand_mode = expand
        self.config_ignore_prefix = config_ignore_prefix
        self.config_group_prefix = config_group_prefix
        self.prepare(None, None)

    def prepare(self, ignore_prefix: str | None, group_prefix: str | None) -> None:
        """Translate the fluidml config into the runtime's grid syntax (the Flow's prefixes as fallback)."""
        ignore = self.config_ignore_prefix or ignore_prefix
        group = self.config_group_prefix or group_prefix
        fixed = {k: v for k, v in self.raw_config.items() if ignore and k.startswith(ignore)}
        grid: dict[str, Any] = {}
        for key, value in self.raw_config.items():
            if key in fixed:
                continue
            if not isinstance(value, list) or self.expand_mode is None:
                grid[key] = [value] if isinstance(value, list) else value
            elif self.expand_mode == "zip":
                grid[f"@zip:{key}"] = value
            elif group and value and isinstance(value[-1], str) and value[-1].startswith(group):
                grid[f"@{value[-1][len(group) :]}:{key}"] = value[:-1]
            else:
                grid[key] = value
        self.config = grid
        self.runner.fixed_config = fixed

    def expand(self) -> list[dict[str, Any]]:
        """The configs this spec expands into."""
        from lineage_ext.runtime.grid import expand_grid

        return [{**config, **self.runner.fixed_config} for config in expand_grid(self.config)]


class Flow:
    """``Flow(tasks, config_ignore_prefix=None, config_group_prefix=None)``; ``run(...)`` like fluidml's."""

    def __init__(
        self,
        tasks: Sequence[TaskSpec],
        config_ignore_prefix: str | None = None,
        config_group_prefix: str | None = None,
    ) -> None:
        for spec in tasks:
            spec.prepare(config_ignore_prefix, config_group_prefix)
        self.tasks = list(tasks)
        self._flow = RuntimeFlow(self.tasks)

    @property
    def task_graph(self) -> RuntimeFlow:
        """The expanded task graph (shown by ``visualize_graph_in_console``)."""
        return self._flow

    def run(
        self,
        num_workers: int | None = None,
        resources: Any = None,
        start_method: str = "spawn",
        exit_on_error: bool = True,
        log_to_tmux: bool = False,
        max_panes_per_window: int = 4,
        force: str | list[str] | None = None,
        project_name: str = "uncategorized",
        run_name: str | None = None,
        results_store: ResultsStore | None = None,
        return_results: str | None = "all",
    ) -> dict[str, list[TaskResults]] | None:
        """Run the expanded graph; results as ``{"task": [TaskResults]}`` (``return_results=None``: none)."""
        if log_to_tmux:
            log.info(
                "log_to_tmux: task output is not split into tmux panes (max_panes_per_window=%s)",
                max_panes_per_window,
            )
        store = results_store if results_store is not None else InMemoryStore()
        for instance in self._flow.plan.instances:
            runner = instance.target
            if isinstance(runner, TaskRunner):
                runner.store, runner.project_name, runner.run_name = store, project_name, run_name
        raw = self._flow.run(
            num_workers,
            resources=_resource_list(resources),
            force=force,
            return_results=return_results or "none",  # type: ignore[arg-type]
            results_store=RuntimeStoreBridge(store),
            exit_on_error=exit_on_error,
            start_method=start_method,  # type: ignore[arg-type]
        )
        if return_results is None:
            return None
        grouped: dict[str, list[TaskResults]] = {}
        for instance_name, record in raw.items():
            spec_name = self._flow.runs[instance_name].spec_name
            grouped.setdefault(spec_name, []).append(_task_results(spec_name, record, store))
        return grouped


class RuntimeStoreBridge:
    """The runtime's results-store protocol (cache by config hash) over a fluidml store."""

    def __init__(self, store: ResultsStore) -> None:
        self.store = store

    def load(self, task_name: str, config_hash: str) -> Any:
        return self.store.run_record(task_name, config_hash)

    def save(self, task_name: str, config_hash: str, value: Any, unique_config: dict[str, Any]) -> None:
        self.store.commit_run(task_name, config_hash, value)


def _resource_list(resources: Any) -> list[Any] | None:
    if resources is None:
        return None
    return (
        list(resources) if isinstance(resources, Iterable) and not isinstance(resources, str) else [resources]
    )


def _task_results(task_name: str, record: dict[str, Any], store: ResultsStore) -> TaskResults:
    from .task import _objects

    info = TaskInfo(**{k: v for k, v in record["info"].items() if k in TaskInfo.__slots__})
    return TaskResults(_objects(task_name, record, store), info, record["unique_config"])
