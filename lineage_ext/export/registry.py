"""The one registry of export targets: framework name -> exporter.

Owns looking a framework up (``UnknownFramework`` for anything else), checking
``pipeline_dag_config`` keys against what the target understands, and assembling the full file
set (target files + README + ``lineage_pipeline.json`` manifest + optional pytest scaffold).
Exporters return ``{path: text}``; the caller writes them (``writer.write_files``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lineage_ext.errors import ExportError, UnknownFramework
from lineage_ext.export.docs import test_file_name, test_scaffold
from lineage_ext.export.manifest import MANIFEST_FILE, manifest
from lineage_ext.export.spec import PipelineSpec


@dataclass(frozen=True)
class Target:
    """An export target: its name, the files it renders, and the config keys it reads."""

    name: str
    render: Callable[[PipelineSpec], dict[str, str]]
    config_keys: frozenset[str]
    description: str
    module_pattern: str = "{name}_tasks"  # the importable tasks module the generated test uses

    def tasks_module(self, spec: PipelineSpec) -> str:
        return self.module_pattern.format(name=spec.name)


FRAMEWORKS = ("SCRIPT", "AIRFLOW", "ARGO", "KUBEFLOW", "DVC", "RAY", "PREFECT", "DAGSTER")


def frameworks() -> list[str]:
    return list(FRAMEWORKS)


def _targets() -> dict[str, Target]:
    # imported on first use: each target module imports this one for `Target`
    from .targets import airflow, argo, dagster, dvc, kubeflow, prefect, ray, script

    modules = (script, airflow, argo, kubeflow, dvc, ray, prefect, dagster)
    return dict(zip(FRAMEWORKS, (module.TARGET for module in modules), strict=True))


def get_target(framework: str) -> Target:
    key = framework.strip().upper() if isinstance(framework, str) else ""
    if key not in FRAMEWORKS:
        raise UnknownFramework(f"unknown framework {framework!r}; choose one of {', '.join(FRAMEWORKS)}")
    return _targets()[key]


def export_files(spec: PipelineSpec, framework: str) -> dict[str, str]:
    """All files of ``spec`` exported to ``framework``, by relative path."""
    target = get_target(framework)
    unknown = sorted(set(spec.dag_config) - target.config_keys)
    if unknown:
        known = ", ".join(sorted(target.config_keys)) or "none"
        raise ExportError(
            f"{target.name} does not understand pipeline_dag_config keys {unknown}; known: {known}"
        )
    files = target.render(spec)
    module_file = f"{target.tasks_module(spec)}.py"
    if module_file not in files:  # the manifest points runners at this file: it must be there
        raise ExportError(f"{target.name} exporter did not write its tasks module {module_file}")
    files[MANIFEST_FILE] = manifest(spec, target.name, module_file)
    if spec.generate_test:
        files[test_file_name(spec)] = test_scaffold(spec, target.tasks_module(spec))
    return files
