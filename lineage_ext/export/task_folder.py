"""The ``folder`` task-io backend: one pickle file per artifact version, for machines without the metadata
store (``$LINEAGE_EXT_TASK_IO=folder``, see ``task_io``).

Owns the layout, ``<store>/task-artifacts/<name>/<version>.pickle`` under the local store folder of the
"Store location" rule, and how a version is allocated. The exported tasks (``task_io``) and the pipeline
runner (``runtime.pipelines``) both go through here. Only use it on a folder you trust: it unpickles.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from lineage_ext.errors import ArtifactNotFound, VersionNotFound
from lineage_ext.store.config import local_path, resolve_store_uri
from lineage_ext.store.names import validate_name

FOLDER_NAME = "task-artifacts"


def artifact_folder(artifact: str) -> Path:
    return Path(local_path(resolve_store_uri())) / FOLDER_NAME / validate_name(artifact)


def versions(folder: Path) -> list[int]:
    """The versions saved in ``folder``, oldest first (none when it does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(int(p.stem) for p in folder.glob("*.pickle") if p.stem.isdigit())


def latest_version(artifact: str) -> int | None:
    return max(versions(artifact_folder(artifact)), default=None)


def load(artifact: str, version: int | None) -> Any:
    folder = artifact_folder(artifact)
    saved = versions(folder)
    if not saved:
        raise ArtifactNotFound(f"no artifact named {artifact!r} in {folder.parent}")
    chosen = saved[-1] if version is None else version
    if chosen not in saved:
        raise VersionNotFound(f"artifact {artifact!r} has no version {chosen} (versions: {saved})")
    with (folder / f"{chosen}.pickle").open("rb") as handle:
        return pickle.load(handle)


def save(artifact: str, value: Any) -> int:
    folder = artifact_folder(artifact)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        # os.link fails when the name exists, so concurrent savers each get their own version
        while True:
            version = (versions(folder) or [0])[-1] + 1
            try:
                os.link(handle.name, folder / f"{version}.pickle")
                return version
            except FileExistsError:
                continue
    finally:
        os.unlink(handle.name)
