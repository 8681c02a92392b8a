"""fluidml's ``LocalFileStore``: task objects as files in one folder per task run.

Layout: ``<base_dir>/<task name>/<run id>/<object name>.<ext>``, where the run id is the run name (plus the
sweep counter when several configs share it) or the first 8 characters of the unique config's hash.
``.lineage_run.json`` in a run folder is written last and marks a finished run (with the runtime's config
hash, so a later ``Flow.run`` skips it). Types: "json", "pickle" (runs pickle on load: a folder you own
and trust) and "text"; register more in ``type_registry``.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import IO, Any

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.runtime.stores import MISSING

from .storage import RUN_RECORD, File, FilePromise, ResultsStore, StoreContext, TypeInfo, unique_hash


def _json_save(obj: Any, stream: IO[str]) -> None:
    json.dump(obj, stream)


def _pickle_save(obj: Any, stream: IO[bytes]) -> None:
    pickle.dump(obj, stream, protocol=pickle.HIGHEST_PROTOCOL)


def _text_save(obj: Any, stream: IO[str]) -> None:
    stream.write(obj)


def _text_load(stream: IO[str]) -> str:
    return stream.read()


class LocalFileStore(ResultsStore):
    """Objects saved by tasks as files under ``base_dir``."""

    def __init__(self, base_dir: str) -> None:
        self.base_dir = str(base_dir)
        self.type_registry: dict[str, TypeInfo] = {
            "json": TypeInfo(_json_save, json.load, "json", False),
            "pickle": TypeInfo(_pickle_save, pickle.load, "p", True),  # trusted folder only
            "text": TypeInfo(_text_save, _text_load, "txt", False),
        }
        self.run_info: dict[str, Any] = {}  # the run name of the flow being run, set by Task

    def _run_dir(self, task_name: str, unique_config: dict[str, Any], run_name: Any = None) -> Path:
        run_name = run_name or self.run_info.get("run_name")
        counter = unique_hash(unique_config)  # the sweep counter: configs sharing a run name differ here
        return Path(self.base_dir) / task_name / (f"{run_name}-{counter}" if run_name else counter)

    def get_context(self, task_name: str, task_unique_config: dict[str, Any]) -> StoreContext:
        run_dir = self._run_dir(task_name, task_unique_config)
        run_dir.mkdir(parents=True, exist_ok=True)
        return StoreContext(
            str(run_dir), unique_hash(task_unique_config) if self.run_info.get("run_name") else None
        )

    def _find(
        self, name: str, task_name: str, unique_config: dict[str, Any], run_name: Any = None
    ) -> tuple[Path, TypeInfo] | None:
        run_dir = self._run_dir(task_name, unique_config, run_name)
        for type_name, info in self.type_registry.items():
            path = run_dir / f"{name}.{info.extension or type_name}"
            if path.exists():
                return path, info
        return None

    def save(
        self,
        obj: Any,
        name: str,
        type_: str | None,
        task_name: str,
        task_unique_config: dict[str, Any],
        sub_dir: str | None = None,
        mode: str | None = None,
        open_kwargs: dict[str, Any] | None = None,
        load_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        info = self._type(type_ or "pickle")
        folder = self._run_dir(task_name, task_unique_config) / (sub_dir or "")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.{info.extension or type_}"
        if info.needs_path:
            info.save_fn(obj, str(path), **kwargs)
            return
        with path.open(mode or ("wb" if info.is_binary else "w"), **(open_kwargs or {})) as stream:
            info.save_fn(obj, stream, **kwargs)

    def load(
        self,
        name: str,
        task_name: str,
        task_unique_config: dict[str, Any],
        lazy: bool = False,
        run_name: Any = None,
        **kwargs: Any,
    ) -> Any:
        found = self._find(name, task_name, task_unique_config, run_name)
        if found is None:
            return None
        path, info = found
        if info.needs_path:
            return info.load_fn(str(path), **kwargs)
        promise = FilePromise(
            name, str(path), info.save_fn, info.load_fn, info.open_fn, "rb" if info.is_binary else "r", kwargs
        )
        return promise if lazy else promise.load()

    def open(
        self,
        name: str | None = None,
        task_name: str | None = None,
        task_unique_config: dict[str, Any] | None = None,
        mode: str | None = None,
        promise: FilePromise | None = None,
        type_: str | None = None,
        sub_dir: str | None = None,
        **open_kwargs: Any,
    ) -> File:
        """A ``File`` in the run folder: ``file.save(obj)``/``file.load()`` plus the usual file methods."""
        if promise is not None:
            return File.from_promise(promise)
        if name is None or task_name is None or task_unique_config is None:
            raise RuntimeGraphError("open() needs name, task_name and task_unique_config (or a promise)")
        info = self._type(type_ or "text")
        folder = self._run_dir(task_name, task_unique_config) / (sub_dir or "")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.{info.extension or type_}"
        default_mode = "rb" if info.is_binary else "r"
        return File(str(path), mode or default_mode, info.save_fn, info.load_fn, info.open_fn, **open_kwargs)

    def delete(self, name: str, task_name: str, task_unique_config: dict[str, Any]) -> None:
        found = self._find(name, task_name, task_unique_config)
        if found is not None:
            found[0].unlink()

    def delete_run(self, task_name: str, task_unique_config: dict[str, Any]) -> None:
        shutil.rmtree(self._run_dir(task_name, task_unique_config), ignore_errors=True)

    def _type(self, type_: str) -> TypeInfo:
        if type_ not in self.type_registry:
            raise RuntimeGraphError(f"unknown type_ {type_!r}; registered: {', '.join(self.type_registry)}")
        return self.type_registry[type_]

    def run_record(self, task_name: str, config_hash: str) -> Any:
        folder = Path(self.base_dir) / task_name
        for marker in sorted(folder.glob(f"*/{RUN_RECORD}")) if folder.is_dir() else []:
            record = json.loads(marker.read_text())
            if record.get("config_hash") == config_hash:
                return record["record"]
        return MISSING

    def get_results(
        self, task_name: str, task_unique_config: dict[str, Any], names: list[str], run_name: Any = None
    ) -> dict[str, Any]:
        return {name: self.load(name, task_name, task_unique_config, run_name=run_name) for name in names}

    def commit_run(self, task_name: str, config_hash: str, record: dict[str, Any]) -> None:
        run_dir = self._run_dir(task_name, record["unique_config"], record.get("run_name"))
        run_dir.mkdir(parents=True, exist_ok=True)
        payload = {"config_hash": config_hash, "record": record}
        (run_dir / RUN_RECORD).write_text(json.dumps(payload, default=str))
