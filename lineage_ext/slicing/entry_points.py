"""Public entry points of slicing: minimal code for one artifact, functions and modules for several,
task code for the exporters, and parameter candidates for the export dialog.

`code_from_snapshot` is what the server calls: it works on graph JSON only, never loads or unpickles a
value. The multi-artifact entry points look names up in the process's current store (`resolve`) to find
each artifact's graph snapshot (and, for `get_function` with `reuse_pre_computed_artifacts`, the generated
code loads those values with `lineage_ext.get` when it runs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import CodeNotCaptured, SliceError
from lineage_ext.ir import GraphSnapshot

from .program import build_slice, render, session_context

if TYPE_CHECKING:
    from .pipeline import TaskCode
    from .resolve import ArtifactHandle

__all__ = [
    "artifact_code",
    "build_pipeline_tasks",
    "code_from_snapshot",
    "get_function",
    "get_module_definition",
    "parameter_candidates",
]


def graph_from_snapshot(graph_json: Mapping[str, Any]) -> GraphSnapshot:
    """A lazy read-only view of graph JSON; malformed JSON or an unknown node raises `SliceError`."""
    return GraphSnapshot(graph_json, SliceError)


def code_from_snapshot(
    graph_json: Mapping[str, Any], node_id: str, include_non_slice_as_comment: bool = False
) -> str:
    """The minimal program recomputing the value of `node_id` (a variable version) from scratch."""
    graph = graph_from_snapshot(graph_json)
    if node_id not in graph:
        raise SliceError(f"the recorded lineage graph has no node {node_id!r}")
    program = build_slice(graph, node_id)
    context = session_context(graph) if include_non_slice_as_comment else ()
    return render(program.lines, context)


def artifact_code(artifact: ArtifactHandle, include_non_slice_as_comment: bool = False) -> str:
    """`Artifact.get_code()`: the minimal program for a stored artifact version.

    After a slice repair (see `repair.py`) that is the repaired slice, or the closest slice when the repair
    failed, under a comment header that says which (`Artifact.code_state` gives the details).
    """
    info = artifact.info
    if not info.code_captured:
        raise CodeNotCaptured(f"artifact {info.name!r} version {info.version} has no captured code")
    if info.verification_status in ("repaired", "failed"):
        repair = artifact.store.get_repair(info.name, info.version)
        if repair is not None and repair.code:  # the repaired slice, or the closest one, with its state
            return repair.annotated_code()
    snapshot = artifact.store.get_graph_snapshot(info.name, info.version)
    if snapshot is None or info.node_id is None:
        raise SliceError(
            f"artifact {info.name!r} version {info.version} has no lineage graph recorded, so no slice "
            "can be computed; get_session_code() gives the whole session's code"
        )
    return code_from_snapshot(snapshot, info.node_id, include_non_slice_as_comment)


def get_module_definition(
    artifacts: Sequence[Any],
    input_parameters: Sequence[str] = (),
    reuse_pre_computed_artifacts: Sequence[Any] = (),
) -> str:
    """Module source: one function per artifact (shared code once, in dependency order) and `run_all`."""
    from .modulegen import module_source
    from .plan import plan_artifacts

    plans = plan_artifacts(artifacts, input_parameters, reuse_pre_computed_artifacts)
    return module_source(plans)


def get_function(
    artifacts: Sequence[Any],
    input_parameters: Sequence[str] = (),
    reuse_pre_computed_artifacts: Sequence[Any] = (),
) -> Callable[..., dict[str, Any]]:
    """A callable taking the chosen literal-assigned variables (by keyword, or positionally in the order
    of ``input_parameters``) and returning a dict artifact name -> recomputed value.

    A parameter only reused artifacts need is accepted with a warning and ignored (LineaPy's dummy)."""
    from .callable import positional_wrapper

    source = get_module_definition(artifacts, input_parameters, reuse_pre_computed_artifacts)
    namespace: dict[str, Any] = {"__name__": "lineage_ext_sliced"}
    exec(compile(source, "<lineage_ext.get_function>", "exec"), namespace)
    run_all: Callable[..., dict[str, Any]] = namespace["run_all"]
    return positional_wrapper(run_all, list(input_parameters))


def build_pipeline_tasks(
    artifacts: Sequence[Any],
    input_parameters: Sequence[str] = (),
    reuse_pre_computed_artifacts: Sequence[Any] = (),
    dependencies: Mapping[str, set[str]] | None = None,
    include_non_slice_as_comment: bool = False,
) -> list[TaskCode]:
    """Task code for the exporters: one task per artifact, shared code in common tasks, data passed
    through the artifact store only (see `lineage_ext.export.to_pipeline.TaskCode`)."""
    from .pipeline import pipeline_tasks
    from .plan import plan_artifacts

    del dependencies  # artifact-level ordering is added by the exporter (PipelineSpec.create)
    plans = plan_artifacts(artifacts, input_parameters, reuse_pre_computed_artifacts)
    return pipeline_tasks(plans, include_non_slice_as_comment)


def parameter_candidates(graph_json: Mapping[str, Any], node_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Literal assignments (`name = 3`) in the slices of `node_ids`, usable as pipeline parameters.

    Each item: `name`, `value`, `artifact` (the node id whose slice uses it) and `line` (source line).
    A name assigned more than once in those slices is left out (it would be an ambiguous parameter).
    """
    from .parameters import candidates

    return candidates(graph_from_snapshot(graph_json), node_ids)
