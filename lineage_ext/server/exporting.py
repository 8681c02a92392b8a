"""The export part of the service: pipelines written into the Jupyter root, frameworks, parameters.

Owns confining the output folder to the server's root directory and turning REST requests into
``to_pipeline`` calls on ``Artifact`` objects of the server's own store. Only graph snapshots and
metadata are read: exporting never loads or unpickles a value.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lineage_ext.errors import ExportError

from .schema import (
    ExportRequest,
    ExportResponse,
    FrameworkJSON,
    FrameworksResponse,
    ParameterCandidateJSON,
    ParameterCandidatesResponse,
)

if TYPE_CHECKING:
    from lineage_ext.artifacts import Artifact
    from lineage_ext.store import ArtifactStore


def confined_path(root_dir: Path, relative: str) -> Path:
    """``relative`` resolved inside ``root_dir``; anything escaping it is refused."""
    if not relative or Path(relative).is_absolute():
        raise ValueError(f"output_dir must be a folder relative to the Jupyter root, not {relative!r}")
    root = root_dir.resolve()
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        raise ValueError(f"output_dir {relative!r} is outside the Jupyter root")
    return target


def frameworks() -> FrameworksResponse:
    from lineage_ext.export.registry import frameworks as names
    from lineage_ext.export.registry import get_target

    listed: list[FrameworkJSON] = []
    for name in names():
        target = get_target(name)
        listed.append({"name": name, "label": name.title(), "description": target.description})
    return {"frameworks": listed}


def _artifact(store: ArtifactStore, name: str, version: int | None) -> Artifact:
    from lineage_ext.artifacts import Artifact

    return Artifact(store, store.info(name, version))


def export_pipeline(store: ArtifactStore, root_dir: Path, request: ExportRequest) -> ExportResponse:
    from lineage_ext.export.to_pipeline import to_pipeline

    if not request["artifacts"]:
        raise ExportError("select at least one artifact to export")
    default_dir = f"pipelines/{request['pipeline_name'] or 'pipeline'}_{request['framework'].lower()}"
    output = confined_path(root_dir, request["output_dir"] or default_dir)
    written = to_pipeline(
        [_artifact(store, ref["name"], ref["version"]) for ref in request["artifacts"]],
        framework=request["framework"],
        pipeline_name=request["pipeline_name"],
        output_dir=output,
        input_parameters=request["input_parameters"],
        reuse_pre_computed_artifacts=[
            _artifact(store, name, None) for name in request["reuse_pre_computed_artifacts"]
        ],
        generate_test=request["generate_test"],
        pipeline_dag_config=request["pipeline_dag_config"],
        overwrite=request["overwrite"],
    )
    files = sorted(str(p.relative_to(written)) for p in written.rglob("*") if p.is_file())
    return {"output_dir": str(written.relative_to(root_dir.resolve())), "files": files}


def parameter_candidates(
    store: ArtifactStore, refs: list[tuple[str, int | None]]
) -> ParameterCandidatesResponse:
    from lineage_ext.slicing.entry_points import parameter_candidates as slice_candidates

    candidates: list[ParameterCandidateJSON] = []
    seen: set[tuple[str, str]] = set()
    for name, version in refs:
        info = store.info(name, version)
        snapshot = store.get_graph_snapshot(info.name, info.version)
        if snapshot is None or info.node_id is None:
            continue
        for item in slice_candidates(snapshot, [info.node_id]):
            key = (str(item["name"]), name)
            if key not in seen:
                seen.add(key)
                line = item.get("line")
                candidates.append(
                    {"name": key[0], "value": str(item["value"]), "artifact": name, "line": line}
                )
    return {"candidates": candidates}
