"""``lineage-ext notebook NB.ipynb ARTIFACT_NAME EXPRESSION``: run a notebook traced, save a value, slice it.

Owns running a notebook's code cells in order in one traced shell (``python_cmd.TracedShell``), with the
notebook's folder as working directory (as Jupyter does) and a progress bar on stderr. The notebook file
is never modified: the value is saved by one extra traced statement, ``lineage_ext.save((EXPRESSION),
ARTIFACT_NAME)``, run after the last cell. Cell outputs are hidden unless ``--show-output`` (then on
stderr); the first failing cell stops the run with exit code 1 and names the cell.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from lineage_ext.errors import LineageError

from .common import EXIT_ERROR, add_json_flag, emit_json
from .progress import Progress
from .python_cmd import (
    TracedShell,
    add_export_arguments,
    add_store_arguments,
    apply_store_arguments,
    check_export_arguments,
    finish,
    save_slices,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notebook",
        help="run a notebook traced and save an expression's value as an artifact",
        description="Run the code cells of NOTEBOOK in order under the lineage tracer, then save the value "
        "of EXPRESSION as ARTIFACT_NAME and print its minimal code. The notebook file is not changed.",
    )
    parser.add_argument("notebook", help="the .ipynb file to run")
    parser.add_argument("artifact_name", help="name of the artifact to save")
    parser.add_argument(
        "expression", help="Python expression evaluated after the last cell (e.g. a variable)"
    )
    parser.add_argument("--show-output", action="store_true", help="print cell outputs (on stderr)")
    add_export_arguments(parser)
    add_store_arguments(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run_notebook)


def read_code_cells(path: Path) -> list[tuple[str | None, str]]:
    """(cell id, source) of each non-empty code cell, in notebook order."""
    import nbformat

    try:
        notebook: Any = cast(Any, nbformat).read(path, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for a bad file
        raise LineageError(f"cannot read notebook {path}: {exc}") from exc
    return [
        (cell.get("id"), cell.source)
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.strip()
    ]


@contextlib.contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


@contextlib.contextmanager
def cell_output(show: bool) -> Iterator[None]:
    target = sys.stderr if show else open(os.devnull, "w")  # noqa: SIM115  closed below
    try:
        with contextlib.redirect_stdout(target):
            yield
    finally:
        if target is not sys.stderr:
            target.close()


def run_notebook(args: argparse.Namespace) -> int:
    path = Path(args.notebook).absolute()
    if not path.is_file():
        raise FileNotFoundError(f"no such notebook: {args.notebook}")
    from lineage_ext.store.names import validate_name

    validate_name(args.artifact_name)
    args.slice_names = [args.artifact_name]
    usage_error = check_export_arguments(args)
    if usage_error is not None:
        return usage_error
    apply_store_arguments(args)
    cells = read_code_cells(path)
    traced = TracedShell(str(path), display_results=True)
    try:
        with working_directory(path.parent), cell_output(args.show_output):
            failed = _run_cells(traced, cells, args.json)
            error = None if failed else traced.run_cell(_save_statement(args.expression, args.artifact_name))
        if failed is not None:
            return _cell_failed(args, *failed)
        if isinstance(error, LineageError):
            raise error
        if error is not None:
            raise LineageError(f"evaluating {args.expression!r} failed: {type(error).__name__}: {error}")
        report = save_slices(traced, [], None)
        report["artifacts"] = [a for a in report["artifacts"] if a["name"] == args.artifact_name][-1:]
    finally:
        traced.close()
    report["notebook"] = str(path)
    return finish(args, report)


def _save_statement(expression: str, name: str) -> str:
    # one traced statement, so the slice of the artifact includes the expression itself
    return f"__import__('lineage_ext').save(({expression}), {name!r})"


def _run_cells(
    traced: TracedShell, cells: list[tuple[str | None, str]], json_output: bool
) -> tuple[int, BaseException] | None:
    with Progress(len(cells), "cells", json_output=json_output) as progress:
        for index, (cell_id, source) in enumerate(cells, start=1):
            error = traced.run_cell(source, cell_id=cell_id)
            if error is not None:
                return index, error
            progress.advance(detail=f"cell {index}")
    return None


def _cell_failed(args: argparse.Namespace, index: int, error: BaseException) -> int:
    message = f"code cell {index} failed: {type(error).__name__}: {error}"
    if args.json:
        emit_json({"error": type(error).__name__, "message": message, "cell": index})
    print(f"lineage-ext: error: {message}", file=sys.stderr)
    return EXIT_ERROR
