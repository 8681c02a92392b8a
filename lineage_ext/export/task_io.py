"""The small runtime that exported pipeline code imports: load inputs, save outputs, compare values.

Owns how a generated task reaches the artifact store, so generated files stay engine-specific
glue and never carry storage code of their own. The store is the one ``$LINEAGE_EXT_STORE``
names (the "Store location" rule); ``$LINEAGE_EXT_TASK_IO`` picks the backend:

- ``store`` (default): ``lineage_ext.api`` save/get, so task results are artifacts with versions;
- ``folder``: one pickle file per artifact version under ``<store>/task-artifacts/<name>/``, for
  machines without the metadata store. Only use it on a folder you trust: it unpickles.

Pipeline runs (``store`` backend, see ``store/runs.py``): every save belongs to a run, named by
``$LINEAGE_EXT_RUN_ID`` (``lineage-ext run`` and ``run_all`` set it; a process without one starts its
own). A run's versions never become the notebook's latest; an unpinned load reads the version the same
run produced, so concurrent runs never mix (a task process started without the run id reads the newest
version any run produced). ``lineage-ext runs promote RUN_ID`` makes a run's outputs the latest.

It must stay cheap to import (no pandas, no IPython): every task process imports it first.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lineage_ext.errors import ArtifactNotFound, ExportError, VersionNotFound

BACKEND_ENV = "LINEAGE_EXT_TASK_IO"
RUN_ENV = "LINEAGE_EXT_RUN_ID"
FOLDER_NAME = "task-artifacts"


def backend_name() -> str:
    backend = os.environ.get(BACKEND_ENV, "store").strip().lower() or "store"
    if backend not in ("store", "folder"):
        raise ExportError(f"${BACKEND_ENV} must be 'store' or 'folder', not {backend!r}")
    return backend


def load(artifact: str, version: int | None = None) -> Any:
    """The value of ``artifact``: ``version`` if given, else the version this pipeline run produced."""
    if backend_name() == "folder":
        return _folder_load(artifact, version)
    from lineage_ext import mirrors
    from lineage_ext.store import runs

    store = _store()
    if version is None:
        version = runs.resolve_input(store, os.environ.get(RUN_ENV) or None, artifact)
    value = store.load_value(artifact, version)
    mirrors.after_load(store, store.info(artifact, version, with_lineage=False), in_session=False)
    return value


def save(artifact: str, value: Any) -> int:
    """Save ``value`` as a new version of ``artifact`` (an output of this pipeline run); returns it."""
    if backend_name() == "folder":
        return _folder_save(artifact, value)
    from lineage_ext import mirrors

    # the generated task function calls us: its name is the task's, the job the lineage mirrors report
    task_name = sys._getframe(1).f_code.co_name
    store, started = _store(), mirrors.now()
    with mirrors.running_task(task_name):
        try:
            info = store.save_value(value, artifact, run_id=current_run_id())
        except Exception as exc:
            mirrors.save_failed(artifact, None, started, exc)
            raise
        mirrors.after_save(store, info, value=value, capture=None, started=started, log_to_mlflow=None)
    return int(info.version)


def current_run_id() -> str:
    """This process's run id: ``$LINEAGE_EXT_RUN_ID``, else a new one, exported for child processes."""
    run_id = os.environ.get(RUN_ENV, "").strip()
    if not run_id:
        run_id = os.environ[RUN_ENV] = new_run_id()
    return run_id


def new_run_id() -> str:
    return f"run-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"


@contextmanager
def pipeline_run(pipeline: str | None = None) -> Iterator[str]:
    """Run the enclosed tasks as one pipeline run (a new one unless ``$LINEAGE_EXT_RUN_ID`` is set)."""
    given = os.environ.get(RUN_ENV, "").strip()
    run_id = given or new_run_id()
    os.environ[RUN_ENV] = run_id
    try:
        if backend_name() == "store":
            from lineage_ext.store import runs

            runs.begin_run(_store(), run_id, pipeline)
        yield run_id
    finally:
        if not given:
            os.environ.pop(RUN_ENV, None)


def _store() -> Any:
    return _store_api()._store()


