"""``lineage-ext run FOLDER``: run an exported pipeline folder with the local runtime.

Owns turning command-line words into ``lineage_ext.runtime.run_pipeline`` arguments (``--task``,
``--param KEY=VALUE``, ``--workers``, ``--backend``, ``--force``, ``--results-store``) and printing the
per-task report (state, duration, artifact versions written), or the report as JSON with ``--json``.
Exit codes: 0 every task finished, 1 a task failed (the rest of the report still prints), 2 bad
command line, 3 the folder is not an exported pipeline.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, add_json_flag, emit_json
from .progress import Progress


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run an exported pipeline folder locally (lazy, cached, parallel)",
        description="Run the tasks of an exported pipeline folder (any framework) in worker processes; "
        "tasks whose parameters and upstream tasks did not change since the last run are skipped.",
    )
    parser.add_argument("folder", help="a folder written by `lineage-ext export` (any framework)")
    parser.add_argument(
        "--task",
        action="append",
        default=[],
        metavar="NAME",
        help="run only NAME and its upstream (repeatable)",
    )
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="parameter value")
    parser.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes (0: inline)")
    parser.add_argument("--backend", choices=("process", "ray"), default="process")
    parser.add_argument(
        "--force", action="append", default=[], metavar="all|TASK|TASK+", help="re-run even if cached"
    )
    parser.add_argument(
        "--results-store",
        default="artifacts",
        metavar="memory|artifacts|DIR",
        help="where task results are cached (default: artifacts, in the store the tasks use)",
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise argparse.ArgumentTypeError(f"--param must look like KEY=VALUE, not {item!r}")
        params[key.strip()] = value
    return params


def run(args: argparse.Namespace) -> int:
    from lineage_ext.runtime.pipelines import run_pipeline

    try:
        params = parse_params(args.param)
    except argparse.ArgumentTypeError as exc:
        print(f"lineage-ext run: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.workers is not None and args.workers < 0:
        print("lineage-ext run: error: --workers must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    with Progress(0, "tasks", json_output=args.json) as bar:
        report = run_pipeline(
            args.folder,
            tasks=args.task or None,
            params=params,
            num_workers=args.workers,
            backend=args.backend,
            force=args.force or None,
            results_store=args.results_store,
            on_task_done=lambda name, ok: bar.advance(detail=f"{name} {'done' if ok else 'FAILED'}"),
        )
    if args.json:
        emit_json(report)
    else:
        print_report(report)
    return EXIT_OK if report["ok"] else EXIT_ERROR


def print_report(report: dict[str, Any]) -> None:
    counts = ", ".join(f"{count} {state}" for state, count in sorted(report["counts"].items()))
    print(f"pipeline {report['pipeline']} ({report['framework']}): {counts}")
    width = max(len(task["name"]) for task in report["tasks"])
    for task in report["tasks"]:
        state = "cached" if task["cached"] else task["state"]
        took = f"{task['duration']:.2f}s" if task["duration"] is not None else "-"
        saved = ", ".join(f"{name} v{version}" for name, version in sorted(task["saved"].items()))
        print(f"  {task['name']:<{width}}  {state:<15}  {took:>8}  {saved}".rstrip())
    for task in report["tasks"]:
        if task["error"]:
            last_line = task["error"].strip().splitlines()[-1]
            print(f"task {task['name']} failed: {last_line}", file=sys.stderr)
    if report.get("run_id"):
        run_id = report["run_id"]
        print(f"run {run_id}: make its outputs the latest with `lineage-ext runs promote {run_id}`")
