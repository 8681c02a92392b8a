"""to_pipeline: argument checks, the slicing contract, and the end-to-end write.

Slicing is another module's job. These tests put a stand-in ``lineage_ext.slicing.entry_points`` in
``sys.modules`` that returns the hand-written sample tasks, to test everything from the
slicing contract onward; the real slices are tested by the slicing area.
"""

from __future__ import annotations

import subprocess
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from export_sample import expected_values, sample_tasks

from lineage_ext.errors import AmbiguousParameter, ExportError, OutputExists, UnknownFramework
from lineage_ext.export import task_io
from lineage_ext.export.to_pipeline import spec_from_task_code, to_pipeline

SLICING_MODULE = "lineage_ext.slicing.entry_points"
DEFAULTS = {"n_rows": 150, "drop_column": "proline", "add_ratio": True, "test_size": 0.25, "max_depth": 3}


@dataclass
class SlicedTask:
    name: str
    code: str
    loads: list[tuple[str, str, int | None]]
    saves: list[tuple[str, str]]
    upstream: list[str]
    parameters: dict[str, Any]
    artifact: str | None
    artifact_version: int | None
    reads_files: list[str] = field(default_factory=list)
    writes_files: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)


def sliced_sample() -> list[SlicedTask]:
    return [
        SlicedTask(
            name=t.name,
            code=t.code,
            loads=[(io.variable, io.artifact, io.version) for io in t.loads],
            saves=[(io.variable, io.artifact) for io in t.saves],
            upstream=list(t.upstream),
            parameters={p: DEFAULTS[p] for p in t.parameters},
            artifact=t.artifact,
            artifact_version=t.artifact_version,
            requirements=["scikit-learn==1.9.1", "pandas==3.1.1"],
        )
        for t in sample_tasks()
    ]


@pytest.fixture
def slicing_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Installs the stand-in slicing module; returns the calls it received."""
    calls: list[dict[str, Any]] = []

    def build_pipeline_tasks(artifacts: Any, input_parameters: Any, reuse: Any, dependencies: Any) -> Any:
        calls.append(
            {"artifacts": artifacts, "params": input_parameters, "reuse": reuse, "deps": dependencies}
        )
        return sliced_sample()

    module = types.ModuleType(SLICING_MODULE)
    module.build_pipeline_tasks = build_pipeline_tasks  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, SLICING_MODULE, module)
    return calls


def test_bad_arguments_fail_before_any_work(tmp_path: Path, slicing_calls: list[dict[str, Any]]) -> None:
    with pytest.raises(UnknownFramework):
        to_pipeline(["wine_score"], framework="LUIGI", output_dir=tmp_path)
    with pytest.raises(AmbiguousParameter, match="listed twice"):
        to_pipeline(["wine_score"], input_parameters=["n_rows", "n_rows"], output_dir=tmp_path)
    with pytest.raises(AmbiguousParameter, match="not a variable name"):
        to_pipeline(["wine_score"], input_parameters=["a.b"], output_dir=tmp_path)
    with pytest.raises(ExportError, match="at least one artifact"):
        to_pipeline([], output_dir=tmp_path)
    assert slicing_calls == []


def test_to_pipeline_passes_the_slicing_contract_and_writes_a_runnable_script(
    tmp_path: Path, folder_store: Path, slicing_calls: list[dict[str, Any]]
) -> None:
    out = to_pipeline(
        ["wine_raw", ("wine_score", 1)],
        pipeline_name="wine",
        output_dir=tmp_path / "out",
        input_parameters=["n_rows", "max_depth"],
        dependencies={"wine_score": ["wine_raw"]},
    )
    assert slicing_calls == [
        {
            "artifacts": ["wine_raw", ("wine_score", 1)],
            "params": ["n_rows", "max_depth"],
            "reuse": [],
            "deps": {"wine_score": {"wine_raw"}},
        }
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md",
        "lineage_pipeline.json",
        "requirements.txt",
        "wine.py",
    ]
    assert (out / "requirements.txt").read_text().splitlines()[1:3] == [
        "pandas==3.1.1",
        "scikit-learn==1.9.1",
    ]
    env = {
        "LINEAGE_EXT_STORE": str(folder_store),
        "LINEAGE_EXT_TASK_IO": "folder",
        "PYTHONPATH": str(Path.cwd()),
    }
    proc = subprocess.run(
        [sys.executable, "wine.py", "--n_rows", "120"],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    task_io.assert_same_value(task_io.load("wine_raw"), expected_values(n_rows=120)["wine_raw"])
    with pytest.raises(OutputExists):
        to_pipeline(["wine_score"], pipeline_name="wine", framework="DVC", output_dir=out)


def test_conflicting_literals_for_one_parameter_are_ambiguous() -> None:
    tasks = sliced_sample()
    tasks[1].parameters["n_rows"] = 99
    tasks[1].code += "\nprint(n_rows)"
    with pytest.raises(AmbiguousParameter, match="'n_rows' has two different literal values"):
        spec_from_task_code("wine", tasks, {}, {}, False)


def test_include_non_slice_as_comment_is_passed_to_slicing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def build_pipeline_tasks(*args: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        return sliced_sample()

    module = types.ModuleType(SLICING_MODULE)
    module.build_pipeline_tasks = build_pipeline_tasks  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, SLICING_MODULE, module)
    to_pipeline(["wine_score"], output_dir=tmp_path / "o", include_non_slice_as_comment=True)
    assert seen == {"include_non_slice_as_comment": True}


def test_task_names_the_generated_files_reserve_are_renamed() -> None:
    tasks = sliced_sample()
    tasks[0].name = "main"
    tasks[1].upstream = ["main"]
    spec = spec_from_task_code("wine", tasks, {}, {}, False)
    assert [t.name for t in spec.tasks] == ["task_main", "make_features", "train_model"]
    assert spec.task("make_features").upstream == ("task_main",)
