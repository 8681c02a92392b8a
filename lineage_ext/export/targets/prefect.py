"""PREFECT target: a Prefect 3 flow with one task per pipeline task.

Tasks wrap the shared tasks module's functions; ``wait_for`` carries the ordering (data moves
through the artifact store, not Prefect results). Pipeline parameters are the flow's typed
parameters; ``retries`` and ``retry_delay_seconds`` apply to every task.
"""

from __future__ import annotations

from lineage_ext.errors import ExportError
from lineage_ext.export.codegen import (
    BOOL_PARSER,
    HEADER,
    identifier,
    parameter_flags,
    requirements_txt,
    signature,
    tasks_module,
    tasks_module_name,
)
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec

CONFIG_KEYS = frozenset({"retries", "retry_delay_seconds"})


def flow_file(spec: PipelineSpec) -> str:
    retries = spec.dag_config.get("retries", 0)
    delay = spec.dag_config.get("retry_delay_seconds", 0)
    if not isinstance(retries, int) or not isinstance(delay, int | float):
        raise ExportError("pipeline_dag_config retries must be an int and retry_delay_seconds a number")
    flow_name = f"{identifier(spec.name)}_flow"
    options = f"retries={retries!r}, retry_delay_seconds={delay!r}"
    wrappers = "\n".join(f"{t.name} = task(tasks.{t.name}, name={t.name!r}, {options})" for t in spec.tasks)
    submits = []
    for t in spec.tasks:
        kwargs = "".join(f"{p}={p}, " for p in t.parameters)
        waits = ", ".join(f"futures[{u!r}]" for u in t.upstream)
        submits.append(f"    futures[{t.name!r}] = {t.name}.submit({kwargs}wait_for=[{waits}])")
    return f'''{HEADER}"""Prefect 3 flow for pipeline {spec.name!r}."""

from __future__ import annotations

import argparse
import json
import os
import sys

from prefect import flow, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the tasks module sits next to this file

import {tasks_module_name(spec)} as tasks

{wrappers}


@flow(name={spec.name!r})
def {flow_name}({signature(list(spec.parameters))}) -> dict[str, int]:
    """Run every task in dependency order; returns all saved artifact versions."""
    futures: dict[str, object] = {{}}
{chr(10).join(submits)}
    saved: dict[str, int] = {{}}
    for future in futures.values():
        saved.update(future.result())  # type: ignore[attr-defined]
    return saved

{BOOL_PARSER}

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
{chr(10).join(parameter_flags(spec.parameters))}
    print(json.dumps({flow_name}(**vars(parser.parse_args(argv))), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''


def render(spec: PipelineSpec) -> dict[str, str]:
    flow_name, module = f"{spec.name}_prefect.py", f"{tasks_module_name(spec)}.py"
    how = f"""
```
pip install -r requirements.txt 'prefect>=3,<4'
python {flow_name}                 # runs the flow (a temporary local server unless PREFECT_API_URL is set)
prefect deploy {flow_name}:{identifier(spec.name)}_flow   # to schedule it on a work pool
```
"""
    files = {
        flow_name: flow_file(spec),
        module: tasks_module(spec),
        "requirements.txt": requirements_txt(spec),
    }
    purposes = {flow_name: "the Prefect flow", module: "the task code", "requirements.txt": "packages"}
    files["README.md"] = readme(spec, "Prefect 3", purposes, how)
    return files


TARGET = Target("PREFECT", render, CONFIG_KEYS, "a Prefect 3 flow")
