"""Pipeline export: saved artifacts -> files for an orchestrator (SCRIPT, AIRFLOW, ARGO, KUBEFLOW, DVC, RAY,
PREFECT, DAGSTER).

Layout: ``spec`` (the engine-neutral ``PipelineSpec``), ``codegen`` (task functions and the shared
tasks module), ``targets/`` (one module per orchestrator) behind ``registry``, ``writer`` (the
output-folder rule), ``api.to_pipeline`` (the public entry point) and ``task_io`` (the tiny runtime
the generated code imports). Importing this package stays cheap: submodules load on first use.
"""

from __future__ import annotations

from lineage_ext._lazy import lazy_getattr

_PUBLIC = {
    "to_pipeline": "lineage_ext.export.to_pipeline",
    "PipelineSpec": "lineage_ext.export.spec",
    "TaskSpec": "lineage_ext.export.spec",
    "TaskIO": "lineage_ext.export.spec",
    "Parameter": "lineage_ext.export.spec",
    "export_files": "lineage_ext.export.registry",
    "frameworks": "lineage_ext.export.registry",
    "write_files": "lineage_ext.export.writer",
}

__all__ = [
    "Parameter",
    "PipelineSpec",
    "TaskIO",
    "TaskSpec",
    "export_files",
    "frameworks",
    "to_pipeline",
    "write_files",
]


__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())
