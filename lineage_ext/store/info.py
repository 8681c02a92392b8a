"""What the store knows about an artifact version, without loading its value.

``ArtifactInfo`` is the shape the server, the CLI and the UI read. ``to_dict()`` gives its
JSON form (dates as ISO 8601 strings in UTC).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple

VerificationStatus = Literal["pending", "verified", "failed", "not_applicable", "repaired"]
# "repaired": the traced slice failed verification and a re-run of a widened slice reproduced the value
VERIFICATION_STATUSES: tuple[str, ...] = ("pending", "verified", "failed", "not_applicable", "repaired")
# serializers whose blobs are unpickled on load (``serializers.Serializer.pickle_based``)
PICKLE_BASED: tuple[str, ...] = ("pickle", "joblib", "cloudpickle")


@dataclass(frozen=True)
class LineageRef:
    """One lineage edge end: an artifact version (``kind="artifact"``) or a file (``kind="file"``)."""

    kind: Literal["artifact", "file"]
    name: str  # artifact name, or file path
    version: int | None = None  # artifact version
    sha256: str | None = None  # file content hash when it was read

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "version": self.version, "sha256": self.sha256}


@dataclass(frozen=True)
class Lineage:
    """Inputs an artifact was computed from, artifacts computed from it, and package versions."""

    inputs: tuple[LineageRef, ...] = ()
    outputs: tuple[LineageRef, ...] = ()
    packages: dict[str, str] = field(default_factory=dict)

    @property
    def input_artifacts(self) -> list[tuple[str, int | None]]:
        return [(ref.name, ref.version) for ref in self.inputs if ref.kind == "artifact"]

    @property
    def input_files(self) -> list[tuple[str, str | None]]:
        return [(ref.name, ref.sha256) for ref in self.inputs if ref.kind == "file"]

    @property
    def output_artifacts(self) -> list[tuple[str, int | None]]:
        return [(ref.name, ref.version) for ref in self.outputs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": [ref.to_dict() for ref in self.inputs],
            "outputs": [ref.to_dict() for ref in self.outputs],
            "packages": dict(self.packages),
        }


class ArtifactInfo(NamedTuple):
    """Metadata of one artifact version. ``lineage`` is None in listings (filled by ``info()``).

    A NamedTuple rather than a frozen dataclass: listings build thousands of these, and a
    tuple is several times cheaper to construct.
    """

    name: str
    version: int
    date_created: datetime
    type_name: str
    serializer: str
    size_bytes: int
    blob_hash: str
    code_captured: bool
    session_id: str | None
    kernel_id: str | None
    notebook_path: str | None
    node_id: str | None
    variable_name: str | None
    verification_status: str
    verification_reason: str | None
    has_graph_snapshot: bool
    preview_json: str = "{}"
    lineage: Lineage | None = None

    @property
    def preview(self) -> dict[str, Any]:
        """Shape/dtypes/head rows etc., computed when the value was saved (see ``store.preview``)."""
        loaded: dict[str, Any] = json.loads(self.preview_json)
        return loaded

    @property
    def pickle_based(self) -> bool:
        return self.serializer in PICKLE_BASED

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "date_created": self.date_created.isoformat(),
            "type_name": self.type_name,
            "serializer": self.serializer,
            "size_bytes": self.size_bytes,
            "blob_hash": self.blob_hash,
            "preview": self.preview,
            "code_captured": self.code_captured,
            "session_id": self.session_id,
            "kernel_id": self.kernel_id,
            "notebook_path": self.notebook_path,
            "node_id": self.node_id,
            "variable_name": self.variable_name,
            "verification": {"status": self.verification_status, "reason": self.verification_reason},
            "has_graph_snapshot": self.has_graph_snapshot,
            "lineage": None if self.lineage is None else self.lineage.to_dict(),
        }
