"""``run_pipeline``: exported pipeline folders (from a real traced script) run on the local runtime."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pipeline_helpers import ARTIFACTS, break_task, cli_env, expected_values, make_template, work_copy

from lineage_ext import api
from lineage_ext.errors import RuntimeGraphError, VersionNotFound
from lineage_ext.export import task_io
from lineage_ext.runtime import run_pipeline
from tests.engines.fixtures import EngineFactory, engine_python

__all__ = ["engine_python"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("pipelines") / "template", ["SCRIPT", "DVC"])


@pytest.fixture
def work(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return work_copy(template, tmp_path / "work", monkeypatch)


def by_task(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {task["name"]: task for task in report["tasks"]}


def ran(report: dict[str, Any]) -> set[str]:
    return {task["name"] for task in report["tasks"] if not task["cached"]}


def values_of(report: dict[str, Any]) -> dict[str, Any]:
    saved = {name: version for task in report["tasks"] for name, version in task["saved"].items()}
    return {name: task_io.load(name, version) for name, version in saved.items()}


def test_manifest_describes_the_export(work: Path) -> None:
    manifest = json.loads((work / "dvc" / "lineage_pipeline.json").read_text())
    assert manifest["tasks_module"] == "demo_tasks.py"
    assert manifest["parameters"] == [
        {"name": "factor", "type": "int", "default": 3},
        {"name": "offset", "type": "int", "default": 10},
    ]
    upstream = {task["name"]: sorted(task["upstream"]) for task in manifest["tasks"]}
    assert upstream == {
        "base": [],
        "scaled": ["base"],
        "shifted": ["base"],
        "total": ["base", "scaled", "shifted"],
    }
    assert json.loads((work / "script" / "lineage_pipeline.json").read_text())["tasks_module"] == "demo.py"


@pytest.mark.parametrize("framework", ["script", "dvc"])
def test_run_reproduces_the_saved_artifacts_then_skips_everything(work: Path, framework: str) -> None:
    first = run_pipeline(work / framework, num_workers=2)
    assert first["ok"] is True
    assert first["counts"] == {"finished": 4}
    assert {name: task["saved"] for name, task in by_task(first).items()} == {
        name: {name: 2} for name in ARTIFACTS
    }
    assert values_of(first) == expected_values()
    assert values_of(first) == {name: api.get(name, 1).get_value() for name in ARTIFACTS}
    workers = {task["pid"] for task in first["tasks"]}
    assert None not in workers
    assert len(workers) <= 2
    second = run_pipeline(work / framework, num_workers=2)
    assert second["counts"] == {"cached": 4}
    assert [task["saved"] for task in second["tasks"]] == [task["saved"] for task in first["tasks"]]
    assert api.get("total").version == 1  # runs never move the notebook's latest
    assert api.get("total", 2).get_value() == expected_values()["total"]  # the run's version, by number
    with pytest.raises(VersionNotFound):
        api.get("total", 3)  # the second run was all cached: nothing was saved


def test_changed_parameter_reruns_exactly_the_dependent_tasks(work: Path) -> None:
    run_pipeline(work / "dvc", num_workers=2)
    changed = run_pipeline(work / "dvc", params={"factor": "5"}, num_workers=2)
    assert ran(changed) == {"scaled", "total"}
    assert changed["parameters"] == {"factor": 5, "offset": 10}
    assert values_of(changed) == expected_values(factor=5)
    # back to the default: scaled's factor=3 result (v2) is reused and pinned into this run, so the
    # forced total reads it, never the factor=5 values that are newer
    back = run_pipeline(work / "dvc", params={"factor": 3}, num_workers=2, force="total")
    assert ran(back) == {"total"}
    assert values_of(back) == expected_values()


def test_only_the_tasks_a_target_needs_run(work: Path) -> None:
    report = run_pipeline(work / "script", tasks=["scaled"], num_workers=0, results_store="memory")
    assert [task["name"] for task in report["tasks"]] == ["base", "scaled"]
    assert report["num_workers"] == 0
    assert api.get("shifted").version == 1
    assert api.get("total").version == 1
    assert values_of(report) == {key: expected_values()[key] for key in ("base", "scaled")}


def test_force_reruns_a_task_and_its_successors(work: Path) -> None:
    run_pipeline(work / "script", num_workers=2, results_store=work / "results")
    assert (work / "results" / "total").is_dir()
    forced = run_pipeline(work / "script", num_workers=2, force="shifted+", results_store=work / "results")
    assert ran(forced) == {"shifted", "total"}
    everything = run_pipeline(work / "script", num_workers=2, force="all", results_store=work / "results")
    assert ran(everything) == set(ARTIFACTS)


def test_an_edited_task_runs_again(work: Path) -> None:
    run_pipeline(work / "script", num_workers=2)
    module = work / "script" / "demo.py"
    module.write_text(module.read_text().replace("b + offset", "offset + b"))
    assert ran(run_pipeline(work / "script", num_workers=2)) == {"shifted", "total"}


def test_a_failing_task_fails_what_follows_and_the_rest_still_runs(work: Path) -> None:
    break_task(work / "dvc", "demo_tasks.py", "shifted")
    report = run_pipeline(work / "dvc", num_workers=2)
    states = {name: task["state"] for name, task in by_task(report).items()}
    assert states == {
        "base": "finished",
        "scaled": "finished",
        "shifted": "failed",
        "total": "upstream_failed",
    }
    assert report["ok"] is False
    assert "injected failure" in by_task(report)["shifted"]["error"]
    assert by_task(report)["total"]["saved"] == {}


def test_bad_folders_and_parameters_are_clear_errors(work: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        run_pipeline(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="not an exported pipeline folder"):
        run_pipeline(tmp_path / "empty")
    with pytest.raises(RuntimeGraphError, match="no parameter 'scale'"):
        run_pipeline(work / "dvc", params={"scale": 2})
    with pytest.raises(RuntimeGraphError, match="takes a int"):
        run_pipeline(work / "dvc", params={"factor": "many"})
    with pytest.raises(RuntimeGraphError, match="no task named"):
        run_pipeline(work / "dvc", tasks=["nothing"])
    (work / "dvc" / "demo_tasks.py").unlink()
    with pytest.raises(FileNotFoundError, match="tasks module"):
        run_pipeline(work / "dvc")
    (work / "script" / "lineage_pipeline.json").write_text("{not json")
    with pytest.raises(RuntimeGraphError, match="not valid JSON"):
        run_pipeline(work / "script")
    assert api.get("total").version == 1  # nothing ran


@pytest.mark.engine
@pytest.mark.timeout(300)
def test_backend_ray_runs_the_same_pipeline(work: Path, engine_python: EngineFactory) -> None:
    """``lineage-ext run --backend ray`` in the pinned Ray venv (Ray conflicts with the main venv)."""
    ray_python = engine_python("ray")
    env = {**cli_env(work / "store"), "RAY_USAGE_STATS_ENABLED": "0"}
    env = {key: value for key, value in env.items() if not key.startswith(("VIRTUAL_ENV", "PYTHONHOME"))}
    command = [str(ray_python), "-m", "lineage_ext.cli", "run", "dvc", "--backend", "ray", "--workers", "2"]
    first = subprocess.run(
        [*command, "--json"], env=env, cwd=work, capture_output=True, text=True, timeout=280, check=False
    )
    assert first.returncode == 0, first.stderr[-3000:]
    report = json.loads(first.stdout)
    assert (report["backend"], report["ok"], report["counts"]) == ("ray", True, {"finished": 4})
    assert {task["worker_id"] for task in report["tasks"]} <= {0, 1}
    assert values_of(report) == expected_values()
    assert {task["pid"] for task in report["tasks"]}.isdisjoint({os.getpid(), None})
    # the results cache is the artifact store, shared with the process backend: nothing runs again here
    assert run_pipeline(work / "dvc", num_workers=2)["counts"] == {"cached": 4}
