"""Pipeline runs: each run of an exported pipeline has its own id and versions, pinned inputs, and
never moves the notebook's latest unless promoted.

The pipeline is a real export of a traced script (``pipeline_helpers``): ``base`` -> ``scaled``
(``factor``) and ``shifted`` (``offset``) -> ``total``, saved once by the "notebook" as version 1.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pipeline_helpers import ARTIFACTS, cli_env, expected_values, make_template, work_copy

from lineage_ext import api
from lineage_ext.cli import main
from lineage_ext.export import task_io
from lineage_ext.runtime import run_pipeline
from lineage_ext.store import open_store


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("runs") / "template", ["SCRIPT", "DVC"])


@pytest.fixture
def work(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return work_copy(template, tmp_path / "work", monkeypatch)


def notebook_view(store_dir: Path) -> list[tuple[str, int]]:
    store = open_store(str(store_dir))
    try:
        return sorted((info.name, info.version) for info in store.list_artifacts())
    finally:
        store.close()


NOTEBOOK = sorted((name, 1) for name in ARTIFACTS)


def test_a_run_has_an_id_keeps_the_notebook_view_and_can_be_promoted(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_pipeline(work / "script", params={"factor": 5}, num_workers=0, results_store="memory")
    run_id = report["run_id"]
    assert run_id.startswith("run-")
    assert notebook_view(work / "store") == NOTEBOOK  # hidden from the notebook's list
    assert api.get("scaled").get_value() == expected_values()["scaled"]  # the latest did not move
    store = open_store(str(work / "store"))
    with_runs = {(info.name, info.version) for info in store.list_artifacts(include_runs=True)}
    store.close()
    assert with_runs == set(NOTEBOOK) | {(name, 2) for name in ARTIFACTS}

    [run] = api.pipeline_runs()
    assert (run.run_id, run.pipeline, run.outputs) == (run_id, "demo", dict.fromkeys(ARTIFACTS, 2))
    assert main(["runs", "list", "--json"]) == 0
    assert [item["run_id"] for item in json.loads(capsys.readouterr().out)] == [run_id]

    assert main(["runs", "promote", run_id, "--artifact", "scaled", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"name": "scaled", "version": 3}]
    promoted = api.get("scaled")
    assert (promoted.version, promoted.get_value()) == (3, expected_values(factor=5)["scaled"])
    assert api.get("total").version == 1  # only what was asked for moved


def test_the_exported_script_runs_as_its_own_run(work: Path) -> None:
    done = subprocess.run(
        [sys.executable, "demo.py", "--factor", "7"],
        cwd=work / "script",
        env=cli_env(work / "store"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == dict.fromkeys(ARTIFACTS, 2)
    assert notebook_view(work / "store") == NOTEBOOK
    assert api.get("total").get_value() == expected_values()["total"]
    [run] = api.pipeline_runs()
    assert run.pipeline == "demo"
    assert api.get("total", run.outputs["total"]).get_value() == expected_values(factor=7)["total"]


def load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"demo_{id(path)}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_interleaved_runs_read_only_their_own_versions(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tasks = load_module(work / "script" / "demo.py")
    monkeypatch.setenv(task_io.RUN_ENV, "run-a")
    tasks.base()
    tasks.scaled(factor=5)
    tasks.shifted(offset=10)
    monkeypatch.setenv(task_io.RUN_ENV, "run-b")  # a second run saves newer versions meanwhile
    tasks.base()
    tasks.scaled(factor=7)
    tasks.shifted(offset=0)
    monkeypatch.setenv(task_io.RUN_ENV, "run-a")
    saved = tasks.total()
    assert task_io.load("total", saved["total"]) == expected_values(factor=5)["total"]
    monkeypatch.setenv(task_io.RUN_ENV, "run-b")
    saved = tasks.total()
    assert task_io.load("total", saved["total"]) == expected_values(factor=7, offset=0)["total"]


SLOW_TOTAL = "    import time\n    time.sleep(float(os.environ.get('DEMO_TOTAL_DELAY', '0')))\n"


def test_two_concurrent_runs_do_not_mix_versions(work: Path) -> None:
    module = work / "dvc" / "demo_tasks.py"
    text = module.read_text()
    start = text.index("def total(")
    body = text.index('"""\n', text.index('"""', start) + 3) + 4
    module.write_text(text[:body] + SLOW_TOTAL + text[body:])  # run A's total reads after run B is done
    command = [sys.executable, "-m", "lineage_ext.cli", "run", str(work / "dvc"), "--results-store", "memory"]
    env = cli_env(work / "store")
    slow = subprocess.Popen(
        [*command, "--param", "factor=5", "--json"],
        env={**env, "DEMO_TOTAL_DELAY": "4"},
        stdout=subprocess.PIPE,
        text=True,
    )
    fast = subprocess.run(
        [*command, "--param", "factor=7", "--param", "offset=1", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    slow_out, _ = slow.communicate(timeout=120)
    assert (slow.returncode, fast.returncode) == (0, 0), fast.stderr
    for output, params in ((slow_out, {"factor": 5}), (fast.stdout, {"factor": 7, "offset": 1})):
        report = json.loads(output)
        saved = {name: v for task in report["tasks"] for name, v in task["saved"].items()}
        assert task_io.load("total", saved["total"]) == expected_values(**params)["total"], params
    assert notebook_view(work / "store") == NOTEBOOK
    assert os.environ.get(task_io.RUN_ENV) is None
