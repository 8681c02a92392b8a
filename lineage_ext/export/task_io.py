"""The small runtime that exported pipeline code imports: load inputs, save outputs, compare values.

Owns how a generated task reaches the artifact store, so generated files stay engine-specific
glue and never carry storage code of their own. The store is the one ``$LINEAGE_EXT_STORE``
names (the "Store location" rule); ``$LINEAGE_EXT_TASK_IO`` picks the backend:

- ``store`` (default): the artifact store (``store.current``), with the same MLflow/OpenLineage mirrors as
  ``lineage_ext.save``/``get``, so task results are artifacts with versions;
- ``folder``: one pickle file per artifact version under ``<store>/task-artifacts/<name>/``
  (``task_folder``), for machines without the metadata store. Only use it on a folder you trust: it
  unpickles.

Pipeline runs (``store`` backend, see ``store/runs.py``): every save belongs to a run, named by
``$LINEAGE_EXT_RUN_ID`` (``lineage-ext run`` and ``run_all`` set it; a process without one starts its
own). A run's versions never become the notebook's latest; an unpinned load reads the version the same
run produced, so concurrent runs never mix (a task process started without the run id reads the newest
version any run produced). ``lineage-ext runs promote RUN_ID`` makes a run's outputs the latest.

It must stay cheap to import (no pandas, no IPython): every task process imports it first.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lineage_ext.errors import ExportError
from lineage_ext.store.current import current_store

from . import task_folder

BACKEND_ENV = "LINEAGE_EXT_TASK_IO"
RUN_ENV = "LINEAGE_EXT_RUN_ID"


def backend_name() -> str:
    backend = os.environ.get(BACKEND_ENV, "store").strip().lower() or "store"
    if backend not in ("store", "folder"):
        raise ExportError(f"${BACKEND_ENV} must be 'store' or 'folder', not {backend!r}")
    return backend


def load(artifact: str, version: int | None = None) -> Any:
    """The value of ``artifact``: ``version`` if given, else the version this pipeline run produced."""
    if backend_name() == "folder":
        return task_folder.load(artifact, version)
    from lineage_ext.artifacts import mirrors
    from lineage_ext.store import runs

    store = current_store()
    if version is None:
        version = runs.resolve_input(store, os.environ.get(RUN_ENV) or None, artifact)
    value = store.load_value(artifact, version)
    mirrors.after_load(store, store.info(artifact, version, with_lineage=False), in_session=False)
    return value


def save(artifact: str, value: Any) -> int:
    """Save ``value`` as a new version of ``artifact`` (an output of this pipeline run); returns it."""
    if backend_name() == "folder":
        return task_folder.save(artifact, value)
    from lineage_ext.artifacts import mirrors

    # the generated task function calls us: its name is the task's, the job the lineage mirrors report
    task_name = sys._getframe(1).f_code.co_name
    store, started = current_store(), mirrors.now()
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

            runs.begin_run(current_store(), run_id, pipeline)
        yield run_id
    finally:
        if not given:
            os.environ.pop(RUN_ENV, None)


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
