"""SCRIPT target: a runnable Python module with a command line, plus ``requirements.txt``.

The module is the shared tasks module (``codegen.tasks_module``) under the pipeline's name; every
other target builds on the same module, so this is also the simplest way to debug an export.
"""

from __future__ import annotations

from lineage_ext.export.codegen import requirements_txt, tasks_module
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec


def render(spec: PipelineSpec) -> dict[str, str]:
    module = f"{spec.name}.py"
    flags = " ".join(f"--{p.name} {p.default!r}" for p in spec.parameters)
    how = f"""
```
pip install -r requirements.txt
python {module} {flags}            # every task, in order
python {module} --task {spec.tasks[0].name}   # one task
```
The script prints the artifact versions it saved as JSON; `--receipt FILE` writes them to a file too.
"""
    files = {module: tasks_module(spec), "requirements.txt": requirements_txt(spec)}
    purposes = {
        module: "the pipeline: one function per task and a command line",
        "requirements.txt": "packages",
    }
    files["README.md"] = readme(spec, "SCRIPT", purposes, how)
    return files


TARGET = Target(
    "SCRIPT",
    render,
    frozenset(),
    "a runnable Python module with CLI flags for parameters",
    module_pattern="{name}",
)
