"""Every export target, run by its real engine in its own venv; final artifacts must equal the expected ones.

The pipeline is ``export_sample``'s 3 tasks. Engine processes get lineage_ext on PYTHONPATH and a
private, real artifact store (SQLite + blobs in a temp folder); tasks exchange data only through
it. After the run this process loads the latest version of every artifact from that store and
compares it with values computed directly.
No Argo controller and no Kubeflow cluster run here: Argo's manifest is validated against the
schema and its task scripts run in order; Kubeflow runs with ``kfp.local``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from export_sample import FINAL_ARTIFACTS, expected_values, sample_spec

from lineage_ext.export import task_io
from lineage_ext.export.registry import export_files
from lineage_ext.export.writer import write_files
from tests.engines.fixtures import EngineFactory, engine_env, run_checked

pytestmark = pytest.mark.engine


def export(framework: str, folder: Path, **spec_overrides: Any) -> Path:
    return write_files(export_files(sample_spec(**spec_overrides), framework), folder)


def assert_final_values(store: Path, **params: Any) -> None:
    expected = expected_values(**params)
    for name in FINAL_ARTIFACTS:
        task_io.assert_same_value(task_io.load(name), expected[name], name)
    assert task_io.backend_name() == "store"
    assert (store / "metadata.sqlite").is_file()  # the real store, not the folder fallback


def test_script_runs_with_cli_flags(
    tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    out = export("SCRIPT", tmp_path / "out")
    python = engine_python("dagster")  # any engine venv has the data packages; no orchestrator needed
    output = run_checked([str(python), "wine.py", "--max_depth", "2"], engine_env(artifact_store), out)
    assert json.loads(output.strip().splitlines()[-1]) == {
        "wine_features": 1,
        "wine_model": 1,
        "wine_raw": 1,
        "wine_score": 1,
    }
    assert_final_values(artifact_store, max_depth=2)


def _airflow_env(store: Path, home: Path, dags: Path) -> dict[str, str]:
    return engine_env(
        store,
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
        },
    )


DAGBAG_PROBE = """
import json, sys
try:
    from airflow.dag_processing.dagbag import DagBag
except ImportError:
    from airflow.models.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])  # examples are off through AIRFLOW__CORE__LOAD_EXAMPLES
dag = bag.dags.get("wine")
print(json.dumps({
    "errors": {str(k): str(v) for k, v in bag.import_errors.items()},
    "dags": sorted(bag.dags),
    "edges": sorted([u, t.task_id] for t in dag.tasks for u in sorted(t.upstream_task_ids)) if dag else [],
    "params": sorted(dag.params.keys()) if dag else [],
}))
"""


@pytest.mark.parametrize("engine", ["airflow3", "airflow2"])
def test_airflow_dag_loads_and_each_task_runs(
    engine: str, tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    dags = export("AIRFLOW", tmp_path / "dags", dag_config={"retries": 0, "schedule": None})
    python = str(engine_python(engine))
    env = _airflow_env(artifact_store, tmp_path / "airflow_home", dags)
    run_checked([python, "-m", "airflow", "db", "migrate"], env, tmp_path, timeout=280)
    probe = json.loads(
        run_checked([python, "-c", DAGBAG_PROBE, str(dags)], env, tmp_path).strip().splitlines()[-1]
    )
    assert probe == {
        "errors": {},
        "dags": ["wine"],
        "edges": [["load_data", "make_features"], ["make_features", "train_model"]],
        "params": ["add_ratio", "drop_column", "max_depth", "n_rows", "test_size"],
    }
    for task in ("load_data", "make_features", "train_model"):
        log = run_checked([python, "-m", "airflow", "tasks", "test", "wine", task], env, tmp_path)
        (tmp_path / f"{task}.log").write_text(log)
        # `airflow tasks test` can exit 0 although the task failed: the log is the verdict
        assert "Traceback" not in log, log[-4000:]
        assert re.search(r"Returned value was: \{'wine_", log), log[-4000:]
    assert_final_values(artifact_store)


KFP_RUN = """
import json, sys
from kfp import components, local
local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=sys.argv[2])
pipeline = components.load_component_from_file(sys.argv[1])  # the compiled IR, reloaded
task = pipeline(max_depth=2)
print("KFP-RESULT", json.dumps({"state": "ok", "outputs": sorted(task.outputs) if task.outputs else []}))
"""

KFP_EXPORT = """
import sys
from export_sample import sample_spec
from lineage_ext.export.registry import export_files
from lineage_ext.export.writer import write_files
config = {"packages_to_install": [], "install_kfp_package": False}
write_files(export_files(sample_spec(dag_config=config), "KUBEFLOW"), sys.argv[1])
"""


def test_kubeflow_compiles_reloads_and_runs_locally(
    tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    python = engine_python("kubeflow")
    env = engine_env(
        artifact_store,
        {"PYTHONPATH": str(Path(__file__).parent), "PATH": f"{python.parent}:/usr/bin:/bin"},
    )
    out = tmp_path / "out"
    # exporting where kfp is importable compiles in process...
    run_checked([str(python), "-c", KFP_EXPORT, str(out)], env, tmp_path)
    compiled = (out / "wine_kfp.yaml").read_text()
    # ...to the same IR the generated module's own compile step writes
    run_checked([str(python), "wine_kfp.py", str(tmp_path / "cli.yaml")], env, out)
    assert (tmp_path / "cli.yaml").read_text() == compiled
    assert "# Name: wine\n" in compiled
    output = run_checked(
        [str(python), "-c", KFP_RUN, str(out / "wine_kfp.yaml"), str(tmp_path / "root")], env, out
    )
    assert "KFP-RESULT" in output, output[-4000:]
    assert_final_values(artifact_store, max_depth=2)


HERA_ROUND_TRIP = """
import json, sys, yaml
from hera.workflows import Workflow
text = open(sys.argv[1]).read()
workflow = Workflow.from_yaml(text)
print("HERA", json.dumps(workflow.to_dict() == yaml.safe_load(text)))
"""


def _substitute(text: str, values: dict[str, str], prefix: str) -> str:
    return re.sub(r"\{\{" + re.escape(prefix) + r"\.([\w-]+)\}\}", lambda m: values[m.group(1)], text)


def run_argo_tasks_in_order(
    manifest: dict[str, Any], python: Path, env: dict[str, str], cwd: Path
) -> list[str]:
    """Execute each DAG task's container command locally, dependencies first, like a controller would."""
    import graphlib

    workflow_params = {p["name"]: p["value"] for p in manifest["spec"]["arguments"]["parameters"]}
    templates = {t["name"]: t for t in manifest["spec"]["templates"]}
    dag_tasks = {t["name"]: t for t in templates[manifest["spec"]["entrypoint"]]["dag"]["tasks"]}
    order = list(
        graphlib.TopologicalSorter(
            {n: t.get("dependencies", []) for n, t in dag_tasks.items()}
        ).static_order()
    )
    for name in order:
        task = dag_tasks[name]
        inputs = {
            p["name"]: _substitute(p["value"], workflow_params, "workflow.parameters")
            for p in task.get("arguments", {}).get("parameters", [])
        }
        container = templates[task["template"]]["container"]
        args = [_substitute(a, inputs, "inputs.parameters") for a in container["args"]]
        assert container["command"] == ["python", "-c"]
        run_checked([str(python), "-c", *args], env, cwd)
    return order


