"""``lineage_pipeline.json``: the machine-readable description written next to every export.

Owns the manifest's shape (format name and version, pipeline name, framework, the tasks module
file, tasks with their function names, upstream tasks, parameters and artifacts, and the pipeline
parameters with their defaults). Tools that run an exported folder (``lineage-ext run``) read this
file instead of parsing generated code. Returns text; it never writes files.
"""

from __future__ import annotations

import json
from typing import Any

from lineage_ext.export.spec import PipelineSpec, TaskSpec

MANIFEST_FILE = "lineage_pipeline.json"
MANIFEST_FORMAT = "lineage_ext.pipeline"
MANIFEST_VERSION = 1


def manifest(spec: PipelineSpec, framework: str, tasks_module_file: str) -> str:
    """The manifest of ``spec`` for ``framework``; its task functions live in ``tasks_module_file``."""
    data = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "pipeline": spec.name,
        "framework": framework,
        "tasks_module": tasks_module_file,
        "parameters": [{"name": p.name, "type": p.type_name, "default": p.default} for p in spec.parameters],
        "tasks": [_task(task) for task in spec.tasks],
    }
    return json.dumps(data, indent=2) + "\n"


def _task(task: TaskSpec) -> dict[str, Any]:
    return {
        "name": task.name,
        "function": task.name,  # codegen names each task function after its task
        "upstream": list(task.upstream),
        "parameters": list(task.parameters),
        "artifact": task.artifact,
        "artifact_version": task.artifact_version,
        "loads": [{"artifact": io.artifact, "version": io.version} for io in task.loads],
        "saves": [io.artifact for io in task.saves],
        "reads_files": list(task.reads_files),
        "writes_files": list(task.writes_files),
    }
