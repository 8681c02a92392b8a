"""Planning code for several artifacts: per session, the blocks (shared once), parameters and requirements.

Owns `plan_artifacts`, the common first step of `get_function`, `get_module_definition` and
`build_pipeline_tasks`: resolve the artifacts, slice each once, resolve `input_parameters` (dropping their
literal assignments), split the slices into blocks, and collect the package versions the code imports.
"""

from __future__ import annotations

import keyword
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lineage_ext.errors import AmbiguousParameter

from .blocks import Block, partition
from .lines import SessionLines, collect_lines
from .parameters import ResolvedParameter, resolve_parameter
from .resolve import SessionGroup, group_by_session
from .source import global_declarations


@dataclass
class SessionPlan:
    group: SessionGroup
    lines: SessionLines
    blocks: list[Block]
    parameters: dict[str, ResolvedParameter]  # by the version id the code reads
    requirements: list[str]
    global_names: set[str]  # names functions declare `global`: they stay module globals


def identifier(text: str, taken: set[str]) -> str:
    name = re.sub(r"\W+", "_", text).strip("_") or "artifact"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = f"a_{name}"
    candidate, counter = name, 1
    while candidate in taken:
        counter += 1
        candidate = f"{name}_{counter}"
    taken.add(candidate)
    return candidate


def plan_artifacts(
    artifacts: Sequence[Any], input_parameters: Sequence[str], reuse: Sequence[Any], shared: bool = True
) -> list[SessionPlan]:
    if isinstance(input_parameters, str):
        raise AmbiguousParameter("input_parameters must be a list of variable names, not a single string")
    groups = group_by_session(artifacts, reuse)
    sliced = [collect_lines(g.graph, g.artifacts, g.reused) for g in groups]
    parameters = _parameters(groups, sliced, input_parameters)
    taken: set[str] = {"run_all", "lineage_ext"}
    plans = []
    for group, lines, found in zip(groups, sliced, parameters, strict=True):
        for parameter in found.values():
            lines.lines.pop(parameter.statement_id, None)
        names = [identifier(ref.name, taken) for ref in group.artifacts]
        blocks = partition(lines, group.artifacts, names, set(found), shared)
        _name_common_blocks(blocks, taken)
        plans.append(SessionPlan(group, lines, blocks, found, _requirements(group, lines), _globals(lines)))
    return plans


def _name_common_blocks(blocks: list[Block], taken: set[str]) -> None:
    """Common blocks get names unique across all sessions of the request (upstream names follow)."""
    renamed = {b.name: identifier("common", taken) for b in blocks if b.artifact is None}
    for block in blocks:
        block.name = renamed.get(block.name, block.name)
        block.upstream = {renamed.get(name, name) for name in block.upstream}


def _parameters(
    groups: list[SessionGroup], sliced: list[SessionLines], names: Sequence[str]
) -> list[dict[str, ResolvedParameter]]:
    found: list[dict[str, ResolvedParameter]] = [{} for _ in groups]
    where = ", ".join(f"{ref.name!r}" for g in groups for ref in g.artifacts)
    for name in names:
        used_anywhere = False
        for index, (group, lines) in enumerate(zip(groups, sliced, strict=True)):
            used = set().union(*lines.closures)
            if any(v.id in used for v in group.graph.variable_versions(name)):
                parameter = resolve_parameter(group.graph, name, used, where)
                found[index][parameter.version_id] = parameter
                used_anywhere = True
        if not used_anywhere:
            if _needed_by_reused(groups, name):  # LineaPy: a dummy parameter, with a warning
                warnings.warn(
                    f"input parameter {name!r} is only used to compute reused artifacts; "
                    "it is accepted and has no effect",
                    UserWarning,
                    stacklevel=5,
                )
                continue
            raise AmbiguousParameter(f"input parameter {name!r} is not used by the code of {where}")
    return found


def _needed_by_reused(groups: list[SessionGroup], name: str) -> bool:
    """Whether ``name`` feeds code that reusing pre-computed artifacts cut away."""
    for group in groups:
        if group.reused:
            used = set().union(*collect_lines(group.graph, group.artifacts, []).closures)
            if any(v.id in used for v in group.graph.variable_versions(name)):
                return True
    return False


def _requirements(group: SessionGroup, lines: SessionLines) -> list[str]:
    used = set().union(*lines.closures)
    found = set()
    for node in group.graph.nodes_of_kind("import"):
        if node.id in used and node.package and node.package_version and node.package != "python":
            found.add(f"{node.package}=={node.package_version}")
    return sorted(found, key=str.lower)


def _globals(lines: SessionLines) -> set[str]:
    names: set[str] = set()
    for facts in lines.lines.values():
        if "global" in facts.line.text:
            names |= global_declarations(facts.line.text)
    return names