def test_argo_manifest_is_valid_round_trips_and_its_tasks_run(
    tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    import yaml

    out = export("ARGO", tmp_path / "out", dag_config={"image": "images.example/wine:1"})
    text = (out / "wine_workflow.yaml").read_text()
    manifest = yaml.safe_load(text)
    python = engine_python("argo")
    env = engine_env(artifact_store)
    hera = run_checked([str(python), "-c", HERA_ROUND_TRIP, str(out / "wine_workflow.yaml")], env, out)
    assert "HERA true" in hera, hera[-3000:]
    manifest["spec"]["arguments"]["parameters"][-1]["value"] = "2"  # max_depth, as `argo submit -p` would
    order = run_argo_tasks_in_order(manifest, python, env, tmp_path)
    assert order == ["load-data", "make-features", "train-model"]
    assert_final_values(artifact_store, max_depth=2)


def test_dvc_repro_runs_every_stage_then_skips_them_all(
    tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    python = engine_python("dvc")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = engine_env(artifact_store, {"PATH": f"{python.parent}:/usr/bin:/bin", "DVC_NO_ANALYTICS": "1"})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    run_checked([*git, "init", "-q"], env, repo)
    run_checked([str(python), "-m", "dvc", "init", "-q"], env, repo)
    pipeline = export("DVC", repo / "pipeline")
    first = run_checked([str(python), "-m", "dvc", "repro"], env, pipeline)
    for stage in ("load_data", "make_features", "train_model"):
        assert f"Running stage '{stage}'" in first, first[-3000:]
    assert_final_values(artifact_store)
    second = run_checked([str(python), "-m", "dvc", "repro"], env, pipeline)
    assert "Running stage" not in second, second[-3000:]
    for stage in ("load_data", "make_features", "train_model"):
        assert f"Stage '{stage}' didn't change, skipping" in second, second[-3000:]
    assert json.loads((pipeline / "receipts" / "train_model.json").read_text()) == {
        "wine_model": 1,
        "wine_score": 1,
    }


def test_ray_core_runs_the_tasks_on_a_local_ray(
    tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    out = export("RAY", tmp_path / "out", dag_config={"num_cpus": 2})
    env = engine_env(artifact_store, {"RAY_USAGE_STATS_ENABLED": "0"})
    output = run_checked(
        [str(engine_python("ray")), "wine_ray.py", "--max_depth", "2"], env, out, timeout=280
    )
    assert '{"wine_features": 1, "wine_model": 1, "wine_raw": 1, "wine_score": 1}' in output, output[-3000:]
    assert_final_values(artifact_store, max_depth=2)


def test_prefect_flow_runs_on_an_ephemeral_server(
    tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    out = export("PREFECT", tmp_path / "out", dag_config={"retries": 0})
    env = engine_env(
        artifact_store,
        {
            "PREFECT_HOME": str(tmp_path / "prefect_home"),
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
            "PREFECT_API_URL": "",
        },
    )
    output = run_checked(
        [str(engine_python("prefect")), "wine_prefect.py", "--max_depth", "2"], env, out, timeout=280
    )
    assert "Finished in state Completed()" in output, output[-3000:]
    assert '{"wine_features": 1, "wine_model": 1, "wine_raw": 1, "wine_score": 1}' in output, output[-3000:]
    assert_final_values(artifact_store, max_depth=2)


def test_dagster_materializes_every_asset_in_process(
    tmp_path: Path, artifact_store: Path, engine_python: EngineFactory
) -> None:
    out = export("DAGSTER", tmp_path / "out")
    env = engine_env(artifact_store, {"DAGSTER_HOME": ""})
    output = run_checked([str(engine_python("dagster")), "wine_dagster.py", "--max_depth", "2"], env, out)
    for asset in ("load_data", "make_features", "train_model"):
        assert re.search(rf"STEP_SUCCESS.*{asset}|{asset}.*STEP_SUCCESS", output), output[-3000:]
    assert_final_values(artifact_store, max_depth=2)
