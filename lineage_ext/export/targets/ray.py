"""RAY target: Ray Core remote tasks (``@ray.remote``), not the removed ``ray.workflow``.

Each task runs as a remote call of the shared tasks module; a task receives its upstream
calls' results (their saved versions) as arguments, which is how Ray orders them, while the
data itself moves through the artifact store. Workers get the export folder on ``PYTHONPATH``
and the ``LINEAGE_EXT_*`` variables through the job's runtime environment.
"""

from __future__ import annotations

from lineage_ext.export.codegen import (
    BOOL_PARSER,
    HEADER,
    parameter_flags,
    requirements_txt,
    signature,
    tasks_module,
    tasks_module_name,
)
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec

CONFIG_KEYS = frozenset({"address", "num_cpus"})


def ray_file(spec: PipelineSpec) -> str:
    config = spec.dag_config
    given = ", ".join(f"{p.name!r}: {p.name}" for p in spec.parameters)
    calls = []
    for task in spec.tasks:
        upstream = "".join(f", refs[{u!r}]" for u in task.upstream)
        kwargs = "{" + ", ".join(f"{p!r}: given[{p!r}]" for p in task.parameters) + "}"
        calls.append(f"    refs[{task.name!r}] = _run_task.remote({task.name!r}, {kwargs}{upstream})")
    init_args = f"address={config['address']!r}, " if "address" in config else ""
    if "num_cpus" in config:
        init_args += f"num_cpus={int(config['num_cpus'])!r}, "
    return f'''{HEADER}"""Ray Core version of pipeline {spec.name!r}: one remote task per pipeline task."""

from __future__ import annotations

import argparse
import json
import os
import sys

import ray

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the tasks module sits next to this file

import {tasks_module_name(spec)} as tasks


@ray.remote
def _run_task(task_name: str, kwargs: dict[str, object], *upstream: dict[str, int]) -> dict[str, int]:
    """Run one task; ``upstream`` (the results of the tasks it waits for) only orders the calls."""
    return getattr(tasks, task_name)(**kwargs)


def _runtime_env() -> dict[str, object]:
    env = {{k: v for k, v in os.environ.items() if k.startswith("LINEAGE_EXT_")}}
    env["PYTHONPATH"] = os.pathsep.join([HERE, *filter(None, [os.environ.get("PYTHONPATH")])])
    return {{"env_vars": env}}


def run({signature(list(spec.parameters))}) -> dict[str, int]:
    """Run the pipeline on Ray (a local Ray unless already connected); returns all saved versions."""
    if not ray.is_initialized():
        ray.init({init_args}runtime_env=_runtime_env())
    given = {{{given}}}
    refs: dict[str, object] = {{}}
{chr(10).join(calls)}
    saved: dict[str, int] = {{}}
    for result in ray.get(list(refs.values())):
        saved.update(result)
    return saved

{BOOL_PARSER}

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
{chr(10).join(parameter_flags(spec.parameters))}
    print(json.dumps(run(**vars(parser.parse_args(argv))), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''


def render(spec: PipelineSpec) -> dict[str, str]:
    ray_name, module = f"{spec.name}_ray.py", f"{tasks_module_name(spec)}.py"
    how = f"""
```
pip install -r requirements.txt 'ray>=2.10'
python {ray_name}          # starts a local Ray, or set pipeline_dag_config address= for a cluster
```
On a cluster every worker must reach the same artifact store (`LINEAGE_EXT_STORE`, `LINEAGE_EXT_BLOBS`).
"""
    files = {ray_name: ray_file(spec), module: tasks_module(spec), "requirements.txt": requirements_txt(spec)}
    purposes = {ray_name: "the Ray driver", module: "the task code", "requirements.txt": "packages"}
    files["README.md"] = readme(spec, "Ray", purposes, how)
    return files


TARGET = Target("RAY", render, CONFIG_KEYS, "Ray Core remote tasks")
