"""The ``lineage-ext`` command line: one parser, one sub-command module per concept.

Each sub-command module under ``lineage_ext.cli`` exposes ``register(subparsers)``
which adds its parser and sets ``func`` (``func(args) -> int`` exit code). Shared
conventions live in ``lineage_ext.cli.common``: ``--json`` output, exit codes, and
turning ``LineageError`` into a one-line message instead of a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .common import EXIT_USAGE, run_command


def build_parser() -> argparse.ArgumentParser:
    from lineage_ext._about import __version__

    parser = argparse.ArgumentParser(
        prog="lineage-ext",
        description="Lineage, artifacts and pipelines for notebooks and scripts.",
    )
    parser.add_argument("--version", action="version", version=f"lineage-ext {__version__}")
    from . import artifacts, export_cmd, notebook_cmd, python_cmd, run_cmd, runs_cmd, status, store_cmd

    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    # in the order the sub-commands appear in --help
    for module in (artifacts, python_cmd, notebook_cmd, export_cmd, run_cmd, status, store_cmd, runs_cmd):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return run_command(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
