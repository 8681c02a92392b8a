"""``to_pipeline``: saved artifacts in, a pipeline folder for one orchestrator out.

Owns the public entry point and its argument checks, and the one step that needs slicing:
``lineage_ext.slicing.entry_points.build_pipeline_tasks`` turns artifacts into task code (one task per
artifact, shared code in common tasks); this module turns that task code into a
``PipelineSpec`` (``spec_from_task_code``), renders it with the registry and writes it with the
writer. It never fakes a slice: without slicing, exporting artifacts raises ``ExportError``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from lineage_ext.errors import AmbiguousParameter, ExportError
from lineage_ext.export.codegen import identifier
from lineage_ext.export.registry import export_files, get_target
from lineage_ext.export.requirements import artifact_serializers, complete_requirements
from lineage_ext.export.spec import (
    RESERVED_TASK_NAMES,
    Parameter,
    ParameterValue,
    PipelineSpec,
    TaskIO,
    TaskSpec,
)
from lineage_ext.export.writer import write_files


class TaskCode(Protocol):
    """What this module reads from each item ``build_pipeline_tasks`` returns (the slicing contract).

    Read-only members, so slicing's frozen dataclass (and the tests' stand-ins) match it.
    """

    @property  # a Python identifier, unique in the pipeline
    def name(self) -> str: ...
    @property  # the sliced statements, imports first; parameters' literal assignments removed
    def code(self) -> str: ...
    @property  # (variable, artifact, pinned version or None)
    def loads(self) -> Sequence[tuple[str, str, int | None]]: ...
    @property  # (variable, artifact)
    def saves(self) -> Sequence[tuple[str, str]]: ...
    @property  # names of tasks that must run first
    def upstream(self) -> Sequence[str]: ...
    @property  # input parameters the code uses -> captured literal
    def parameters(self) -> Mapping[str, ParameterValue]: ...
    @property  # the artifact this task recomputes; None for a common task
    def artifact(self) -> str | None: ...
    @property
    def artifact_version(self) -> int | None: ...
    @property
    def reads_files(self) -> Sequence[str]: ...
    @property
    def writes_files(self) -> Sequence[str]: ...
    @property  # "package==version" recorded at capture time
    def requirements(self) -> Sequence[str]: ...


def to_pipeline(  # noqa: PLR0917 (LineaPy's positional signature, which our users know)
    artifacts: Sequence[Any],
    framework: str = "SCRIPT",
    pipeline_name: str | None = None,
    dependencies: Mapping[str, Iterable[str]] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    input_parameters: Sequence[str] = (),
    reuse_pre_computed_artifacts: Sequence[Any] = (),
    generate_test: bool = False,
    pipeline_dag_config: Mapping[str, Any] | None = None,
    include_non_slice_as_comment: bool = False,
    overwrite: bool = False,
) -> Path:
    """Export ``artifacts`` as a ``framework`` pipeline into ``output_dir``; returns that folder.

    Without ``output_dir`` the files go to a new ``./<pipeline_name>/`` folder, so exporting from a
    notebook folder that holds other files works (LineaPy writes into ``.`` itself).

    ``artifacts`` are names, ``(name, version)`` pairs or ``Artifact`` objects. Raises
    ``UnknownFramework``, ``ArtifactNotFound``/``VersionNotFound``, ``AmbiguousParameter`` (a
    parameter not assigned exactly once with a literal), ``OutputExists`` (the folder holds other
    files and ``overwrite`` is false) or ``ExportError``. Nothing is written unless all succeed.
    """
    get_target(framework)  # an unknown framework fails before any slicing work
    if not artifacts:
        raise ExportError("to_pipeline needs at least one artifact")
    _check_parameter_names(input_parameters)
    name = pipeline_name if pipeline_name is not None else "pipeline"
    if pipeline_name is not None and not pipeline_name.isidentifier():
        name = identifier(pipeline_name)
    deps = {key: set(values) for key, values in (dependencies or {}).items()}
    task_code = _build_tasks(
        artifacts, input_parameters, reuse_pre_computed_artifacts, deps, include_non_slice_as_comment
    )
    spec = spec_from_task_code(name, task_code, deps, pipeline_dag_config or {}, generate_test)
    target = Path(name) if output_dir is None else output_dir
    return write_files(export_files(spec, framework), target, overwrite=overwrite)


def _check_parameter_names(input_parameters: Sequence[str]) -> None:
    if isinstance(input_parameters, str):
        raise ExportError("input_parameters must be a list of variable names, not a single string")
    seen: set[str] = set()
    for parameter in input_parameters:
        if not isinstance(parameter, str) or not parameter.isidentifier():
            raise AmbiguousParameter(f"input parameter {parameter!r} is not a variable name")
        if parameter in seen:
            raise AmbiguousParameter(f"input parameter {parameter!r} is listed twice")
        seen.add(parameter)


def _build_tasks(
    artifacts: Sequence[Any],
    input_parameters: Sequence[str],
    reuse: Sequence[Any],
    dependencies: Mapping[str, set[str]],
    include_non_slice_as_comment: bool,
) -> list[TaskCode]:
    from lineage_ext.slicing.entry_points import build_pipeline_tasks

    kwargs: dict[str, Any] = {}
    if include_non_slice_as_comment:
        kwargs["include_non_slice_as_comment"] = True
    return list(
        build_pipeline_tasks(
            list(artifacts), list(input_parameters), list(reuse), dict(dependencies), **kwargs
        )
    )


def _safe_task_names(names: Sequence[str]) -> dict[str, str]:
    """New names for tasks whose name the generated files reserve (e.g. an artifact called ``main``)."""
    taken = set(names)
    renamed = {}
    for name in names:
        if name in RESERVED_TASK_NAMES or name.startswith("_"):
            new = f"task_{name.lstrip('_')}"
            while new in taken:
                new += "_"
            renamed[name] = new
            taken.add(new)
    return renamed


def spec_from_task_code(
    name: str,
    task_code: Sequence[TaskCode],
    dependencies: Mapping[str, set[str]],
    dag_config: Mapping[str, Any],
    generate_test: bool,
) -> PipelineSpec:
    """The ``PipelineSpec`` for sliced task code; parameters and requirements are merged across tasks."""
    parameters: dict[str, ParameterValue] = {}
    requirements: set[str] = set()
    io_artifacts: list[tuple[str, int | None]] = []
    tasks = []
    renamed = _safe_task_names([code.name for code in task_code])
    for code in task_code:
        for key, value in code.parameters.items():
            if key in parameters and parameters[key] != value:
                raise AmbiguousParameter(f"input parameter {key!r} has two different literal values")
            parameters[key] = value
        requirements.update(code.requirements)
        io_artifacts += [(artifact, version) for _, artifact, version in code.loads]
        io_artifacts += [
            (artifact, code.artifact_version if artifact == code.artifact else None)
            for _, artifact in code.saves
        ]
        tasks.append(
            TaskSpec(
                name=renamed.get(code.name, code.name),
                code=code.code,
                loads=tuple(
                    TaskIO(variable, artifact, version) for variable, artifact, version in code.loads
                ),
                saves=tuple(TaskIO(variable, artifact) for variable, artifact in code.saves),
                upstream=tuple(renamed.get(u, u) for u in code.upstream),
                parameters=tuple(code.parameters),
                artifact=code.artifact,
                artifact_version=code.artifact_version,
                reads_files=tuple(code.reads_files),
                writes_files=tuple(code.writes_files),
            )
        )
    return PipelineSpec.create(
        name=name,
        tasks=tasks,
        parameters=[Parameter(key, value) for key, value in parameters.items()],
        requirements=complete_requirements(
            requirements, [code.code for code in task_code], artifact_serializers(io_artifacts)
        ),
        dependencies=dependencies,
        dag_config=dag_config,
        generate_test=generate_test,
    )
