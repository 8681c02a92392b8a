"""OpenLineage ``RunEvent``s for one save, built with the client's own (spec-generated) classes.

Facets: the job carries its source code (the artifact's slice) and job type; the run carries the
processing engine (lineage_ext and its version), the session's package versions (a custom facet
``lineage_ext_packages``) and, on FAIL, the error; the output artifact carries its schema (columns
and dtypes from the stored preview) and its version.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import attr

from .config import dataset_namespace, job_namespace

# URNs, not web addresses: the project publishes no schema host; docs/openlineage.md documents the facet
PRODUCER = "urn:lineage_ext"
PACKAGES_FACET_SCHEMA = "urn:lineage_ext:facets:packages:1"


@dataclass(frozen=True)
class SaveRecord:
    """What one save did, as OpenLineage needs it."""

    artifact: str
    version: int | None
    started: datetime
    ended: datetime
    job_name: str
    job_kind: str  # NOTEBOOK, SCRIPT or TASK
    code: str | None = None
    preview: dict[str, Any] = field(default_factory=dict)
    input_artifacts: tuple[tuple[str, int | None], ...] = ()
    input_files: tuple[str, ...] = ()
    output_files: tuple[str, ...] = ()
    packages: dict[str, str] = field(default_factory=dict)
    error: BaseException | None = None


def build_events(record: SaveRecord, run_id: str) -> list[Any]:
    """The START event and the COMPLETE (or FAIL) event of one save."""
    from openlineage.client.event_v2 import Job, Run, RunEvent, RunState

    job = Job(namespace=job_namespace(), name=record.job_name, facets=_job_facets(record))
    start = RunEvent(
        eventType=RunState.START,
        eventTime=record.started.isoformat(),
        run=Run(runId=run_id, facets=_run_facets(record, with_error=False)),
        job=job,
        inputs=_inputs(record),
        outputs=[],
        producer=PRODUCER,
    )
    end = RunEvent(
        eventType=RunState.FAIL if record.error is not None else RunState.COMPLETE,
        eventTime=record.ended.isoformat(),
        run=Run(runId=run_id, facets=_run_facets(record, with_error=True)),
        job=job,
        inputs=_inputs(record),
        outputs=_outputs(record),
        producer=PRODUCER,
    )
    return [start, end]


def _job_facets(record: SaveRecord) -> dict[str, Any]:
    from openlineage.client.generated.job_type_job import JobTypeJobFacet
    from openlineage.client.generated.source_code_job import SourceCodeJobFacet

    facets: dict[str, Any] = {
        "jobType": JobTypeJobFacet(
            processingType="BATCH", integration="LINEAGE_EXT", jobType=record.job_kind, producer=PRODUCER
        )
    }
    if record.code:
        facets["sourceCode"] = SourceCodeJobFacet(
            language="python", sourceCode=record.code, producer=PRODUCER
        )
    return facets


@functools.cache
def packages_facet_class() -> type:
    """Custom run facet ``lineage_ext_packages``: distribution -> version used by the saved value's code."""
    from openlineage.client.facet_v2 import RunFacet

    @attr.define
    class PackagesRunFacet(RunFacet):
        packages: dict[str, str] = attr.field(factory=dict)

        @staticmethod
        def _get_schema() -> str:
            return PACKAGES_FACET_SCHEMA

    return PackagesRunFacet


def _run_facets(record: SaveRecord, with_error: bool) -> dict[str, Any]:
    from openlineage.client.generated.error_message_run import ErrorMessageRunFacet
    from openlineage.client.generated.processing_engine_run import ProcessingEngineRunFacet

    from lineage_ext._about import __version__

    facets: dict[str, Any] = {
        "processing_engine": ProcessingEngineRunFacet(
            version=__version__,
            name="lineage_ext",
            openlineageAdapterVersion=_client_version(),
            producer=PRODUCER,
        ),
        "lineage_ext_packages": packages_facet_class()(
            packages=dict(sorted(record.packages.items())), producer=PRODUCER
        ),
    }
    if with_error and record.error is not None:
        facets["errorMessage"] = ErrorMessageRunFacet(
            message=str(record.error) or type(record.error).__name__,
            programmingLanguage="python",
            stackTrace="".join(traceback.format_exception(record.error)),
            producer=PRODUCER,
        )
    return facets


def _client_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("openlineage-python")
    except PackageNotFoundError:
        return "unknown"


def _inputs(record: SaveRecord) -> list[Any]:
    from openlineage.client.event_v2 import InputDataset
    from openlineage.client.generated.dataset_version_dataset import DatasetVersionDatasetFacet

    found = [
        InputDataset(
            namespace=dataset_namespace(),
            name=name,
            facets={}
            if version is None
            else {"version": DatasetVersionDatasetFacet(datasetVersion=str(version), producer=PRODUCER)},
        )
        for name, version in record.input_artifacts
    ]
    found += [InputDataset(namespace="file", name=path) for path in record.input_files]
    return found


def _outputs(record: SaveRecord) -> list[Any]:
    from openlineage.client.event_v2 import OutputDataset
    from openlineage.client.generated.dataset_version_dataset import DatasetVersionDatasetFacet

    found = [OutputDataset(namespace="file", name=path) for path in record.output_files]
    if record.error is not None or record.version is None:
        return found
    facets: dict[str, Any] = {
        "version": DatasetVersionDatasetFacet(datasetVersion=str(record.version), producer=PRODUCER)
    }
    schema = _schema_facet(record.preview)
    if schema is not None:
        facets["schema"] = schema
    return [OutputDataset(namespace=dataset_namespace(), name=record.artifact, facets=facets), *found]


def _schema_facet(preview: dict[str, Any]) -> Any:
    from openlineage.client.generated.schema_dataset import SchemaDatasetFacet, SchemaDatasetFacetFields

    columns = preview.get("columns")
    dtypes = preview.get("dtypes") or {}
    if not isinstance(columns, list) or not columns:
        return None
    fields = [
        SchemaDatasetFacetFields(name=str(col), type=str(dtypes.get(col, "")) or None) for col in columns
    ]
    return SchemaDatasetFacet(fields=fields, producer=PRODUCER)


def default_job(notebook_path: str | None, task: str | None) -> tuple[str, str]:
    """(job name, job kind) for a save: the notebook, else an exported pipeline's task, else the script."""
    if notebook_path:
        return notebook_path, "NOTEBOOK"
    if task:
        return task, "TASK"
    script = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return (script if script not in ("", "-", "-c") else "python"), "SCRIPT"
