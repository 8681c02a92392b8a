"""The README and the pytest scaffold every target writes next to its pipeline files.

Owns the text that tells a person how to run an export (the target supplies its own "how to
run" steps) and the generated test that re-runs each task and compares its output with the
artifact version saved at capture time. Returns strings; it never writes files.
"""

from __future__ import annotations

from lineage_ext.export.manifest import MANIFEST_FILE
from lineage_ext.export.spec import PipelineSpec

STORE_NOTE = (
    "Tasks pass data only through the lineage_ext artifact store: each task loads its inputs and "
    "saves its outputs there, so tasks can run in separate processes or machines. Point every task "
    "at the same store with `LINEAGE_EXT_STORE` (a folder, or `postgresql://...` with "
    "`LINEAGE_EXT_BLOBS=s3://...` for a team store); set `LINEAGE_EXT_TASK_IO=folder` to use plain "
    "pickle files under `<store>/task-artifacts/` instead of the metadata store."
)


def readme(spec: PipelineSpec, target: str, files: dict[str, str], how_to_run: str) -> str:
    """A README.md for ``spec`` exported to ``target``; ``files`` maps file name -> one-line purpose."""
    files = {
        **files,
        "README.md": "this file",
        MANIFEST_FILE: "machine-readable task list; `lineage-ext run .` runs the pipeline locally",
    }
    if spec.generate_test:
        files[test_file_name(spec)] = "pytest checks of each task's output against the saved artifact"
    lines = [
        f"# Pipeline `{spec.name}` ({target})",
        "",
        "Exported by `lineage_ext.to_pipeline` from saved artifacts.",
        "",
        "## Files",
        "",
        *[f"- `{name}`: {purpose}" for name, purpose in sorted(files.items())],
        "",
        "## How to run",
        "",
        how_to_run.strip(),
        "",
        "## Tasks",
        "",
        "| task | computes | after | parameters |",
        "|---|---|---|---|",
    ]
    for task in spec.tasks:
        what = f"`{task.artifact}` (v{task.artifact_version})" if task.artifact else "shared values"
        after = ", ".join(f"`{u}`" for u in task.upstream) or "-"
        params = ", ".join(f"`{p}`" for p in task.parameters) or "-"
        lines.append(f"| `{task.name}` | {what} | {after} | {params} |")
    lines += ["", "## Parameters", ""]
    lines += [f"- `{p.name}` ({p.type_name}, default `{p.default!r}`)" for p in spec.parameters] or ["None."]
    lines += ["", "## Data between tasks", "", STORE_NOTE, ""]
    if spec.generate_test:
        lines += [
            "## Test",
            "",
            f"`pytest {test_file_name(spec)}` runs every task and checks each output against the "
            "artifact version saved at capture time (the store must hold those versions).",
            "",
        ]
    return "\n".join(lines)


def test_file_name(spec: PipelineSpec) -> str:
    return f"test_{spec.name}_pipeline.py"


def test_scaffold(spec: PipelineSpec, module: str) -> str:
    """A pytest module checking each task's output against the saved artifact version."""
    expected = [
        (t.name, t.artifact, t.artifact_version) for t in spec.tasks if t.artifact and t.artifact_version
    ]
    return f'''"""Re-runs pipeline {spec.name!r}; each task must reproduce its artifact as saved."""

from __future__ import annotations

import pytest

import {module} as tasks
from lineage_ext.export import task_io

# (task, artifact, version saved at capture time)
EXPECTED = {expected!r}


@pytest.fixture(scope="module")
def rerun() -> dict[str, int]:
    """Run the whole pipeline once; returns the versions it saved."""
    return tasks.run_all()


@pytest.mark.parametrize(("task", "artifact", "version"), EXPECTED)
def test_task_output_matches_saved_artifact(
    rerun: dict[str, int], task: str, artifact: str, version: int
) -> None:
    assert artifact in rerun, f"task {{task}} did not save {{artifact}}"
    rerun_value = task_io.load(artifact, rerun[artifact])
    task_io.assert_same_value(rerun_value, task_io.load(artifact, version), artifact)
'''
