"""Task code for the pipeline exporters (`lineage_ext.export.to_pipeline.TaskCode`), one task per block.

Owns turning planned blocks into tasks that exchange data only through the artifact store: a block's
inputs become loads of the artifacts (or intermediate artifacts `<task>__<variable>`) that the producing
task saves; pre-computed artifacts become pinned loads; literal parameters become task parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block
from .plan import SessionPlan, plan_artifacts
from .program import SliceLine, render, session_context
from .source import ParameterValue

__all__ = ["TaskCode", "pipeline_tasks", "plan_artifacts"]


@dataclass(frozen=True)
class TaskCode:
    name: str
    code: str
    loads: list[tuple[str, str, int | None]] = field(default_factory=list)
    saves: list[tuple[str, str]] = field(default_factory=list)
    upstream: list[str] = field(default_factory=list)
    parameters: dict[str, ParameterValue] = field(default_factory=dict)
    artifact: str | None = None
    artifact_version: int | None = None
    reads_files: list[str] = field(default_factory=list)
    writes_files: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)


def _stored_name(plan: SessionPlan, block: Block, variable: str, version: str) -> str:
    """The artifact a value travels through: the user's artifact when it is one, else an intermediate."""
    for index, (result_variable, produced) in enumerate(plan.lines.results):
        if produced == version and result_variable == variable:
            return plan.group.artifacts[index].name
    return f"{block.name}__{variable}"


def _files(plan: SessionPlan, block: Block) -> tuple[list[str], list[str]]:
    graph = plan.group.graph
    reads = {graph.node(f).label for facts in block.lines for f in facts.reads_files}
    writes = {graph.node(f).label for facts in block.lines for f in facts.writes_files}
    return sorted(reads - writes), sorted(writes)


def _task(plan: SessionPlan, block: Block, providers: dict[str, Block], comments: bool) -> TaskCode:
    loads: list[tuple[str, str, int | None]] = []
    prelude: list[str] = []
    for variable, version in block.inputs.items():
        stored = _stored_name(plan, providers[version], variable, version)
        if variable in plan.global_names:  # a global must be declared before it is bound in the task
            loads.append((f"_lineage_in_{variable}", stored, None))
            prelude += [f"global {variable}", f"{variable} = _lineage_in_{variable}"]
        else:
            loads.append((variable, stored, None))
    lines: list[SliceLine] = []
    for facts in block.lines:
        if facts.load is not None:
            variable = plan.lines.names[facts.load.node_id]
            loads.append((variable, facts.load.name, facts.load.version))
        else:
            lines.append(facts.line)
    if prelude:
        lines.append(SliceLine((-1, 0), "prelude", "\n".join(prelude)))
    context = session_context(plan.group.graph) if comments else ()
    reads, writes = _files(plan, block)
    artifact = plan.group.artifacts[block.artifact] if block.artifact is not None else None
    return TaskCode(
        name=block.name,
        code=render(lines, context) or "pass\n",
        loads=loads,
        saves=[(v, _stored_name(plan, block, v, version)) for v, version in block.outputs.items()],
        upstream=sorted(block.upstream),
        parameters={p.name: p.value for v, p in plan.parameters.items() if v in block.parameters},
        artifact=artifact.name if artifact else None,
        artifact_version=artifact.version if artifact else None,
        reads_files=reads,
        writes_files=writes,
        requirements=plan.requirements,
    )


def pipeline_tasks(plans: list[SessionPlan], include_non_slice_as_comment: bool = False) -> list[TaskCode]:
    tasks = []
    for plan in plans:
        providers: dict[str, Block] = {}
        for block in plan.blocks:
            for version in block.outputs.values():
                providers.setdefault(version, block)
        for block in plan.blocks:
            tasks.append(_task(plan, block, providers, include_non_slice_as_comment))
    return tasks
