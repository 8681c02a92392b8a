"""``lineage-ext python script.py``: run a plain script under the notebook tracer, save, slice, export.

Owns the traced shell every CLI run uses (``TracedShell``: one IPython ``InteractiveShell`` with the
``lineage_ext`` extension loaded, so scripts and notebooks get exactly the tracer a kernel gets) and the
steps after a run (``save_slices``, ``export_pipeline``), which ``notebook_cmd`` reuses.

Script semantics match ``python script.py``: ``__name__ == "__main__"``, ``__file__`` is the script's
absolute path, ``sys.argv`` is the script plus its arguments (``lineage-ext python [options] script.py
-- args``), the script's folder is
first on ``sys.path`` and the working directory is unchanged. The script runs as one traced cell.
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

from .common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, add_json_flag, emit_json

SESSION_NAME_ENV = "JPY_SESSION_NAME"  # what the tracer records as the notebook path


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "python",
        help="run a Python script traced; save, slice and export its results",
        description="Run SCRIPT under the lineage tracer (as one notebook cell), then save the variables "
        "named by --slice as artifacts, print their minimal code, and optionally export a pipeline.",
    )
    parser.add_argument("script", help="the .py file to run")
    parser.add_argument(
        "script_args",
        nargs="*",
        help="arguments for the script, after -- (put lineage-ext options before the script then)",
    )
    parser.add_argument(
        "--slice", action="append", default=[], metavar="NAME", help="save variable NAME as artifact NAME"
    )
    parser.add_argument("--export-slice", metavar="FILE", help="write the minimal code of the slices to FILE")
    add_export_arguments(parser)
    add_store_arguments(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run_python)


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--framework", metavar="NAME", help="export a pipeline: SCRIPT, AIRFLOW, ARGO, ...")
    parser.add_argument("--export-dir", metavar="DIR", help="folder for the exported pipeline")
    parser.add_argument("--pipeline-name", help="name of the exported pipeline")
    parser.add_argument("--overwrite", action="store_true", help="replace files in a non-empty export folder")


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="store location (default: $LINEAGE_EXT_STORE, ./.lineage_ext, user)")
    parser.add_argument("--blobs", help="blob location (default: $LINEAGE_EXT_BLOBS or <store>/blobs)")


def apply_store_arguments(args: argparse.Namespace) -> None:
    """``--store``/``--blobs`` become the environment, so the script's own ``save`` calls use them too."""
    from lineage_ext.store.config import BLOBS_ENV, STORE_ENV

    if args.store:
        os.environ[STORE_ENV] = args.store
    if args.blobs:
        os.environ[BLOBS_ENV] = args.blobs


def check_export_arguments(args: argparse.Namespace) -> int | None:
    """``EXIT_USAGE`` (after saying why) when the export options do not go together, else None."""
    if bool(args.framework) == bool(args.export_dir):
        return None
    message = "--framework and --export-dir go together: give both or neither"
    if args.json:
        emit_json({"error": "UsageError", "message": message})
    print(f"lineage-ext: error: {message}", file=sys.stderr)
    return EXIT_USAGE


class TracedShell:
    """One traced IPython shell for this process; ``close()`` flushes the session graph to the store."""

    def __init__(self, session_name: str, display_results: bool) -> None:
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False
        config.InteractiveShell.colors = "nocolor"
        config.InteractiveShell.ast_node_interactivity = "last_expr" if display_results else "none"
        os.environ[SESSION_NAME_ENV] = session_name
        self.shell: Any = cast(Any, InteractiveShell.instance(config=config))
        self.shell._showtraceback = self._traceback_to_stderr  # tracebacks are errors: stderr
        self.shell.extension_manager.load_extension("lineage_ext")

    def _traceback_to_stderr(self, etype: Any, evalue: Any, stb: Any) -> None:
        print(self.shell.InteractiveTB.stb2text(stb), file=sys.stderr)

    @property
    def namespace(self) -> dict[str, Any]:
        namespace: dict[str, Any] = self.shell.user_ns
        return namespace

    def run_cell(self, source: str, cell_id: str | None = None) -> BaseException | None:
        """Run one cell; returns its exception (None on success). A clean ``sys.exit(0)`` is success."""
        result = self.shell.run_cell(source, store_history=True, cell_id=cell_id)
        error: BaseException | None = result.error_before_exec or result.error_in_exec
        if isinstance(error, SystemExit) and error.code in (0, None):
            return None
        return error

    def close(self) -> None:
        self.shell.extension_manager.unload_extension("lineage_ext")


@contextlib.contextmanager
def user_output(json_output: bool) -> Iterator[None]:
    """With ``--json`` the user's prints go to stderr, so stdout holds only the JSON document."""
    if json_output:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    else:
        yield


