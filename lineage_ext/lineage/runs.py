"""Lineage of real MLflow runs: ``of(run)`` reads it, ``register()`` writes it, ``find_runs`` searches.

MLflow is an optional extra (``lineage_ext[mlflow]``) and is imported only when one of these is
called. The client follows MLflow's own configuration (``MLFLOW_TRACKING_URI``,
``mlflow.set_tracking_uri``) unless a ``MlflowClient`` is passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .query import Query
from .spec import LineageSpec
from .tags import from_tags, to_tags

if TYPE_CHECKING:
    from mlflow.entities import Run
    from mlflow.tracking import MlflowClient

SEARCH_PAGE = 1000


def mlflow_client(client: MlflowClient | None = None) -> MlflowClient:
    if client is not None:
        return client
    try:
        from mlflow.tracking import MlflowClient
    except ImportError as exc:
        raise ImportError(
            "MLflow lineage needs MLflow: pip install 'lineage_ext[mlflow]' (or mlflow-skinny)"
        ) from exc
    return MlflowClient()


class Lineage(LineageSpec):
    """The lineage tags of one run; ``with_*`` adds entries, ``register()`` writes them (merged)."""

    def __init__(self, run_id: str, client: MlflowClient | None = None) -> None:
        self.run_id = run_id
        self._client = client
        tags = mlflow_client(client).get_run(run_id).data.tags
        super().__init__(*from_tags(tags))

    def register(self) -> Lineage:
        """Write this lineage to the run, merged with what the run carries now (tags are never removed)."""
        client = mlflow_client(self._client)
        from mlflow.entities import RunTag

        current_inputs, current_outputs = from_tags(client.get_run(self.run_id).data.tags)
        self.inputs = current_inputs.merged(self.inputs)
        self.outputs = current_outputs.merged(self.outputs)
        tags = [RunTag(key, value) for key, value in to_tags(self.inputs, self.outputs).items()]
        if tags:
            client.log_batch(self.run_id, tags=tags)
        return self

    def __repr__(self) -> str:
        return f"Lineage(run_id={self.run_id!r}, inputs={self.inputs!r}, outputs={self.outputs!r})"


def of(run: Run | str | Any, client: MlflowClient | None = None) -> Lineage:
    """The lineage of ``run``: an MLflow ``Run``/``ActiveRun``, or a run id."""
    run_id = run if isinstance(run, str) else getattr(getattr(run, "info", None), "run_id", None)
    if not isinstance(run_id, str) or not run_id:
        raise TypeError(f"of() takes an MLflow Run, ActiveRun or run id, got {type(run).__name__}")
    return Lineage(run_id, client)


def find_runs(
    query: Query,
    experiment_ids: list[str] | None = None,
    client: MlflowClient | None = None,
    max_results: int | None = None,
) -> list[Run]:
    """Runs matching ``query`` exactly, newest first, in ``experiment_ids`` (default: every active one)."""
    mlflow = mlflow_client(client)
    if experiment_ids is None:
        experiment_ids = [exp.experiment_id for exp in mlflow.search_experiments()]
    found: list[Run] = []
    token: str | None = None
    filter_string = query.render()
    while True:
        page = mlflow.search_runs(
            experiment_ids,
            filter_string,
            max_results=SEARCH_PAGE,
            page_token=token,
            order_by=["start_time DESC"],
        )
        found.extend(run for run in page if query.matches(run.data.tags))
        token = page.token
        if not token or (max_results is not None and len(found) >= max_results):
            return found[:max_results] if max_results is not None else found
