"""DAGSTER target: one software-defined asset per task, and a ``Definitions`` object.

Each asset calls the shared tasks module and reports the saved artifact versions as
materialization metadata (the values live in the artifact store, not in a Dagster IO
manager). ``deps`` carry the ordering; a task's parameters are its asset's ``Config``.
"""

from __future__ import annotations

from lineage_ext.export.codegen import (
    BOOL_PARSER,
    HEADER,
    parameter_flags,
    requirements_txt,
    tasks_module,
    tasks_module_name,
)
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec, TaskSpec


def _config_class(spec: PipelineSpec, task: TaskSpec) -> str:
    fields = "\n".join(f"    {p.name}: {p.type_name} = {p.default!r}" for p in spec.task_parameters(task))
    return f"class {_class_name(task)}(dg.Config):\n{fields}\n"


def _class_name(task: TaskSpec) -> str:
    return "".join(part.capitalize() for part in task.name.split("_")) + "Config"


def _asset(task: TaskSpec) -> str:
    deps = f", deps={list(task.upstream)!r}" if task.upstream else ""
    arg = f"config: {_class_name(task)}" if task.parameters else ""
    call = ", ".join(f"{p}=config.{p}" for p in task.parameters)
    return f"""
@dg.asset(name={task.name!r}{deps})
def {task.name}({arg}) -> dg.MaterializeResult:
    saved = tasks.{task.name}({call})
    return dg.MaterializeResult(metadata={{f"version {{name}}": version for name, version in saved.items()}})
"""


def assets_file(spec: PipelineSpec) -> str:
    classes = "\n\n".join(_config_class(spec, t) for t in spec.tasks if t.parameters)
    assets = "\n".join(_asset(t) for t in spec.tasks)
    names = ", ".join(t.name for t in spec.tasks)
    run_config = ", ".join(
        f"{t.name!r}: {_class_name(t)}(" + ", ".join(f"{p}=args.{p}" for p in t.parameters) + ")"
        for t in spec.tasks
        if t.parameters
    )
    return f'''{HEADER}"""Dagster assets for pipeline {spec.name!r}: one asset per task."""

# no `from __future__ import annotations`: Dagster resolves each asset's Config annotation at definition time
import argparse
import os
import sys

import dagster as dg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the tasks module sits next to this file

import {tasks_module_name(spec)} as tasks


{classes}

{assets}

ASSETS = [{names}]
defs = dg.Definitions(assets=ASSETS)

{BOOL_PARSER}

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
{chr(10).join(parameter_flags(spec.parameters))}
    args = parser.parse_args(argv)
    result = dg.materialize(ASSETS, run_config=dg.RunConfig({{{run_config}}}))
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
'''


def render(spec: PipelineSpec) -> dict[str, str]:
    assets_name, module = f"{spec.name}_dagster.py", f"{tasks_module_name(spec)}.py"
    how = f"""
```
pip install -r requirements.txt 'dagster>=1.8'
python {assets_name}                 # materializes every asset once, in process
dagster dev -f {assets_name}         # the Dagster UI, to materialize or schedule the assets
```
"""
    files = {
        assets_name: assets_file(spec),
        module: tasks_module(spec),
        "requirements.txt": requirements_txt(spec),
    }
    purposes = {
        assets_name: "the Dagster assets and Definitions",
        module: "the task code",
        "requirements.txt": "packages",
    }
    files["README.md"] = readme(spec, "Dagster", purposes, how)
    return files


TARGET = Target("DAGSTER", render, frozenset(), "Dagster software-defined assets")
