"""Whether OpenLineage events are wanted here: only when configured the way OpenLineage documents.

The checks mirror where ``openlineage-python`` itself looks for configuration, so a user who set up
OpenLineage for another tool gets our events too, and a machine with nothing set emits nothing.
``LINEAGE_EXT_OPENLINEAGE=0`` (or OpenLineage's own ``OPENLINEAGE_DISABLED=true``) switches it off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

SWITCH_ENV = "LINEAGE_EXT_OPENLINEAGE"
NAMESPACE_ENV = "OPENLINEAGE_NAMESPACE"
DEFAULT_JOB_NAMESPACE = "lineage_ext"
DATASET_NAMESPACE_ENV = "LINEAGE_EXT_OPENLINEAGE_DATASETS"
DEFAULT_DATASET_NAMESPACE = "lineage_ext"


def configured(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> bool:
    env = os.environ if environ is None else environ
    if env.get(SWITCH_ENV, "1") == "0" or env.get("OPENLINEAGE_DISABLED", "").lower() in ("true", "1"):
        return False
    if env.get("OPENLINEAGE_URL") or env.get("OPENLINEAGE_CONFIG"):
        return True
    if any(key.startswith("OPENLINEAGE__TRANSPORT") for key in env):
        return True
    candidates = [(cwd or Path.cwd()) / "openlineage.yml", Path.home() / ".openlineage" / "openlineage.yml"]
    return any(path.is_file() for path in candidates)


def job_namespace() -> str:
    return os.environ.get(NAMESPACE_ENV) or DEFAULT_JOB_NAMESPACE


def dataset_namespace() -> str:
    return os.environ.get(DATASET_NAMESPACE_ENV) or DEFAULT_DATASET_NAMESPACE
