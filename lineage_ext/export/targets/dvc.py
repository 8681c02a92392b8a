"""DVC target: ``dvc.yaml`` with one stage per task, ``params.yaml`` with the pipeline parameters.

Each stage runs the shared tasks module for one task. Values move through the artifact store,
which DVC cannot see, so every stage also writes a small receipt (the artifact versions it
saved) under ``receipts/``: it is the stage's ``out`` and its downstream stages' ``dep``, which
gives DVC the ordering and lets an unchanged pipeline skip every stage on the next ``dvc repro``.
Files a task reads or writes are its extra deps and outs.
"""

from __future__ import annotations

from typing import Any

from lineage_ext.export import yamltext
from lineage_ext.export.codegen import requirements_txt, tasks_module, tasks_module_name
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec, TaskSpec

RECEIPTS = "receipts"


def _stage(spec: PipelineSpec, task: TaskSpec) -> dict[str, Any]:
    module = f"{tasks_module_name(spec)}.py"
    receipt = f"{RECEIPTS}/{task.name}.json"
    flags = []
    for p in spec.task_parameters(task):
        value = f'"${{{p.name}}}"' if p.type_name == "str" else f"${{{p.name}}}"
        flags.append(f"--{p.name} {value}")
    command = " ".join(["python", module, "--task", task.name, "--receipt", receipt, *flags])
    stage: dict[str, Any] = {"cmd": command}
    stage["deps"] = [module, *(f"{RECEIPTS}/{u}.json" for u in task.upstream), *task.reads_files]
    if task.parameters:
        stage["params"] = list(task.parameters)
    stage["outs"] = [{receipt: {"cache": False}}, *task.writes_files]
    return stage


def dvc_yaml(spec: PipelineSpec) -> str:
    return yamltext.dump({"stages": {t.name: _stage(spec, t) for t in spec.tasks}})


def params_yaml(spec: PipelineSpec) -> str:
    return yamltext.dump({p.name: p.default for p in spec.parameters})


def render(spec: PipelineSpec) -> dict[str, str]:
    module = f"{tasks_module_name(spec)}.py"
    how = """
Inside a git repository with DVC initialised (`git init && dvc init`):
```
pip install -r requirements.txt
dvc repro                     # runs the stages that changed, in order
dvc repro                     # nothing changed: every stage is skipped
dvc exp run -S max_depth=5    # another parameter value (any name from params.yaml)
```
"""
    files = {
        "dvc.yaml": dvc_yaml(spec),
        "params.yaml": params_yaml(spec),
        module: tasks_module(spec),
        "requirements.txt": requirements_txt(spec),
    }
    purposes = {
        "dvc.yaml": "one stage per task",
        "params.yaml": "pipeline parameters",
        module: "the task code the stages run",
        "requirements.txt": "packages",
    }
    files["README.md"] = readme(spec, "DVC", purposes, how)
    return files


TARGET = Target("DVC", render, frozenset(), "dvc.yaml stages with params.yaml")
