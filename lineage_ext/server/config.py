"""``LineageExt``: the server extension's settings (``c.LineageExt.*`` in jupyter_server_config.py)."""

from __future__ import annotations

from typing import Any

from traitlets import Bool, TraitError, Unicode, validate
from traitlets.config import Configurable


class LineageExt(Configurable):
    """Settings of the lineage_ext server extension."""

    store_uri = Unicode(
        "",
        help=(
            "Where artifacts, their metadata and session graphs are stored: a folder path (SQLite + local "
            "blobs) or a postgresql:// URI. Empty: $LINEAGE_EXT_STORE, then a project-local ./.lineage_ext "
            "folder when one exists, then the per-user default."
        ),
    ).tag(config=True)

    blob_uri = Unicode(
        "",
        help="Where artifact values are stored: a folder or s3://bucket/prefix. Empty: <store>/blobs.",
    ).tag(config=True)

    export_kernel_env = Bool(
        True,
        help=(
            "Export the resolved store location as $LINEAGE_EXT_STORE (and $LINEAGE_EXT_BLOBS) so kernels "
            "started by this server use the same store."
        ),
    ).tag(config=True)

    @validate("store_uri", "blob_uri")
    def _no_surrounding_space(self, proposal: dict[str, Any]) -> str:
        value = str(proposal["value"])
        if value != value.strip():
            raise TraitError(f"{proposal['trait'].name} must not have leading or trailing spaces: {value!r}")
        return value
