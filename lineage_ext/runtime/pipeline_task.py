"""The callable that runs one task of an exported pipeline inside a worker (process, inline or Ray).

Owns loading the folder's tasks module in the worker (the folder goes on ``sys.path`` first, so the
module can import its neighbours) and calling one task function with its parameters. Data moves only
through the artifact store, exactly as when the orchestrator runs the export: the function loads its
inputs and saves its outputs with ``lineage_ext.export.task_io`` (``$LINEAGE_EXT_STORE``), and returns
``{artifact: version}``, which becomes the runtime result. The store settings travel with the task
(``environment``) and are applied around the call: forkserver and Ray workers do not see environment
changes the parent made after they started. Upstream results reach the call but are not
used: they only order the tasks. Kept free of heavy imports: every worker unpickles this module.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

PARAMETERS_KEY = "_parameters"  # config keys start with "_": no exported task name can clash with them
SOURCE_KEY = "_source"

# path -> (mtime, module): one import per worker and module file, again if the file changed
_LOADED: dict[str, tuple[int, ModuleType]] = {}


def load_tasks_module(path: Path) -> ModuleType:
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    mtime = path.stat().st_mtime_ns
    cached = _LOADED.get(str(path))
    if cached is not None and cached[0] == mtime:
        return cached[1]
    # a private module name: two exported folders may hold modules of the same name
    name = f"_lineage_pipeline_{abs(hash(str(path))):x}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the tasks module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    _LOADED[str(path)] = (mtime, module)
    return module


@dataclass(frozen=True)
class PipelineTaskFunction:
    """``PipelineTaskFunction(module_path, function)(_parameters={...}, **upstream)`` -> saved versions."""

    module_path: str
    function: str
    environment: tuple[tuple[str, str | None], ...] = ()  # variable -> value (None: unset)

    def __call__(self, **inputs: Any) -> dict[str, int]:
        with _environment(self.environment):
            module = load_tasks_module(Path(self.module_path))
            saved = getattr(module, self.function)(**inputs.get(PARAMETERS_KEY, {}))
        if not isinstance(saved, dict):
            raise TypeError(f"task function {self.function} returned {saved!r}, not {{artifact: version}}")
        return {str(artifact): int(version) for artifact, version in saved.items()}


@contextmanager
def _environment(variables: tuple[tuple[str, str | None], ...]) -> Iterator[None]:
    before = {name: os.environ.get(name) for name, _ in variables}
    _apply(variables)
    try:
        yield
    finally:  # an inline run (num_workers=0) shares the caller's environment: leave it as it was
        _apply(tuple(before.items()))


def _apply(variables: tuple[tuple[str, str | None], ...]) -> None:
    for name, value in variables:
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
