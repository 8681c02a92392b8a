"""The engine-neutral description of a pipeline that every exporter renders.

Owns ``PipelineSpec`` (and its parts) and the checks that make a spec safe to render: names are
Python identifiers, tasks form a DAG, every loaded value is saved by an upstream task (or is a
pre-computed artifact), parameters are literals. It knows nothing about slicing or any engine:
slicing produces the code of each task, exporters turn a valid spec into files.

Tasks exchange data only through the artifact store (``TaskIO`` names) or declared files, never
through process memory, so each task can run in its own process, container or machine.
"""

from __future__ import annotations

import graphlib
import keyword
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from lineage_ext.errors import ExportError

ParameterValue = bool | int | float | str
# Module-level names of the generated files (tasks module, DAG, flow, assets...): a task named like
# one of them would shadow it. Parameters become CLI flags next to --task and --receipt.
RESERVED_TASK_NAMES = frozenset(
    {
        "main",
        "run",
        "run_all",
        "tasks",
        "task",
        "flow",
        "dag",
        "defs",
        "argparse",
        "json",
        "os",
        "sys",
        "ray",
        "dg",
        "dsl",
        "compiler",
        "datetime",
        "DAG",
        "Param",
        "PythonOperator",
        "TASK_ORDER",
        "PARAMETERS",
        "ASSETS",
        "HERE",
        "BASE_IMAGE",
        "PACKAGES",
        "INSTALL_KFP",
    }
)
RESERVED_PARAMETER_NAMES = frozenset({"task", "receipt", "given", "saved"})
PARAMETER_TYPES: Mapping[str, type] = MappingProxyType({"bool": bool, "int": int, "float": float, "str": str})


@dataclass(frozen=True)
class Parameter:
    """A pipeline input: a variable that was assigned a literal once in the notebook."""

    name: str
    default: ParameterValue
    type_name: str = ""  # "int", "float", "str" or "bool"; inferred from the default when empty

    def __post_init__(self) -> None:
        if not self.type_name:
            object.__setattr__(self, "type_name", type(self.default).__name__)
        _check_identifier(self.name, "parameter")
        if self.name in RESERVED_PARAMETER_NAMES:
            raise ExportError(f"parameter name {self.name!r} is reserved by the generated command line")
        expected = PARAMETER_TYPES.get(self.type_name)
        if expected is None or type(self.default) is not expected:
            raise ExportError(
                f"parameter {self.name!r} must have a bool, int, float or str literal default, "
                f"got {self.default!r} declared as {self.type_name!r}"
            )


@dataclass(frozen=True)
class TaskIO:
    """A value a task loads from or saves to the artifact store, bound to a local variable."""

    variable: str
    artifact: str
    version: int | None = None  # for loads: a pinned version (pre-computed artifacts); None = latest


@dataclass(frozen=True)
class TaskSpec:
    """One unit of work: code that turns loaded values and parameters into saved values.

    ``artifact``/``artifact_version`` name the user artifact the task recomputes (``None`` for a
    "common" task that only factors out code several artifacts share).
    """

    name: str
    code: str
    loads: tuple[TaskIO, ...] = ()
    saves: tuple[TaskIO, ...] = ()
    upstream: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    artifact: str | None = None
    artifact_version: int | None = None
    reads_files: tuple[str, ...] = ()
    writes_files: tuple[str, ...] = ()

    @property
    def is_common(self) -> bool:
        return self.artifact is None


@dataclass(frozen=True)
class PipelineSpec:
    """Everything an exporter needs. Built with ``PipelineSpec.create`` so it is always valid."""

    name: str
    tasks: tuple[TaskSpec, ...]
    parameters: tuple[Parameter, ...] = ()
    requirements: tuple[str, ...] = ()
    dag_config: Mapping[str, Any] = field(default_factory=dict)
    generate_test: bool = False

    @classmethod
    def create(
        cls,
        name: str,
        tasks: Sequence[TaskSpec],
        *,
        parameters: Sequence[Parameter] = (),
        requirements: Sequence[str] = (),
        dependencies: Mapping[str, Sequence[str] | set[str]] | None = None,
        dag_config: Mapping[str, Any] | None = None,
        generate_test: bool = False,
    ) -> PipelineSpec:
        """Validate, add ``dependencies`` (artifact -> artifacts it must wait for) and order tasks."""
        _check_identifier(name, "pipeline")
        tasks = _with_artifact_dependencies(list(tasks), dependencies or {})
        ordered = _check_and_order(tasks, {p.name for p in parameters})
        return cls(
            name=name,
            tasks=tuple(ordered),
            parameters=tuple(parameters),
            requirements=tuple(requirements),
            dag_config=MappingProxyType(dict(dag_config or {})),
            generate_test=generate_test,
        )

    def task(self, name: str) -> TaskSpec:
        for task in self.tasks:
            if task.name == name:
                return task
        raise KeyError(name)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    def task_parameters(self, task: TaskSpec) -> list[Parameter]:
        return [self.parameter(name) for name in task.parameters]


