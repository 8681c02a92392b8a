"""``lineage-ext status``: where the store is, how it was chosen, and what it holds.

Owns reporting only. A local store that does not exist yet is reported as such and is not created.
Credentials in a PostgreSQL URI are never printed (the store's ``describe()`` masks them).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from .common import EXIT_OK, add_json_flag, emit_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="show the store location and how many artifacts and sessions it holds",
        description="Show which artifact store is used (and why), and count its artifacts and sessions.",
    )
    parser.add_argument("--store", help="store location (default: $LINEAGE_EXT_STORE, ./.lineage_ext, user)")
    parser.add_argument("--blobs", help="blob location (default: $LINEAGE_EXT_BLOBS or <store>/blobs)")
    add_json_flag(parser)
    parser.set_defaults(func=show_status)


def store_source(explicit: str | None) -> str:
    """Which rule of the store-location order picked the store."""
    from lineage_ext.store.config import PROJECT_FOLDER, STORE_ENV

    if explicit:
        return "--store"
    if os.environ.get(STORE_ENV):
        return f"${STORE_ENV}"
    if (Path.cwd() / PROJECT_FOLDER).is_dir():
        return f"./{PROJECT_FOLDER}"
    return "per-user default"


def collect_status(store_arg: str | None, blobs_arg: str | None) -> dict[str, Any]:
    from lineage_ext._about import __version__
    from lineage_ext.store import open_store
    from lineage_ext.store.config import parse_location

    location = parse_location(store_arg, blobs_arg)
    status: dict[str, Any] = {
        "version": __version__,
        "store_source": store_source(store_arg),
        "metadata_backend": location.metadata_kind,
        "blob_backend": location.blob_kind,
        "blobs": location.blob_target if location.blob_kind == "local" else f"s3://{location.blob_target}",
        "exists": True,
    }
    if location.metadata_kind == "sqlite" and not Path(location.metadata_target).exists():
        status.update(store=location.metadata_target, exists=False, artifacts=0, versions=0, sessions=0)
        status["total_bytes"] = 0
        return status
    store = open_store(store_arg, blobs_arg)
    try:
        infos = store.list_artifacts()
        status.update(
            store=store.metadata.describe(),
            artifacts=len({info.name for info in infos}),
            versions=len(infos),
            sessions=len(store.list_sessions()),
            total_bytes=sum(info.size_bytes for info in infos),
        )
    finally:
        store.close()
    return status


def show_status(args: argparse.Namespace) -> int:
    status = collect_status(args.store, args.blobs)
    if args.json:
        emit_json(status)
        return EXIT_OK
    rows = [
        ("lineage_ext", status["version"]),
        ("store", f"{status['store']} ({status['metadata_backend']}, chosen by {status['store_source']})"),
        ("blobs", f"{status['blobs']} ({status['blob_backend']})"),
    ]
    if not status["exists"]:
        rows.append(("state", "not created yet (the first save creates it)"))
    rows += [
        (
            "artifacts",
            f"{status['artifacts']} names, {status['versions']} versions, {status['total_bytes']} bytes",
        ),
        ("sessions", str(status["sessions"])),
    ]
    for key, value in rows:
        print(f"{key:>12}: {value}")
    return EXIT_OK