@contextlib.contextmanager
def script_context(script: Path, script_args: list[str]) -> Iterator[None]:
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    sys.argv = [str(script), *script_args]
    sys.path.insert(0, str(script.parent))
    try:
        yield
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path


def run_python(args: argparse.Namespace) -> int:
    script = Path(args.script).absolute()
    if not script.is_file():
        raise FileNotFoundError(f"no such script: {args.script}")
    args.slice_names = list(args.slice)
    usage_error = check_export_arguments(args)
    if usage_error is not None:
        return usage_error
    apply_store_arguments(args)
    script_args = list(args.script_args)
    traced = TracedShell(str(script), display_results=False)
    try:
        traced.namespace["__file__"] = str(script)
        with user_output(args.json), script_context(script, script_args):
            error = traced.run_cell(script.read_text(encoding="utf-8"))
        if error is not None:
            return _script_failed(args, error)
        report = save_slices(traced, args.slice_names, args.export_slice)
        if args.framework and not report["artifacts"]:
            raise LineageError("nothing to export: the run saved no artifact (use --slice NAME)")
    finally:
        traced.close()
    report["script"] = str(script)
    return finish(args, report)


def _script_failed(args: argparse.Namespace, error: BaseException) -> int:
    code = error.code if isinstance(error, SystemExit) and isinstance(error.code, int) else EXIT_ERROR
    if isinstance(error, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    message = f"the script failed: {type(error).__name__}: {error}"
    if args.json:
        emit_json({"error": type(error).__name__, "message": message})
    print(f"lineage-ext: error: {message}", file=sys.stderr)
    return code


def save_slices(traced: TracedShell, names: list[str], export_slice: str | None) -> dict[str, Any]:
    """Save each named variable as an artifact of that name; collect the minimal code of those and of the
    artifacts the code saved itself (``lineage_ext.save``), when slicing is available."""
    from lineage_ext import api

    artifacts = [api.get(name, version) for name, version in saved_by_run(traced)]
    for name in names:
        if name not in traced.namespace:
            raise LineageError(f"no variable {name!r} after the run; --slice names a variable of the script")
        artifacts.append(api.save(traced.namespace[name], name))
    saved = [{"name": a.name, "version": a.version, **_code_of(a)} for a in artifacts]
    if export_slice:
        Path(export_slice).write_text(_slice_file(saved), encoding="utf-8")
    return {"artifacts": saved, "export_slice": export_slice}


def saved_by_run(traced: TracedShell) -> list[tuple[str, int]]:
    """(name, version) of the artifacts the traced code saved, in the order the graph shows them."""
    from lineage_ext.kernel.current import current_session

    session = current_session()
    if session is None:
        return []
    graph = session.graph()
    return [
        (node.artifact_name, node.artifact_version)
        for node in graph.nodes_of_kind("artifact")
        if node.artifact_name is not None
        and node.artifact_version is not None
        and any(edge.kind == "saves" for edge in graph.in_edges(node.id))
    ]


def _code_of(artifact: Any) -> dict[str, Any]:
    try:
        return {"code": artifact.get_code(), "code_error": None}
    except LineageError as exc:
        return {"code": None, "code_error": str(exc)}


def _slice_file(saved: list[dict[str, Any]]) -> str:
    parts = []
    for item in saved:
        body = item["code"] if item["code"] is not None else f"# no minimal code: {item['code_error']}\n"
        parts.append(f"# ---- artifact {item['name']} version {item['version']}\n{body.rstrip()}\n")
    return "\n".join(parts)


def export_pipeline(args: argparse.Namespace, saved: list[dict[str, Any]]) -> str | None:
    if not args.framework:
        return None
    from lineage_ext.export.to_pipeline import to_pipeline

    folder = to_pipeline(
        [(item["name"], item["version"]) for item in saved],
        framework=args.framework.upper(),
        pipeline_name=args.pipeline_name,
        output_dir=args.export_dir,
        overwrite=args.overwrite,
    )
    return str(folder)


def finish(args: argparse.Namespace, report: dict[str, Any]) -> int:
    """Export (if asked), then print the saved artifacts and their slices (or the JSON report)."""
    report["export_dir"] = export_pipeline(args, report["artifacts"])
    if args.json:
        emit_json(report)
        return EXIT_OK
    for item in report["artifacts"]:
        print(f"saved artifact {item['name']} version {item['version']}")
        if item["code"] is not None:
            print(f"# minimal code for {item['name']}:\n{item['code'].rstrip()}\n")
        else:
            print(f"lineage-ext: no minimal code for {item['name']}: {item['code_error']}", file=sys.stderr)
    if report.get("export_slice"):
        print(f"wrote the slices to {report['export_slice']}")
    if report["export_dir"]:
        print(f"exported a {args.framework.upper()} pipeline to {report['export_dir']}")
    return EXIT_OK
