"""``lineage-ext run`` end to end in subprocesses, on folders exported from a real traced script."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lineage_ext import api
from tests.runtime.pipeline_helpers import (
    ARTIFACTS,
    break_task,
    copy_template,
    expected_values,
    lineage_ext,
    make_template,
)

TASK_KEYS = {"name", "state", "cached", "duration", "saved", "error", "worker_id", "pid", "upstream"}
REPORT_KEYS = {
    "pipeline",
    "run_id",
    "framework",
    "folder",
    "backend",
    "num_workers",
    "parameters",
    "ok",
    "counts",
    "tasks",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("cli_run") / "template", ["AIRFLOW", "DVC"])


@pytest.fixture
def work(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_template(template, tmp_path / "work")
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(root / "store"))  # for reading values back here
    monkeypatch.delenv("LINEAGE_EXT_BLOBS", raising=False)
    return root


def run(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return lineage_ext("run", *args, store=work / "store", cwd=work)


def report_of(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def saved_versions(done: subprocess.CompletedProcess[str]) -> dict[str, int]:
    return {name: version for task in report_of(done)["tasks"] for name, version in task["saved"].items()}


def states(report: dict[str, Any]) -> dict[str, str]:
    return {task["name"]: "cached" if task["cached"] else task["state"] for task in report["tasks"]}


def test_run_json_reports_every_task_and_a_second_run_is_cached(work: Path) -> None:
    done = run(work, "airflow", "--workers", "2", "--json")
    assert done.returncode == 0, done.stderr
    report = report_of(done)
    assert set(report) == REPORT_KEYS
    assert (report["pipeline"], report["framework"], report["backend"]) == ("demo", "AIRFLOW", "process")
    assert report["num_workers"] == 2
    assert report["parameters"] == {"factor": 3, "offset": 10}
    assert report["counts"] == {"finished": 4}
    for task in report["tasks"]:
        assert set(task) == TASK_KEYS
        assert task["duration"] >= 0
        assert task["worker_id"] in (0, 1)
    saved = {name: version for task in report["tasks"] for name, version in task["saved"].items()}
    assert saved == dict.fromkeys(ARTIFACTS, 2)
    assert {name: api.get(name, 2).get_value() for name in ARTIFACTS} == expected_values()
    assert {name: api.get(name, 1).get_value() for name in ARTIFACTS} == expected_values()
    again = report_of(run(work, "airflow", "--json"))
    assert states(again) == dict.fromkeys(ARTIFACTS, "cached")
    assert api.get("total").version == 1  # a pipeline run never moves the notebook's latest


def test_param_and_task_select_what_runs(work: Path) -> None:
    assert run(work, "dvc").returncode == 0
    done = run(work, "dvc", "--param", "factor=5", "--task", "scaled", "--json")
    assert done.returncode == 0, done.stderr
    assert states(report_of(done)) == {"base": "cached", "scaled": "finished"}
    assert (
        api.get("scaled", saved_versions(done)["scaled"]).get_value() == expected_values(factor=5)["scaled"]
    )
    everything = report_of(run(work, "dvc", "--param", "factor=5", "--json"))
    assert states(everything) == {
        "base": "cached",
        "scaled": "cached",
        "shifted": "cached",
        "total": "finished",
    }
    total = next(task["saved"]["total"] for task in everything["tasks"] if task["name"] == "total")
    assert api.get("total", total).get_value() == expected_values(factor=5)["total"]
    forced = report_of(
        run(work, "dvc", "--param", "factor=5", "--force", "base+", "--workers", "0", "--json")
    )
    assert states(forced) == dict.fromkeys(ARTIFACTS, "finished")


def test_human_output_lists_states_and_versions(work: Path) -> None:
    done = run(work, "dvc", "--results-store", "memory")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "pipeline demo (DVC): 4 finished"
    assert any(
        line.split()[:2] == ["total", "finished"] and line.endswith("total v2")
        for line in done.stdout.splitlines()
    )
    folder_store = run(work, "dvc", "--results-store", str(work / "results"))
    assert folder_store.returncode == 0, folder_store.stderr
    assert (work / "results" / "total").is_dir()


def test_a_failing_task_exits_1_and_fails_what_follows(work: Path) -> None:
    break_task(work / "airflow", "demo_tasks.py", "scaled")
    done = run(work, "airflow", "--json")
    assert done.returncode == 1
    report = report_of(done)
    assert report["ok"] is False
    assert states(report) == {
        "base": "finished",
        "scaled": "failed",
        "shifted": "finished",
        "total": "upstream_failed",
    }
    human = run(work, "airflow")
    assert human.returncode == 1
    assert "task scaled failed: RuntimeError: injected failure" in human.stderr
    assert "upstream_failed" in human.stdout


def test_bad_folders_and_arguments(work: Path) -> None:
    missing = run(work, "nowhere")
    assert missing.returncode == 3
    assert "does not exist" in missing.stderr
    (work / "plain").mkdir()
    not_exported = run(work, "plain", "--json")
    assert not_exported.returncode == 3
    assert report_of(not_exported)["error"] == "FileNotFoundError"
    assert "not an exported pipeline folder" in report_of(not_exported)["message"]
    no_equals = run(work, "dvc", "--param", "factor")
    assert no_equals.returncode == 2
    assert "KEY=VALUE" in no_equals.stderr
    unknown = run(work, "dvc", "--param", "scale=2")
    assert unknown.returncode == 1
    assert "no parameter 'scale'" in unknown.stderr
    bad_backend = run(work, "dvc", "--backend", "spark")
    assert bad_backend.returncode == 2
    assert api.get("total").version == 1  # none of these ran anything