def _store_api() -> Any:
    try:
        from lineage_ext import api
    except ImportError as exc:
        raise ExportError(
            f"the artifact store (lineage_ext.api) cannot be imported here ({exc}); install lineage_ext "
            f"with its data extras, or set ${BACKEND_ENV}=folder to use a plain folder"
        ) from exc
    return api


def _folder_root(artifact: str) -> Path:
    from lineage_ext.store.config import local_path, resolve_store_uri
    from lineage_ext.store.names import validate_name

    return Path(local_path(resolve_store_uri())) / FOLDER_NAME / validate_name(artifact)


def _versions(folder: Path) -> list[int]:
    if not folder.is_dir():
        return []
    return sorted(int(p.stem) for p in folder.glob("*.pickle") if p.stem.isdigit())


def _folder_load(artifact: str, version: int | None) -> Any:
    folder = _folder_root(artifact)
    versions = _versions(folder)
    if not versions:
        raise ArtifactNotFound(f"no artifact named {artifact!r} in {folder.parent}")
    chosen = versions[-1] if version is None else version
    if chosen not in versions:
        raise VersionNotFound(f"artifact {artifact!r} has no version {chosen} (versions: {versions})")
    with (folder / f"{chosen}.pickle").open("rb") as handle:
        return pickle.load(handle)


def _folder_save(artifact: str, value: Any) -> int:
    folder = _folder_root(artifact)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        # os.link fails when the name exists, so concurrent savers each get their own version
        while True:
            version = (_versions(folder) or [0])[-1] + 1
            try:
                os.link(handle.name, folder / f"{version}.pickle")
                return version
            except FileExistsError:
                continue
    finally:
        os.unlink(handle.name)


def assert_same_value(actual: Any, expected: Any, what: str = "value") -> None:
    """Raise ``AssertionError`` unless the values are equal; DataFrames, arrays, models compare by type."""
    if type(actual) is not type(expected):
        raise AssertionError(f"{what}: type {type(actual).__name__} != {type(expected).__name__}")
    module = type(expected).__module__.split(".")[0]
    if module == "pandas":
        _assert_same_pandas(actual, expected, what)
    elif module == "numpy":
        import numpy.testing

        numpy.testing.assert_array_equal(actual, expected, err_msg=what, strict=True)
    elif module == "sklearn":
        _assert_same_estimator(actual, expected, what)
    elif isinstance(expected, dict | list | tuple):
        _assert_same_container(actual, expected, what)
    elif actual != expected:
        raise AssertionError(f"{what}: {actual!r} != {expected!r}")


def _assert_same_pandas(actual: Any, expected: Any, what: str) -> None:
    import pandas.testing

    if hasattr(expected, "columns"):
        pandas.testing.assert_frame_equal(actual, expected, obj=what)
    elif hasattr(expected, "dtype") and hasattr(expected, "index"):
        pandas.testing.assert_series_equal(actual, expected, obj=what)
    else:
        pandas.testing.assert_index_equal(actual, expected, obj=what)


def _assert_same_container(
    actual: Any, expected: dict[Any, Any] | list[Any] | tuple[Any, ...], what: str
) -> None:
    if isinstance(expected, dict):
        if sorted(actual, key=repr) != sorted(expected, key=repr):
            raise AssertionError(f"{what}: keys {sorted(actual, key=repr)} != {sorted(expected, key=repr)}")
        for key, value in expected.items():
            assert_same_value(actual[key], value, f"{what}[{key!r}]")
        return
    if len(actual) != len(expected):
        raise AssertionError(f"{what}: length {len(actual)} != {len(expected)}")
    for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
        assert_same_value(left, right, f"{what}[{index}]")


def _assert_same_estimator(actual: Any, expected: Any, what: str) -> None:
    if not hasattr(expected, "get_params"):  # compiled helpers such as a fitted tree's Tree
        assert_same_value(actual.__getstate__(), expected.__getstate__(), what)
        return
    if repr(actual.get_params()) != repr(expected.get_params()):
        raise AssertionError(f"{what}: parameters differ: {actual.get_params()} != {expected.get_params()}")
    fitted = sorted(k for k in vars(expected) if k.endswith("_") and not k.startswith("_"))
    for key in fitted:
        assert_same_value(getattr(actual, key, None), getattr(expected, key), f"{what}.{key}")
