"""ARGO target: an Argo Workflows ``Workflow`` manifest (YAML) with one DAG task per task.

Each task is a container template running its standalone task script (``python -c <script>``)
with the pipeline parameters passed as command-line arguments, never pasted into the code, so
any parameter value is safe. Workflow parameters default to the captured literals. The image
must provide Python with the packages of ``requirements.txt``; the store every pod uses is set
with ``store_uri``/``blobs_uri`` (it must be reachable from the cluster: PostgreSQL + S3).
Tests validate the manifest against Argo's JSON schema and run the task scripts in order; no
Argo controller runs in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lineage_ext.errors import ExportError
from lineage_ext.export import yamltext
from lineage_ext.export.codegen import (
    cli_value,
    requirements_txt,
    slug,
    task_script,
    tasks_module,
    tasks_module_name,
)
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec, TaskSpec

CONFIG_KEYS = frozenset(
    {"image", "namespace", "service_account_name", "store_uri", "blobs_uri", "task_io", "env"}
)
DEFAULT_IMAGE = "python:3.11-slim"


def _env(config: Mapping[str, Any]) -> list[dict[str, str]]:
    extra = config.get("env", {})
    if not isinstance(extra, Mapping):
        raise ExportError(f"pipeline_dag_config env must be a mapping of names to values, not {extra!r}")
    named = {
        "LINEAGE_EXT_STORE": "store_uri",
        "LINEAGE_EXT_BLOBS": "blobs_uri",
        "LINEAGE_EXT_TASK_IO": "task_io",
    }
    env = {var: str(config[key]) for var, key in named.items() if key in config}
    env.update({str(k): str(v) for k, v in extra.items()})
    return [{"name": name, "value": value} for name, value in env.items()]


def _task_template(spec: PipelineSpec, task: TaskSpec) -> dict[str, Any]:
    params = spec.task_parameters(task)
    args: list[str] = [task_script(spec, task)]
    for p in params:
        args += [f"--{p.name}", f"{{{{inputs.parameters.{p.name}}}}}"]
    container: dict[str, Any] = {
        "image": str(spec.dag_config.get("image", DEFAULT_IMAGE)),
        "command": ["python", "-c"],
        "args": args,
    }
    env = _env(spec.dag_config)
    if env:
        container["env"] = env
    template: dict[str, Any] = {"name": slug(task.name)}
    if params:
        template["inputs"] = {"parameters": [{"name": p.name} for p in params]}
    template["container"] = container
    return template


def _dag_task(spec: PipelineSpec, task: TaskSpec) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": slug(task.name), "template": slug(task.name)}
    if task.upstream:
        entry["dependencies"] = [slug(u) for u in task.upstream]
    if task.parameters:
        values = [{"name": p, "value": f"{{{{workflow.parameters.{p}}}}}"} for p in task.parameters]
        entry["arguments"] = {"parameters": values}
    return entry


def workflow(spec: PipelineSpec) -> dict[str, Any]:
    """The Workflow manifest as plain data (written as YAML by ``render``)."""
    config = spec.dag_config
    metadata: dict[str, Any] = {"generateName": f"{slug(spec.name)}-"}
    if "namespace" in config:
        metadata["namespace"] = str(config["namespace"])
    body: dict[str, Any] = {"entrypoint": "pipeline"}
    if "service_account_name" in config:
        body["serviceAccountName"] = str(config["service_account_name"])
    if spec.parameters:
        body["arguments"] = {"parameters": [{"name": p.name, "value": cli_value(p)} for p in spec.parameters]}
    dag = {"name": "pipeline", "dag": {"tasks": [_dag_task(spec, t) for t in spec.tasks]}}
    body["templates"] = [dag, *[_task_template(spec, t) for t in spec.tasks]]
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": metadata, "spec": body}


def render(spec: PipelineSpec) -> dict[str, str]:
    manifest, module = f"{spec.name}_workflow.yaml", f"{tasks_module_name(spec)}.py"
    how = f"""
Build or choose an image with Python and `requirements.txt` installed (set it with
`pipeline_dag_config={{"image": ...}}`; default `{DEFAULT_IMAGE}` lacks the packages), make the
artifact store reachable from the cluster (`store_uri`, `blobs_uri`), then:
```
argo submit {manifest} -p <param>=<value> --watch
```
`{module}` holds the same task code for running or debugging the tasks locally:
`python {module} --task {spec.tasks[0].name}`.
"""
    files = {
        manifest: yamltext.dump(workflow(spec)),
        module: tasks_module(spec),
        "requirements.txt": requirements_txt(spec),
    }
    purposes = {
        manifest: "the Argo Workflow",
        module: "the same tasks, runnable locally",
        "requirements.txt": "packages",
    }
    files["README.md"] = readme(spec, "Argo Workflows", purposes, how)
    return files


TARGET = Target("ARGO", render, CONFIG_KEYS, "an Argo Workflows manifest (YAML)")
