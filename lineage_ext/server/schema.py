"""REST wire types of the ``/lineage`` API, defined once here.

TypeScript types in ``src/api/types.ts`` are generated from these TypedDicts (and from
the other ``wire`` modules listed in ``gen_ts.WIRE_MODULES``) by
``python -m lineage_ext.server.gen_ts``; a test fails when the committed file is stale.
Only JSON shapes live here: str/int/float/bool/None, lists, dicts, Literals, TypedDicts.
"""

from __future__ import annotations

from typing import TypedDict


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
