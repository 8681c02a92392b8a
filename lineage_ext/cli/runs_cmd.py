"""``lineage-ext runs list|show|promote``: the runs of exported pipelines and their artifact versions.

A run's versions stay out of the notebook's view (``store/runs.py``); ``promote`` makes a run's
outputs the latest versions of their artifacts (all but task-internal ``<task>__<var>`` values, or the
``--artifact`` names given).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from .common import EXIT_OK, add_store_command, emit_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("runs", help="list pipeline runs; promote a run's outputs to latest")
    commands = parser.add_subparsers(dest="runs_command", metavar="ACTION", required=True)
    listing = add_store_command(commands, "list", "list pipeline runs, newest first", _list)
    listing.add_argument("--pipeline", help="only runs of this pipeline")
    show = add_store_command(commands, "show", "show one run's artifact versions", _show)
    show.add_argument("run_id")
    promote = add_store_command(commands, "promote", "make a run's outputs the latest versions", _promote)
    promote.add_argument("run_id")
    promote.add_argument(
        "--artifact", action="append", default=None, metavar="NAME", help="promote only NAME (repeatable)"
    )


def _open(args: argparse.Namespace) -> Any:
    from lineage_ext.store import open_store

    return open_store(args.store, args.blobs)


def _list(args: argparse.Namespace) -> int:
    from lineage_ext.store import runs

    found = runs.list_runs(_open(args), args.pipeline)
    if args.json:
        emit_json([run.to_dict() for run in found])
        return EXIT_OK
    for run in found:
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(run.started))
        print(f"{run.run_id}  {run.pipeline or '-'}  {started}  {len(run.outputs)} outputs")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from lineage_ext.store import runs

    run = runs.get_run(_open(args), args.run_id)
    if args.json:
        emit_json(run.to_dict())
        return EXIT_OK
    print(f"{run.run_id} (pipeline {run.pipeline or '-'})")
    for name, version in sorted(run.outputs.items()):
        print(f"  {name} v{version}")
    return EXIT_OK


def _promote(args: argparse.Namespace) -> int:
    from lineage_ext.store import runs

    promoted = runs.promote(_open(args), args.run_id, args.artifact)
    if args.json:
        emit_json([{"name": info.name, "version": info.version} for info in promoted])
        return EXIT_OK
    for info in promoted:
        print(f"{info.name} is now version {info.version} (from run {args.run_id})")
    return EXIT_OK
