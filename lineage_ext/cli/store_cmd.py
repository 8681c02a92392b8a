"""``lineage-ext store check|rebuild``: verify the store and rebuild its metadata from the manifests.

``check`` exits 1 when it finds a problem (a lost, replaced, older or corrupt database, a damaged
manifest, a missing blob) and prints what to do; ``--fix`` writes missing manifests (stores made before
manifests existed). ``rebuild`` moves a SQLite file aside (never deletes it) or empties the PostgreSQL
artifact tables, and refills them from the manifests beside the blobs.
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import EXIT_ERROR, EXIT_OK, add_store_command, emit_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("store", help="check the store; rebuild its metadata from the manifests")
    commands = parser.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    check = add_store_command(
        commands, "check", "verify metadata, manifests, blobs; report leftover temp files", _check
    )
    check.add_argument("--fix", action="store_true", help="write the manifests that are missing")
    add_store_command(
        commands, "rebuild", "rebuild the metadata database from the version manifests", _rebuild
    )


def _check(args: argparse.Namespace) -> int:
    from lineage_ext.store.check import check_store

    report = check_store(args.store, args.blobs, fix=args.fix)
    if args.json:
        emit_json(report.to_dict())
        return EXIT_OK if report.ok else EXIT_ERROR
    print(f"{report.versions} versions, {report.manifests} manifests")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    if report.missing_manifests:
        done = f"wrote {report.written_manifests}" if args.fix else "run `lineage-ext store check --fix`"
        print(f"notice: {report.missing_manifests} versions have no manifest ({done})")
    for item in report.temp_files:
        print(
            f"notice: leftover temp file {item['path']} ({item['size']} bytes, {item['age_seconds']} s old); "
            "`lineage-ext artifacts gc` removes it once older than its grace period"
        )
    print("ok" if report.ok else "the store needs attention: see above")
    return EXIT_OK if report.ok else EXIT_ERROR


def _rebuild(args: argparse.Namespace) -> int:
    from lineage_ext.store.rebuild import rebuild_store

    report = rebuild_store(args.store, args.blobs)
    if args.json:
        emit_json(report.to_dict())
        return EXIT_OK
    for path in report.moved_aside:
        print(f"kept the old database as {path}")
    for key in report.damaged_manifests:
        print(f"skipped damaged manifest {key}")
    print(f"restored {report.restored_versions} versions of {report.names} artifacts")
    return EXIT_OK