def _check_identifier(name: str, what: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ExportError(f"{what} name {name!r} must be a Python identifier (letters, digits, _)")


def _with_artifact_dependencies(
    tasks: list[TaskSpec], dependencies: Mapping[str, Sequence[str] | set[str]]
) -> list[TaskSpec]:
    """Turn artifact-level ordering (graphlib form) into extra task upstream edges."""
    by_artifact = {t.artifact: t.name for t in tasks if t.artifact is not None}
    extra: dict[str, list[str]] = {}
    for artifact, before in dependencies.items():
        for name in [artifact, *before]:
            if name not in by_artifact:
                raise ExportError(f"dependencies name artifact {name!r}, which is not in this pipeline")
        extra.setdefault(by_artifact[artifact], []).extend(by_artifact[b] for b in sorted(before))
    result = []
    for task in tasks:
        added = [u for u in extra.get(task.name, []) if u not in task.upstream]
        result.append(replace(task, upstream=(*task.upstream, *dict.fromkeys(added))) if added else task)
    return result


def _check_and_order(tasks: list[TaskSpec], parameter_names: set[str]) -> list[TaskSpec]:
    if not tasks:
        raise ExportError("a pipeline needs at least one task")
    by_name: dict[str, TaskSpec] = {}
    for task in tasks:
        _check_identifier(task.name, "task")
        if task.name in RESERVED_TASK_NAMES or task.name.startswith("_"):
            raise ExportError(f"task name {task.name!r} is reserved in the generated code")
        if task.name in by_name:
            raise ExportError(f"two tasks are named {task.name!r}")
        by_name[task.name] = task
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for task in tasks:
        _check_task_refs(task, by_name, parameter_names)
        sorter.add(task.name, *task.upstream)
    try:
        order = _stable_order(sorter, [t.name for t in tasks])
    except graphlib.CycleError as exc:
        raise ExportError(f"tasks depend on each other in a cycle: {' -> '.join(exc.args[1])}") from None
    _check_loads_are_saved_upstream(order, by_name)
    return [by_name[name] for name in order]


def _check_task_refs(task: TaskSpec, by_name: Mapping[str, TaskSpec], parameter_names: set[str]) -> None:
    for upstream in task.upstream:
        if upstream not in by_name:
            raise ExportError(f"task {task.name!r} depends on unknown task {upstream!r}")
    for parameter in task.parameters:
        if parameter not in parameter_names:
            raise ExportError(f"task {task.name!r} uses undeclared parameter {parameter!r}")
    for io in (*task.loads, *task.saves):
        _check_identifier(io.variable, "variable")
        if not io.artifact:
            raise ExportError(f"task {task.name!r} binds variable {io.variable!r} to an empty artifact name")
    if not task.code.strip():
        raise ExportError(f"task {task.name!r} has no code")


def _stable_order(sorter: graphlib.TopologicalSorter[str], declared: list[str]) -> list[str]:
    """Topological order that breaks ties by declaration order, so output is stable run to run."""
    rank = {name: i for i, name in enumerate(declared)}
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=rank.__getitem__)
        order.extend(ready)
        sorter.done(*ready)
    return order


def _check_loads_are_saved_upstream(order: list[str], by_name: Mapping[str, TaskSpec]) -> None:
    ancestors: dict[str, set[str]] = {}
    for name in order:
        task = by_name[name]
        ancestors[name] = set(task.upstream).union(*(ancestors[u] for u in task.upstream))
        saved_before = {io.artifact for a in ancestors[name] for io in by_name[a].saves}
        for io in task.loads:
            if io.version is None and io.artifact not in saved_before:
                raise ExportError(
                    f"task {name!r} loads {io.artifact!r}, which no upstream task saves "
                    "(pin a version to load a pre-computed artifact)"
                )
