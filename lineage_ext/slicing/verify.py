"""Slice verification: re-run an artifact's slice in a fresh interpreter and compare with the saved value.

Owns `verify_artifact` (compute the slice, run `runner.py` in a subprocess of `sys.executable` with the
store location in its environment and the notebook's folder as working directory, return the outcome),
`verify_and_record` (the same, then `store.set_verification`), and `schedule_verification` (that, on a
daemon thread, so `save()` returns at once, followed by a slice repair (`repair.py`) when it fails). A
failed verification is recorded with its reason, never hidden.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lineage_ext.errors import CodeNotCaptured, LineageError

from .sidefiles import files_set_aside

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactStore

log = logging.getLogger("lineage_ext")
VERIFY_ENV = "LINEAGE_EXT_VERIFY"
DEFAULT_TIMEOUT_SECONDS = 1800.0
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
# background checks run one at a time: each re-runs a slice, and kernels often save several values in a row
_BACKGROUND_SLOT = threading.Lock()


@dataclass(frozen=True)
class Verification:
    """Outcome of one verification: `status` is "verified", "failed" or "not_applicable"."""

    status: str
    reason: str | None
    slice_seconds: float | None  # the slice's own run time in the fresh interpreter
    total_seconds: float  # everything: slicing, interpreter start, loading and comparing


def verification_enabled(default: bool = True) -> bool:
    """`$LINEAGE_EXT_VERIFY` (0/false/no/off disables); unset gives `default`."""
    value = os.environ.get(VERIFY_ENV)
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def _slice_code(store: ArtifactStore, name: str, version: int) -> tuple[str, str, tuple[str, ...]]:
    from .entry_points import graph_from_snapshot
    from .program import build_slice, render

    info = store.info(name, version, with_lineage=False)
    snapshot = store.get_graph_snapshot(name, version)
    if not info.code_captured or snapshot is None or info.node_id is None:
        raise CodeNotCaptured(f"artifact {name!r} version {version} has no captured code to verify")
    program = build_slice(graph_from_snapshot(snapshot), info.node_id)
    return render(program.lines), program.result_variable, program.files


def environment(store_uri: str | None, blob_uri: str | None) -> dict[str, str]:
    """The environment of a process that re-runs slices against this store (it never saves or persists)."""
    env = dict(os.environ)
    if store_uri:
        env["LINEAGE_EXT_STORE"] = store_uri if "://" in store_uri else os.path.abspath(store_uri)
    if blob_uri:
        env["LINEAGE_EXT_BLOBS"] = blob_uri if "://" in blob_uri else os.path.abspath(blob_uri)
    env[VERIFY_ENV] = "0"  # a slice that saves must not start verifications of its own
    env["LINEAGE_EXT_PERSIST"] = "0"
    env.setdefault("MPLBACKEND", "Agg")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


def verify_artifact(
    store: ArtifactStore,
    name: str,
    version: int,
    *,
    store_uri: str | None = None,
    blob_uri: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> Verification:
    """Run the slice of `name` v`version` in a fresh interpreter and compare with the saved value."""
    started = time.perf_counter()
    try:
        code, variable, files = _slice_code(store, name, version)
    except CodeNotCaptured as exc:
        return Verification("not_applicable", str(exc), None, time.perf_counter() - started)
    except LineageError as exc:
        return Verification(
            "failed", f"no slice could be computed: {exc}", None, time.perf_counter() - started
        )
    env = environment(store_uri, blob_uri)
    status, reason, slice_seconds = run_slice_code(
        code, variable, name, version, env=env, cwd=cwd, timeout=timeout, files=files
    )
    return Verification(status, reason, slice_seconds, time.perf_counter() - started)


def run_slice_code(
    code: str,
    variable: str,
    name: str,
    version: int,
    *,
    env: dict[str, str],
    cwd: str | os.PathLike[str] | None,
    timeout: float,
    files: Sequence[str] = (),
) -> tuple[str, str | None, float | None]:
    """Run `code` in a fresh interpreter, compare `variable` with the saved value: (status, reason, secs).

    `files` are the files a side-effect slice writes: set aside while it runs, restored afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="lineage_ext_verify_") as folder:
        spec = {"code": code, "variable": variable, "name": name, "version": version}
        spec["out"] = os.path.join(folder, "result.json")
        spec_path = os.path.join(folder, "spec.json")
        with open(spec_path, "w", encoding="utf-8") as handle:
            json.dump(spec, handle)
        # a side-effect slice recreates these files; the user's copies come back afterwards
        with files_set_aside(files, cwd):
            return _run(spec_path, str(spec["out"]), env, cwd, timeout)


def _run(
    spec_path: str, out_path: str, env: dict[str, str], cwd: str | os.PathLike[str] | None, timeout: float
) -> tuple[str, str | None, float | None]:
    command = [sys.executable, "-m", "lineage_ext.slicing.runner", spec_path]
    try:
        done = subprocess.run(
            command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "failed", f"the slice did not finish within {timeout:.0f} s", None
    if not os.path.exists(out_path):
        tail = " ".join(done.stderr.strip().splitlines()[-3:])[:500]
        return "failed", f"the verification process exited with code {done.returncode}: {tail}", None
    with open(out_path, encoding="utf-8") as handle:
        result = json.load(handle)
    return str(result["status"]), result.get("reason"), result.get("slice_seconds")


def verify_and_record(
    store_uri: str | None,
    blob_uri: str | None,
    name: str,
    version: int,
    *,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> Verification:
    """Verify, then record "verified"/"failed"/"not_applicable" with its reason on the artifact."""
    from lineage_ext.store import open_store

    store = open_store(store_uri, blob_uri)
    try:
        result = verify_artifact(
            store, name, version, store_uri=store_uri, blob_uri=blob_uri, cwd=cwd, timeout=timeout
        )
        store.set_verification(name, version, result.status, result.reason)
        return result
    finally:
        store.close()


def schedule_verification(
    store_uri: str | None,
    blob_uri: str | None,
    name: str,
    version: int,
    cwd: str | os.PathLike[str] | None = None,
) -> threading.Thread:
    """Verify in the background (a daemon thread driving the subprocess); returns the started thread.

    `cwd` defaults to the caller's working directory (in a kernel: the notebook's folder), so relative
    file paths in the slice resolve as they did in the session. A failed verification is followed by a
    repair within `$LINEAGE_EXT_REPAIR_BUDGET` (see `repair.py`).
    """
    folder = os.fspath(cwd) if cwd is not None else os.getcwd()

    def work() -> None:
        try:
            with _BACKGROUND_SLOT:
                result = verify_and_record(store_uri, blob_uri, name, version, cwd=folder)
                if result.status == "failed":
                    from .repair import repair_and_record

                    repair_and_record(store_uri, blob_uri, name, version, result, cwd=folder)
        except Exception:  # a background check must never surface in the user's kernel
            log.exception("lineage_ext: verifying %r version %s failed to run", name, version)

    thread = threading.Thread(target=work, name=f"lineage_ext-verify-{name}-{version}", daemon=True)
    thread.start()
    return thread
