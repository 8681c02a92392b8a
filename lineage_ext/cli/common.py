"""Conventions shared by every ``lineage-ext`` sub-command: exit codes, JSON output, errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from lineage_ext.errors import ArtifactNotFound, InvalidArtifactName, LineageError

EXIT_OK = 0
EXIT_ERROR = 1  # the command ran and failed (bad input, failed task, ...)
EXIT_USAGE = 2  # the command line itself is wrong (argparse uses 2 as well)
EXIT_NOT_FOUND = 3  # the named artifact / version / file does not exist
EXIT_INTERRUPTED = 130


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")


def emit_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, indent=2, sort_keys=True, default=str)
    sys.stdout.write("\n")


def run_command(args: argparse.Namespace) -> int:
    """Run ``args.func`` and map our errors to messages and exit codes."""
    try:
        return int(args.func(args))
    except (ArtifactNotFound, FileNotFoundError) as exc:
        _report(args, exc)
        return EXIT_NOT_FOUND
    except InvalidArtifactName as exc:
        _report(args, exc)
        return EXIT_USAGE
    except LineageError as exc:
        _report(args, exc)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _report(args: argparse.Namespace, exc: BaseException) -> None:
    if getattr(args, "json", False):
        emit_json({"error": type(exc).__name__, "message": str(exc)})
    print(f"lineage-ext: error: {exc}", file=sys.stderr)


def add_store_command(commands: Any, name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
    """A sub-command that works on one store: ``--store``, ``--blobs`` and ``--json``."""
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--store", help="store location (default: $LINEAGE_EXT_STORE, ./.lineage_ext, user)")
    parser.add_argument("--blobs", help="blob location (default: $LINEAGE_EXT_BLOBS or <store>/blobs)")
    add_json_flag(parser)
    parser.set_defaults(func=func)
    return parser
