"""The same lineage through a real ``mlflow server`` over HTTP, and the run link the panel shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import mlflow
import pytest

import lineage_ext
from lineage_ext import lineage
from lineage_ext.store.current import current_store


@pytest.fixture
def over_http(mlflow_server: str, store_dir: Path) -> Iterator[str]:
    mlflow.set_tracking_uri(mlflow_server)
    mlflow.set_experiment("http-lineage")
    yield mlflow_server
    mlflow.set_tracking_uri("")


def test_saves_over_http_register_lineage_and_a_run_url(over_http: str) -> None:
    with mlflow.start_run() as run:
        saved = lineage_ext.save({"x": 1}, "features")
    assert lineage.of(run).outputs.models == {"features": {str(saved.version)}}
    [link] = current_store().links_of("features", saved.version)
    assert link.ref == run.info.run_id
    assert link.url == f"{over_http}/#/experiments/{run.info.experiment_id}/runs/{run.info.run_id}"
    found = lineage.find_runs(lineage.Query().with_output_model("features"))
    assert [item.info.run_id for item in found] == [run.info.run_id]
