"""mlopus-style lineage on real MLflow runs (SQLite tracking store) and automatic links from saves/loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mlflow
import pytest
from mlflow.tracking import MlflowClient

import lineage_ext
from lineage_ext import lineage
from lineage_ext.store.current import current_store


def _ids(runs: list[Any]) -> set[str]:
    return {run.info.run_id for run in runs}


def test_register_writes_tags_and_merges_with_what_the_run_has(tracking: Any) -> None:
    with mlflow.start_run() as run:
        lineage.of(run).with_input_model("raw", 1).with_output_artifact(run.info.run_id, "model").register()
        lineage.of(run.info.run_id).with_input_model("raw", 2).register()
    again = lineage.of(run)
    assert again.inputs.models == {"raw": {"1", "2"}}
    assert again.outputs.runs == {run.info.run_id: {"model"}}
    tags = MlflowClient().get_run(run.info.run_id).data.tags
    assert tags["lineage.inputs.models.raw"] == '["1", "2"]'
    assert tags["lineage.layout"] == "1"


def test_of_refuses_what_is_not_a_run() -> None:
    with pytest.raises(TypeError, match="MLflow Run"):
        lineage.of(42)


def test_queries_with_wildcards_find_exactly_the_matching_runs(tracking: Any) -> None:
    ids = {}
    for label, version, path in [("a", 1, "x_y"), ("b", 2, "xzy"), ("c", None, None)]:
        with mlflow.start_run() as run:
            builder = lineage.of(run).with_input_model("raw", version)
            if path:
                builder.with_output_artifact(run.info.run_id, path)
            builder.register()
            ids[label] = run.info.run_id
    with mlflow.start_run() as unrelated:
        mlflow.set_tag("other", "1")
    here = [tracking.experiment_id]
    everything = _ids(lineage.find_runs(lineage.Query().with_input_model("raw"), here))
    assert everything == {ids["a"], ids["b"], ids["c"]}
    assert unrelated.info.run_id not in everything
    assert _ids(lineage.find_runs(lineage.Query().with_input_model("raw", 2), here)) == {ids["b"]}
    # `x_y` as a LIKE pattern also matches `xzy`; find_runs is exact
    exact = lineage.Query().with_output_artifact(ids["a"], "x_y")
    assert _ids(lineage.find_runs(exact, here)) == {ids["a"]}
    # the rendered filter is accepted by MLflow's own search
    searched = mlflow.search_runs(
        experiment_ids=[tracking.experiment_id],
        filter_string=lineage.Query().with_input_model("raw", 1).render(),
        output_format="list",
    )
    assert _ids(searched) == {ids["a"]}


def test_save_and_get_in_an_active_run_become_its_lineage_and_links(tracking: Any) -> None:
    with mlflow.start_run() as producer:
        saved = lineage_ext.save({"rows": [1, 2, 3]}, "clean_data")
    with mlflow.start_run() as consumer:
        assert lineage_ext.get("clean_data").get_value() == {"rows": [1, 2, 3]}
    assert lineage.of(producer).outputs.models == {"clean_data": {str(saved.version)}}
    assert lineage.of(consumer).inputs.models == {"clean_data": {str(saved.version)}}
    links = {(link.relation, link.ref) for link in current_store().links_of("clean_data", saved.version)}
    assert links == {("output", producer.info.run_id), ("input", consumer.info.run_id)}
    found = lineage.find_runs(
        lineage.Query().with_input_model("clean_data", saved.version), [tracking.experiment_id]
    )
    assert _ids(found) == {consumer.info.run_id}


def test_nothing_is_linked_without_an_active_run_or_when_switched_off(
    tracking: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = lineage_ext.save([1, 2], "outside_run")
    assert current_store().links_of("outside_run", outside.version) == []
    monkeypatch.setenv("LINEAGE_EXT_MLFLOW", "0")
    with mlflow.start_run() as run:
        off = lineage_ext.save([1, 2], "switched_off")
    assert current_store().links_of("switched_off", off.version) == []
    assert lineage.of(run).outputs.is_empty()


def test_a_failing_mlflow_never_breaks_save(tracking: Any) -> None:
    client = MlflowClient()
    with mlflow.start_run() as run:
        client.delete_run(run.info.run_id)  # writing tags to a deleted run fails
        saved = lineage_ext.save({"a": 1}, "still_saved")
        client.restore_run(run.info.run_id)  # so that leaving the block can end the run
    assert lineage_ext.get("still_saved", saved.version).get_value() == {"a": 1}
    assert current_store().links_of("still_saved", saved.version) == []


def test_log_to_mlflow_logs_the_stored_file_and_registers_estimators(tracking: Any, tmp_path: Path) -> None:
    from sklearn.linear_model import LinearRegression

    model = LinearRegression().fit([[0.0], [1.0], [2.0]], [0.0, 2.0, 4.0])
    with mlflow.start_run() as run:
        table = lineage_ext.save({"a": [1, 2]}, "table", log_to_mlflow=True)
        lineage_ext.save(model, "regressor", log_to_mlflow=True)
    client = MlflowClient()
    folder = f"lineage_ext/table/v{table.version}"
    logged = [item.path for item in client.list_artifacts(run.info.run_id, folder)]
    assert len(logged) == 1
    local = Path(client.download_artifacts(run.info.run_id, logged[0], str(tmp_path)))
    assert local.read_bytes() == current_store().read_blob("table", table.version)
    assert lineage.of(run).outputs.runs == {run.info.run_id: {logged[0]}}
    registered = client.get_registered_model("regressor")
    assert registered.name == "regressor"
    [version] = client.search_model_versions("name = 'regressor'")
    assert version.run_id == run.info.run_id
    loaded = mlflow.sklearn.load_model(f"models:/regressor/{version.version}")
    assert loaded.predict([[3.0]])[0] == pytest.approx(6.0)
