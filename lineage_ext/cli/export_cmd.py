"""``lineage-ext export``: saved artifacts to a pipeline folder, the same as ``lineage_ext.to_pipeline``.

Owns turning command-line words into ``to_pipeline`` arguments (``NAME`` or ``NAME:VERSION``,
``--param``, ``--reuse``, ``--depends A=B,C``, ``--config key=value`` with JSON values) and
reporting the written files. Errors keep ``to_pipeline``'s messages and exit codes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, EXIT_USAGE, add_json_flag, emit_json
from .progress import Progress


def register(subparsers: Any) -> None:
    from lineage_ext.export.registry import frameworks

    parser = subparsers.add_parser(
        "export",
        help="export saved artifacts as a pipeline (script, Airflow, Argo, Kubeflow, DVC, Ray, ...)",
        description="Write a pipeline that recomputes the given artifacts, one task per artifact.",
    )
    parser.add_argument("artifacts", nargs="+", metavar="NAME[:VERSION]", help="artifacts to export")
    parser.add_argument("--framework", "-f", default="SCRIPT", type=str.upper, choices=frameworks())
    parser.add_argument("--name", dest="pipeline_name", help="pipeline name (default: pipeline)")
    parser.add_argument("--output-dir", "-o", default=".", help="folder to write (default: .)")
    parser.add_argument("--param", action="append", default=[], metavar="VAR", help="make VAR a parameter")
    parser.add_argument(
        "--reuse", action="append", default=[], metavar="NAME", help="load NAME, skip its code"
    )
    parser.add_argument(
        "--depends", action="append", default=[], metavar="A=B,C", help="A runs after B and C"
    )
    parser.add_argument(
        "--config", action="append", default=[], metavar="KEY=VALUE", help="pipeline_dag_config"
    )
    parser.add_argument("--generate-test", action="store_true", help="also write a pytest scaffold")
    parser.add_argument("--comments", action="store_true", help="keep non-slice code as comments")
    parser.add_argument("--overwrite", action="store_true", help="replace files in a non-empty folder")
    add_json_flag(parser)
    parser.set_defaults(func=export)


def parse_artifact(text: str) -> str | tuple[str, int]:
    name, sep, version = text.partition(":")
    if not sep:
        return name
    if not version.isdigit():
        raise argparse.ArgumentTypeError(f"version of {name!r} must be a number, not {version!r}")
    return name, int(version)


def parse_pairs(items: list[str], what: str) -> dict[str, str]:
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise argparse.ArgumentTypeError(f"{what} must look like KEY=VALUE, not {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


def config_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text  # a bare word such as @daily stays a string


def export(args: argparse.Namespace) -> int:
    from lineage_ext.export.to_pipeline import to_pipeline

    try:
        artifacts = [parse_artifact(a) for a in args.artifacts]
        dependencies = {
            k: set(filter(None, v.split(","))) for k, v in parse_pairs(args.depends, "--depends").items()
        }
        dag_config = {k: config_value(v) for k, v in parse_pairs(args.config, "--config").items()}
    except argparse.ArgumentTypeError as exc:
        print(f"lineage-ext export: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with Progress(1, "exporting", json_output=args.json) as bar:
        folder = to_pipeline(
            artifacts,
            framework=args.framework,
            pipeline_name=args.pipeline_name,
            dependencies=dependencies,
            output_dir=args.output_dir,
            input_parameters=args.param,
            reuse_pre_computed_artifacts=args.reuse,
            generate_test=args.generate_test,
            pipeline_dag_config=dag_config,
            include_non_slice_as_comment=args.comments,
            overwrite=args.overwrite,
        )
        bar.advance(detail=args.framework)
    files = sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())
    if args.json:
        emit_json({"output_dir": str(folder), "framework": args.framework, "files": files})
    else:
        print(f"{args.framework} pipeline written to {folder}:")
        for name in files:
            print(f"  {name}")
    return EXIT_OK
