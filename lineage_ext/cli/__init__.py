"""The ``lineage-ext`` command line: one parser, one sub-command module per concept.

Each sub-command module under ``lineage_ext.cli`` exposes ``register(subparsers)``
which adds its parser and sets ``func`` (``func(args) -> int`` exit code). Shared
conventions live in ``lineage_ext.cli.common``: ``--json`` output, exit codes, and
turning ``LineageError`` into a one-line message instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .common import EXIT_USAGE, run_command

# Sub-command modules, in the order they appear in --help. A module missing here
# is simply not offered, so a partial install never breaks the whole CLI.
SUBCOMMAND_MODULES = (
    "lineage_ext.cli.artifacts",
    "lineage_ext.cli.python_cmd",
    "lineage_ext.cli.notebook_cmd",
    "lineage_ext.cli.export_cmd",
    "lineage_ext.cli.run_cmd",
    "lineage_ext.cli.status",
    "lineage_ext.cli.store_cmd",
    "lineage_ext.cli.runs_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    from lineage_ext import __version__

    parser = argparse.ArgumentParser(
        prog="lineage-ext",
        description="Lineage, artifacts and pipelines for notebooks and scripts.",
    )
    parser.add_argument("--version", action="version", version=f"lineage-ext {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
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
