"""KUBEFLOW target: a Kubeflow Pipelines v2 pipeline (kfp SDK) and, when kfp is installed, its compiled YAML.

Each task is a lightweight ``@dsl.component`` whose body holds the whole task (kfp ships only
the function's source to the container) and returns the saved versions as JSON; ordering
comes from ``.after()`` because data moves through the artifact store, not kfp artifacts.
Pipeline parameters are typed pipeline inputs. Compiling needs kfp: the exporter compiles in
process when ``kfp`` imports, else it writes only the ``.py`` and the README says how to compile.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tempfile
from pathlib import Path

from lineage_ext.errors import ExportError
from lineage_ext.export.codegen import (
    HEADER,
    identifier,
    indent_code,
    slug,
    task_function,
    tasks_module,
    tasks_module_name,
)
from lineage_ext.export.docs import readme
from lineage_ext.export.registry import Target
from lineage_ext.export.spec import PipelineSpec, TaskSpec

CONFIG_KEYS = frozenset(
    {
        "base_image",
        "packages_to_install",
        "install_kfp_package",
        "enable_caching",
        "env",
        "store_uri",
        "blobs_uri",
    }
)


def _component(spec: PipelineSpec, task: TaskSpec) -> str:
    params = spec.task_parameters(task)
    args = ", ".join(f"{p.name}: {p.type_name} = {p.default!r}" for p in params)
    call = ", ".join(f"{p.name}={p.name}" for p in params)
    inner = indent_code(task_function(spec, task, name="_task"))
    return f'''
@dsl.component(base_image=BASE_IMAGE, packages_to_install=PACKAGES, install_kfp_package=INSTALL_KFP)
def {task.name}({args}) -> str:
    """Task {task.name!r}: runs in its own container; returns the saved versions as JSON."""
    import json

{inner}
    return json.dumps(_task({call}), sort_keys=True)
'''


def _env(spec: PipelineSpec) -> dict[str, str]:
    config = spec.dag_config
    env = {str(k): str(v) for k, v in dict(config.get("env", {})).items()}
    for var, key in (("LINEAGE_EXT_STORE", "store_uri"), ("LINEAGE_EXT_BLOBS", "blobs_uri")):
        if key in config:
            env[var] = str(config[key])
    return env


def _pipeline(spec: PipelineSpec) -> str:
    args = ", ".join(f"{p.name}: {p.type_name} = {p.default!r}" for p in spec.parameters)
    lines = [f"@dsl.pipeline(name={slug(spec.name)!r}, description='Exported by lineage_ext')"]
    lines.append(f"def {identifier(spec.name)}_pipeline({args}) -> None:")
    caching = bool(spec.dag_config.get("enable_caching", False))
    for task in spec.tasks:
        call = ", ".join(f"{p}={p}" for p in task.parameters)
        after = "".join(f".after({u}_task)" for u in task.upstream)
        lines.append(f"    {task.name}_task = {task.name}({call}){after}")
        lines.append(f"    {task.name}_task.set_caching_options({caching!r})")
        for name, value in _env(spec).items():
            lines.append(f"    {task.name}_task.set_env_variable({name!r}, {value!r})")
    return "\n".join(lines) + "\n"


def pipeline_source(spec: PipelineSpec) -> str:
    config = spec.dag_config
    packages = list(config.get("packages_to_install", spec.requirements))
    yaml_name = f"{spec.name}_kfp.yaml"
    components = "\n".join(_component(spec, t) for t in spec.tasks)
    return f'''{HEADER}"""Kubeflow Pipelines v2 pipeline {spec.name!r}; run it to write {yaml_name}."""

# no `from __future__ import annotations`: kfp reads the real annotation types of each component
import sys

from kfp import compiler, dsl

BASE_IMAGE = {str(config.get("base_image", "python:3.11-slim"))!r}
PACKAGES = {packages!r}
INSTALL_KFP = {bool(config.get("install_kfp_package", True))!r}

{components}

{_pipeline(spec)}

if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else {yaml_name!r}
    compiler.Compiler().compile({identifier(spec.name)}_pipeline, package_path=target)
'''


def compile_with_kfp(spec: PipelineSpec, source: str) -> str | None:
    """The compiled pipeline YAML, or ``None`` when kfp is not importable in this process."""
    if importlib.util.find_spec("kfp") is None:
        return None
    compiler = importlib.import_module("kfp.compiler")  # optional dependency, untyped here

    with tempfile.TemporaryDirectory() as folder:
        module_path = Path(folder) / f"{spec.name}_kfp.py"
        module_path.write_text(source, encoding="utf-8")
        module_spec = importlib.util.spec_from_file_location(f"_lineage_kfp_{spec.name}", module_path)
        if module_spec is None or module_spec.loader is None:
            raise ExportError(f"cannot load the generated kfp module {module_path}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[module_spec.name] = module
        try:
            module_spec.loader.exec_module(module)
            yaml_path = Path(folder) / "pipeline.yaml"
            compiler.Compiler().compile(getattr(module, f"{identifier(spec.name)}_pipeline"), str(yaml_path))
            return yaml_path.read_text(encoding="utf-8")
        finally:
            sys.modules.pop(module_spec.name, None)


def render(spec: PipelineSpec) -> dict[str, str]:
    source_name, yaml_name = f"{spec.name}_kfp.py", f"{spec.name}_kfp.yaml"
    source = pipeline_source(spec)
    module = f"{tasks_module_name(spec)}.py"
    files = {source_name: source, module: tasks_module(spec)}
    purposes = {source_name: "the pipeline (kfp v2 SDK)", module: "the same tasks, runnable locally"}
    compiled = compile_with_kfp(spec, source)
    if compiled is not None:
        files[yaml_name] = compiled
        purposes[yaml_name] = "the compiled pipeline, ready to upload"
    compile_note = "" if compiled is not None else "kfp was not installed at export time, so compile first:\n"
    how = f"""
{compile_note}```
pip install 'kfp>=2.7,<2.17.3'
python {source_name}                 # writes {yaml_name}
```
Upload `{yaml_name}` in the Kubeflow Pipelines UI, or run it from Python:
`kfp.Client(host=...).create_run_from_pipeline_package("{yaml_name}", arguments={{...}})`.
Locally: `kfp.local.init(runner=kfp.local.SubprocessRunner(use_venv=False))`, then call the
pipeline function. The container image needs the packages in `PACKAGES` and lineage_ext.
"""
    files["README.md"] = readme(spec, "Kubeflow Pipelines", purposes, how)
    return files


TARGET = Target("KUBEFLOW", render, CONFIG_KEYS, "a Kubeflow Pipelines v2 pipeline and its compiled YAML")
