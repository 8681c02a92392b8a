"""Version manifests: each committed version described in a small JSON file beside its blob.

A manifest holds everything the metadata row and its lineage hold (name, version, serializer, blob and
graph hashes, preview, code, origin, packages, inputs, created), so the metadata database can be rebuilt
from the blob store alone (``rebuild.py``). It is content-addressed: its key ends with the sha256 of its
bytes, ``manifests/<sha256(name)[:2]>/<sha256(name)[:16]>/<version:010d>.<sha256>.json``, so a check can
tell a damaged manifest from a good one. It is written right after the metadata commit; a crash in
between leaves a version without manifest, which ``lineage-ext store check --fix`` writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lineage_ext.errors import VersionNotFound

from . import sidefiles
from .blobs import BlobStore
from .metadata import Tx
from .metadata.schema import ARTIFACT_INPUTS, ARTIFACTS
from .records import NewArtifact, lineage_ref

PREFIX = "manifests"
FORMAT = "lineage_ext.manifest/1"
_KEY_RE = re.compile(r"^manifests/[0-9a-f]{2}/[0-9a-f]{16}/(\d{10})\.([0-9a-f]{64})\.json$")


@dataclass(frozen=True)
class StoredManifest:
    """A manifest found in the blob store: its key, version, content and whether its hash matches."""

    key: str
    version: int
    modified: float
    content: dict[str, Any] | None  # None when damaged (hash mismatch or not JSON)


def name_folder(name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return f"{PREFIX}/{digest[:2]}/{digest[:16]}"


def encode(new: NewArtifact, version: int, run_id: str | None = None) -> bytes:
    """The manifest bytes of one version (stable: sorted keys, no whitespace)."""
    content = dataclasses.asdict(new)
    content["input_artifacts"] = [list(item) for item in new.input_artifacts]
    content["input_files"] = [list(item) for item in new.input_files]
    content.update(format=FORMAT, version=version, run_id=run_id)
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")


def decode(content: dict[str, Any]) -> tuple[NewArtifact, int]:
    """The row a manifest describes, and its version."""
    fields = {f.name for f in dataclasses.fields(NewArtifact)}
    values = {key: value for key, value in content.items() if key in fields}
    values["input_artifacts"] = [
        (str(n), None if v is None else int(v)) for n, v in values["input_artifacts"]
    ]
    values["input_files"] = [(str(p), d) for p, d in values["input_files"]]
    return NewArtifact(**values), int(content["version"])


def key_for(name: str, version: int, data: bytes) -> str:
    return f"{name_folder(name)}/{version:010d}.{hashlib.sha256(data).hexdigest()}.json"


def write(blobs: BlobStore, new: NewArtifact, version: int, run_id: str | None = None) -> str:
    """Write the manifest of one committed version (``run_id``: the run that produced it); returns its key."""
    data = encode(new, version, run_id)
    key = key_for(new.name, version, data)
    # no fsync: an OS crash can lose only the manifest of a version the database holds, which
    # `lineage-ext store check` reports and `--fix` writes again (a save stays one fsync'd commit)
    sidefiles.put(blobs, key, data, durable=False)
    return key


def scan(blobs: BlobStore) -> Iterator[StoredManifest]:
    """Every manifest in the blob store, hash-checked (damaged ones have ``content=None``)."""
    for entry in sidefiles.entries(blobs, PREFIX):
        match = _KEY_RE.match(entry.key)
        if match is None:
            continue  # a temp file of a write in flight, or not ours
        data = sidefiles.read(blobs, entry.key)
        yield StoredManifest(entry.key, int(match.group(1)), entry.modified, _checked(data, match.group(2)))


def _checked(data: bytes | None, digest: str) -> dict[str, Any] | None:
    if data is None or hashlib.sha256(data).hexdigest() != digest:
        return None
    try:
        content = json.loads(data)
    except ValueError:
        return None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        return None
    return content


def row_as_new_artifact(tx: Tx, name: str, version: int) -> NewArtifact:
    """A stored version as the ``NewArtifact`` it was saved from (to write a missing manifest)."""
    row = tx.fetchone(
        f"SELECT {ARTIFACTS.select()} FROM artifacts WHERE name = ? AND version = ?", (name, version)
    )
    if row is None:
        raise VersionNotFound(f"artifact {name!r} has no version {version}")
    inputs = [
        lineage_ref(found)
        for found in tx.fetchall(
            f"SELECT {ARTIFACT_INPUTS.select()} FROM artifact_inputs WHERE artifact_id = ?", (row["id"],)
        )
    ]
    return NewArtifact(
        name=name,
        created=float(row["created"]),
        type_name=row["type_name"],
        serializer=row["serializer"],
        blob_hash=row["blob_hash"],
        size_bytes=int(row["size_bytes"]),
        preview_json=row["preview"],
        code_captured=bool(row["code_captured"]),
        session_code=row["session_code"],
        session_id=row["session_id"],
        kernel_id=row["kernel_id"],
        notebook_path=row["notebook_path"],
        node_id=row["node_id"],
        variable_name=row["variable_name"],
        graph_hash=row["graph_hash"],
        packages_json=row["packages"],
        verification_status=row["verification_status"],
        verification_reason=row["verification_reason"],
        input_artifacts=[(ref.name, ref.version) for ref in inputs if ref.kind == "artifact"],
        input_files=[(ref.name, ref.sha256) for ref in inputs if ref.kind == "file"],
    )
