"""Artifact saves and loads inside an active MLflow run become that run's lineage, automatically.

Called by ``api.save``/``api.get`` after the store has committed. Nothing happens unless the user's
code imported MLflow and a run is active (``mlflow.start_run()``); ``LINEAGE_EXT_MLFLOW=0`` turns
the link off. An artifact version is recorded as a model ``<artifact name>`` with its version in
the run's ``outputs`` (saved) or ``inputs`` (loaded); the store keeps the run id as a link of the
version. ``log_to_mlflow`` also logs the value: scikit-learn estimators as a registered model,
anything else as the stored file under ``lineage_ext/<name>/v<version>/`` in the run's artifacts.
Failures are logged once per kind and never reach the caller: MLflow is a mirror, the store is
the record.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lineage_ext.store.links import ArtifactLink, Relation

from .runs import of

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactInfo, ArtifactStore

ENABLE_ENV = "LINEAGE_EXT_MLFLOW"
LOG_ENV = "LINEAGE_EXT_MLFLOW_LOG"
log = logging.getLogger(__name__)
_warned: set[str] = set()


def active_run() -> Any:
    """The active MLflow run, or None (MLflow never imported by the user, switched off, or no run)."""
    mlflow = sys.modules.get("mlflow")
    if mlflow is None or os.environ.get(ENABLE_ENV, "1") == "0":
        return None
    try:
        return mlflow.active_run()
    except Exception:
        _warn_once("active_run", "could not ask MLflow for the active run")
        return None


def should_log_values(explicit: bool | None) -> bool:
    return explicit if explicit is not None else os.environ.get(LOG_ENV, "0") == "1"


def link_artifact(
    store: ArtifactStore, info: ArtifactInfo, relation: Relation, value: Any = None, log_value: bool = False
) -> str | None:
    """Register ``info`` in the active run's lineage and the run in the store; returns the run id."""
    run = active_run()
    if run is None:
        return None
    run_id: str = run.info.run_id
    try:
        lineage = of(run_id)
        if relation == "output":
            lineage.with_output_model(info.name, str(info.version))
            if log_value:
                path = _log_value(store, info, value)
                if path is not None:
                    lineage.with_output_artifact(run_id, path)
        else:
            lineage.with_input_model(info.name, str(info.version))
        lineage.register()
        store.add_link(info.name, info.version, ArtifactLink("mlflow", relation, run_id, run_url(run)))
    except Exception:
        _warn_once(f"link-{relation}", f"could not record artifact {info.name!r} in MLflow run {run_id}")
        return None
    return run_id


def run_url(run: Any) -> str | None:
    """The run's page in the MLflow UI when the tracking URI is an HTTP server, else None."""
    import mlflow

    uri = mlflow.get_tracking_uri()
    if not uri.startswith(("http://", "https://")):
        return None
    return f"{uri.rstrip('/')}/#/experiments/{run.info.experiment_id}/runs/{run.info.run_id}"


def _log_value(store: ArtifactStore, info: ArtifactInfo, value: Any) -> str | None:
    """Log the value to the active run; returns the path inside the run's artifacts."""
    import mlflow

    folder = f"lineage_ext/{info.name}/v{info.version}"
    if _is_sklearn_estimator(value):
        import mlflow.sklearn

        mlflow.sklearn.log_model(value, name=f"lineage_ext-{info.name}", registered_model_name=info.name)
        return None
    with tempfile.TemporaryDirectory(prefix="lineage-ext-mlflow-") as tmp:
        target = Path(tmp) / f"{info.name.replace('/', '_')}.{info.serializer}"
        target.write_bytes(store.read_blob(info.name, info.version))
        mlflow.log_artifact(str(target), artifact_path=folder)
        return f"{folder}/{target.name}"


def _is_sklearn_estimator(value: Any) -> bool:
    if "sklearn" not in sys.modules:
        return False
    from sklearn.base import BaseEstimator

    return isinstance(value, BaseEstimator)


def _warn_once(kind: str, message: str) -> None:
    if kind not in _warned:
        _warned.add(kind)
        log.warning("lineage_ext: %s (further failures of this kind are not logged)", message, exc_info=True)
