"""REST wire types of the ``/lineage`` API, defined once here.

TypeScript types in ``src/api/types.ts`` are generated from these TypedDicts (and from
the other wire-type modules listed in ``gen_ts.WIRE_MODULES``) by
``python -m lineage_ext.server.gen_ts``; a test fails when the committed file is stale.
Only JSON shapes live here: str/int/float/bool/None, lists, dicts, Literals, TypedDicts.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

from lineage_ext.ir.graph_json import GraphJSON
from lineage_ext.trace.trace_json import TraceResultJSON


class ErrorResponse(TypedDict):
    """Body of every 4xx/5xx reply (rendered by jupyter_server's APIHandler)."""

    message: str
    reason: str | None


class StatusResponse(TypedDict):
    """``GET /lineage/status``: what the server side knows about itself."""

    version: str
    store_uri: str
    blob_uri: str
    python: str
    kernels_running: int
    kernels_traced: int
    sessions_recorded: int


# ---- graph


class CellSummaryJSON(TypedDict):
    run: int
    cell_id: str | None
    execution_count: int | None
    statements: int
    source: str  # the first 200 characters
    error: bool


class GraphSummaryJSON(TypedDict):
    """A graph too large to send whole: counts, the newest 1,000 cell runs, and how many pages it has."""

    nodes: int
    edges: int
    cells_total: int
    cells: list[CellSummaryJSON]
    pages: int
    page_items: int


class GraphResponse(TypedDict):
    """``GET /lineage/graph?path=&kernel_id=&since=&page=``: the latest session graph of a notebook.

    ``changed`` is false (and ``graph`` null) when the graph's revision equals ``since``,
    so the panel can poll cheaply after every execution. A graph of more than 20,000 nodes and
    edges comes as ``graph: null`` plus ``summary``; ``page=k`` then returns its k-th slice
    (``page``/``pages`` say where it is). ``stale`` lists, sorted, the ids of the stale nodes among those
    in ``graph`` (``ir/staleness.py``, the rule the kernel's push applies too; empty without a graph).
    """

    changed: bool
    revision: int
    session_id: str | None
    graph: GraphJSON | None
    stale: list[str]
    summary: NotRequired[GraphSummaryJSON]
    page: NotRequired[int]
    pages: NotRequired[int]


class TraceResponse(TypedDict):
    """``GET /lineage/traces/<trace_id>``: one call trace recorded in a traced session.

    The graph's ``trace`` nodes carry the ``trace_id``; values inside are summaries, never values.
    """

    session_id: str
    trace: TraceResultJSON


# ---- artifacts


class VerificationJSON(TypedDict):
    status: Literal["pending", "verified", "failed", "not_applicable", "repaired"]
    reason: str | None


class LineageRefJSON(TypedDict):
    kind: Literal["artifact", "file"]
    name: str
    version: int | None
    sha256: str | None


class LineageJSON(TypedDict):
    inputs: list[LineageRefJSON]
    outputs: list[LineageRefJSON]
    packages: dict[str, str]


class ArtifactJSON(TypedDict):
    """One artifact version as the store describes it, without its value."""

    name: str
    version: int
    date_created: str
    type_name: str
    serializer: str
    size_bytes: int
    blob_hash: str
    preview: dict[str, Any]
    code_captured: bool
    session_id: str | None
    kernel_id: str | None
    notebook_path: str | None
    node_id: str | None
    variable_name: str | None
    verification: VerificationJSON
    has_graph_snapshot: bool
    lineage: LineageJSON | None


class ArtifactListResponse(TypedDict):
    """``GET /lineage/artifacts?q=&path=&latest=&offset=&limit=``: artifact versions, newest first.

    One page: ``limit`` defaults to 500 (at most 1,000); ``next_offset`` is null on the last page.
    """

    artifacts: list[ArtifactJSON]
    total: NotRequired[int]
    offset: NotRequired[int]
    limit: NotRequired[int]
    next_offset: NotRequired[int | None]


class ArtifactVersionsResponse(TypedDict):
    """``GET /lineage/artifacts/<name>?offset=&limit=``: versions of one artifact, newest first, paged
    like the artifact list."""

    name: str
    versions: list[ArtifactJSON]
    total: NotRequired[int]
    offset: NotRequired[int]
    limit: NotRequired[int]
    next_offset: NotRequired[int | None]


class ArtifactLinkJSON(TypedDict):
    """A run in another system that saved (``output``) or loaded (``input``) this version, e.g. MLflow."""

    system: str
    relation: Literal["input", "output"]
    ref: str
    url: str | None


class ArtifactDetailResponse(TypedDict):
    """``GET /lineage/artifacts/<name>/<version>``: metadata, lineage, the minimal code and run links."""

    artifact: ArtifactJSON
    code: str | None
    code_error: str | None
    links: list[ArtifactLinkJSON]


class DeleteResponse(TypedDict):
    """``DELETE /lineage/artifacts/<name>/<version|latest|all>``."""

    name: str
    deleted_versions: list[int]


# ---- export


class ArtifactRef(TypedDict):
    name: str
    version: int | None


class ExportRequest(TypedDict):
    """``POST /lineage/export``: write a pipeline for the given artifacts into the Jupyter root."""

    artifacts: list[ArtifactRef]
    framework: str
    pipeline_name: str | None
    output_dir: str
    input_parameters: list[str]
    reuse_pre_computed_artifacts: list[str]
    generate_test: bool
    overwrite: bool
    pipeline_dag_config: dict[str, Any]


class ExportResponse(TypedDict):
    """Where the pipeline was written (relative to the Jupyter root) and which files it has."""

    output_dir: str
    files: list[str]


class FrameworkJSON(TypedDict):
    name: str
    label: str
    description: str


class FrameworksResponse(TypedDict):
    """``GET /lineage/export/frameworks``."""

    frameworks: list[FrameworkJSON]


class ParameterCandidateJSON(TypedDict):
    name: str
    value: str
    artifact: str
    line: int | None


class ParameterCandidatesResponse(TypedDict):
    """``GET /lineage/export/parameters?artifact=name:version&artifact=...``: literal assignments usable as
    pipeline parameters."""

    candidates: list[ParameterCandidateJSON]
