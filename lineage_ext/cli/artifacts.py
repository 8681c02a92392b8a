"""``lineage-ext artifacts list|show|get|delete|gc|repairs``: the artifact store from a terminal.

Same semantics as the Python API. ``get`` prints a value (or writes the stored bytes with
``--output``); pickle-based values are only loaded with ``--allow-pickle``. ``gc`` reports
progress on stderr. ``repairs`` lists slice repairs and the patterns (statement kinds) they had to add.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lineage_ext.errors import LineageError

from .common import EXIT_OK, add_store_command, emit_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("artifacts", help="list, inspect, load, delete artifacts; collect garbage")
    commands = parser.add_subparsers(dest="artifacts_command", metavar="ACTION", required=True)

    listing = add_store_command(commands, "list", "list artifact versions, newest first", _list)
    listing.add_argument("--name-contains", help="only names containing this text (case-insensitive)")
    listing.add_argument("--notebook", help="only artifacts saved from this notebook path")
    listing.add_argument("--latest", action="store_true", help="only the latest version of each name")

    show = add_store_command(commands, "show", "show one version's metadata and lineage", _show)
    _add_name_version(show)

    get = add_store_command(commands, "get", "print a value, or write its stored bytes with --output", _get)
    _add_name_version(get)
    get.add_argument("--output", "-o", help="write the stored bytes (parquet, npy, json, ...) to this file")
    get.add_argument("--allow-pickle", action="store_true", help="allow loading pickle/joblib values")

    delete = add_store_command(commands, "delete", "delete one version, the latest, or all versions", _delete)
    delete.add_argument("name")
    which = delete.add_mutually_exclusive_group(required=True)
    which.add_argument("--version", "-v", type=int, help="the version to delete")
    which.add_argument("--latest", action="store_true", help="delete the latest version")
    which.add_argument("--all", action="store_true", help="delete every version")

    gc = add_store_command(commands, "gc", "remove unreferenced blobs older than the grace period", _gc)
    gc.add_argument(
        "--grace-seconds", type=float, default=24 * 3600, help="keep unreferenced blobs younger than this"
    )

    add_store_command(commands, "repairs", "list slice repairs and how often each pattern recurs", _repairs)


def _add_name_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")
    parser.add_argument("--version", "-v", type=int, help="version (default: the latest)")


def _open(args: argparse.Namespace) -> Any:
    from lineage_ext.store import open_store

    return open_store(args.store, args.blobs)


def _list(args: argparse.Namespace) -> int:
    from lineage_ext.artifacts import ArtifactCatalog

    store = _open(args)
    infos = store.list_artifacts(args.name_contains, args.notebook, latest_only=args.latest)
    if args.json:
        emit_json([info.to_dict() for info in infos])
    else:
        print(ArtifactCatalog(store, infos))
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    info = _open(args).info(args.name, args.version)
    if args.json:
        emit_json(info.to_dict())
        return EXIT_OK
    data = info.to_dict()
    lineage = data.pop("lineage")
    for key in ("name", "version", "date_created", "type_name", "serializer", "size_bytes", "notebook_path"):
        print(f"{key:>15}: {data[key]}")
    print(f"{'code':>15}: {'captured' if info.code_captured else 'not captured'}")
    print(f"{'verification':>15}: {info.verification_status} {info.verification_reason or ''}".rstrip())
    print(f"{'preview':>15}: {info.preview}")
    for direction in ("inputs", "outputs"):
        refs = [
            f"{ref['name']}" + (f" v{ref['version']}" if ref["version"] else "") for ref in lineage[direction]
        ]
        print(f"{direction:>15}: {', '.join(refs) or '-'}")
    return EXIT_OK


def _get(args: argparse.Namespace) -> int:
    store = _open(args)
    info = store.info(args.name, args.version, with_lineage=False)
    if args.output:
        with open(args.output, "wb") as handle:
            handle.write(store.read_blob(info.name, info.version))
        if args.json:
            emit_json({"name": info.name, "version": info.version, "output": args.output})
        return EXIT_OK
    if info.pickle_based and not args.allow_pickle:
        raise LineageError(
            f"{info.name!r} v{info.version} is stored with {info.serializer}, which can run code when "
            "loaded; pass --allow-pickle if you trust this store, or use --output to get the bytes"
        )
    value = store.load_value(info.name, info.version, allow_pickle=True if args.allow_pickle else None)
    if args.json:
        emit_json({"name": info.name, "version": info.version, "value": _jsonable(value)})
    else:
        print(value)
    return EXIT_OK


def _jsonable(value: Any) -> Any:
    from lineage_ext.store.preview import json_safe

    return json_safe(value)


def _delete(args: argparse.Namespace) -> int:
    version: int | str = "all" if args.all else "latest" if args.latest else args.version
    deleted = _open(args).delete(args.name, version)
    if args.json:
        emit_json({"name": args.name, "deleted_versions": deleted})
    else:
        print(f"deleted {args.name} version(s) {', '.join(map(str, deleted))}")
    return EXIT_OK


def _gc(args: argparse.Namespace) -> int:
    def progress(done: int, total: int) -> None:
        if done == total or done % 500 == 0:
            print(f"\rgc: checked {done}/{total} blobs", end="\n" if done == total else "", file=sys.stderr)

    report = _open(args).gc(grace_seconds=args.grace_seconds, progress=progress)
    if args.json:
        emit_json(report.to_dict())
    else:
        print(
            f"removed {report.removed_blobs} blobs and {report.removed_temp_files} temp files "
            f"({report.freed_bytes} bytes); kept {report.kept_in_grace} unreferenced within the grace period"
        )
    return EXIT_OK


def _repairs(args: argparse.Namespace) -> int:
    records = _open(args).list_repairs()
    if args.json:
        emit_json([record.to_dict() for record in records])
        return EXIT_OK
    if not records:
        print("no slice repairs recorded")
        return EXIT_OK
    counts: dict[str, int] = {}
    for record in records:
        if record.state == "repaired":
            counts[record.pattern] = counts.get(record.pattern, 0) + 1
    print("patterns (statement kinds repairs had to add), most frequent first:")
    for pattern, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:>6}  {pattern or '-'}")
    print("repairs, newest first:")
    for record in records:
        took = f"{record.seconds:6.1f} s"
        print(f"  {record.name} v{record.version}  {record.state:<8}  {took}  {record.reason}")
    return EXIT_OK
