"""fluidml's results stores (``InMemoryStore``; ``LocalFileStore`` is in ``files.py``), files and promises.

Owns named objects saved by tasks (``task.save(obj, "name", type_="json")``), keyed by task name and the
task's unique config, and the record of each finished task run, keyed by the runtime's config hash so a
later run finds it (``run_record``/``commit_run``, used by ``flow.py`` through ``RuntimeStoreBridge``).

``LocalFileStore(base_dir)`` writes ``<base_dir>/<task>/<run id>/<name>.<ext>`` with the types "json",
"pickle" and "text" (more via ``type_registry``); loading a "pickle" object runs pickle, so the folder must
be one you own and trust. ``load(..., lazy=True)`` gives a ``FilePromise`` loaded on ``promise.load()``.
``InMemoryStore`` keeps objects in this process; objects saved in worker processes come back with the
task's record and are stored by the parent.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from lineage_ext.errors import RuntimeGraphError
from lineage_ext.runtime.grid import canonical_json
from lineage_ext.runtime.stores import MISSING

RUN_RECORD = ".lineage_run.json"


def unique_hash(unique_config: dict[str, Any]) -> str:
    import hashlib

    return hashlib.sha256(canonical_json(unique_config).encode()).hexdigest()[:8]


@dataclass(slots=True)
class Sweep:
    """One predecessor result of a reduce task: the value and its task's unique config."""

    value: Any
    config: dict[str, Any]


@dataclass(slots=True)
class LazySweep:
    """A ``Sweep`` whose value is a ``Promise`` (``value.load()``)."""

    value: Promise
    config: dict[str, Any]


@dataclass(slots=True)
class StoreContext:
    run_dir: str | None = None
    sweep_counter: str | None = None


@dataclass(slots=True)
class TypeInfo:
    save_fn: Callable[..., Any]
    load_fn: Callable[..., Any]
    extension: str | None = None
    is_binary: bool | None = None
    open_fn: Callable[..., Any] | None = None
    needs_path: bool = False


class Promise(ABC):
    """A value that is loaded on demand."""

    @abstractmethod
    def load(self, **kwargs: Any) -> Any: ...


@dataclass
class FilePromise(Promise):
    name: str
    path: str
    save_fn: Callable[..., Any]
    load_fn: Callable[..., Any]
    open_fn: Callable[..., Any] | None = None
    mode: str | None = None
    load_kwargs: dict[str, Any] = field(default_factory=dict)

    def load(self, **kwargs: Any) -> Any:
        with open(self.path, self.mode or "r") as stream:
            return self.load_fn(stream, **{**self.load_kwargs, **kwargs})


class File:
    """A file of a ``LocalFileStore`` run folder, opened for incremental writes or reads."""

    def __init__(
        self,
        path: str,
        mode: str,
        save_fn: Callable[..., Any],
        load_fn: Callable[..., Any],
        open_fn: Callable[..., Any] | None = None,
        load_kwargs: dict[str, Any] | None = None,
        **open_kwargs: Any,
    ) -> None:
        self.path, self.mode = path, mode
        self.save_fn, self.load_fn = save_fn, load_fn
        self.load_kwargs = load_kwargs or {}
        self._stream: IO[Any] = (open_fn or open)(path, mode, **open_kwargs)

    @classmethod
    def from_promise(cls, promise: FilePromise) -> File:
        return cls(promise.path, promise.mode or "r", promise.save_fn, promise.load_fn, promise.open_fn)

    def save(self, obj: Any, **kwargs: Any) -> None:
        self.save_fn(obj, self._stream, **kwargs)

    def load(self, **kwargs: Any) -> Any:
        return self.load_fn(self._stream, **{**self.load_kwargs, **kwargs})

    @property
    def closed(self) -> bool:
        return self._stream.closed

    def __getattr__(self, name: str) -> Any:  # read, write, seek... of the underlying file
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._stream, name)

    def __enter__(self) -> File:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


class ResultsStore(ABC):
    """fluidml's results-store interface plus the run records the runtime caches on."""

    in_process = False  # True: objects saved in workers travel back with the task's record

    @abstractmethod
    def save(
        self,
        obj: Any,
        name: str,
        type_: str | None,
        task_name: str,
        task_unique_config: dict[str, Any],
        **kwargs: Any,
    ) -> None: ...

    @abstractmethod
    def load(self, name: str, task_name: str, task_unique_config: dict[str, Any], **kwargs: Any) -> Any: ...

    @abstractmethod
    def delete(self, name: str, task_name: str, task_unique_config: dict[str, Any]) -> None: ...

    @abstractmethod
    def delete_run(self, task_name: str, task_unique_config: dict[str, Any]) -> None: ...

    @abstractmethod
    def get_context(self, task_name: str, task_unique_config: dict[str, Any]) -> StoreContext: ...

    @abstractmethod
    def run_record(self, task_name: str, config_hash: str) -> Any: ...

    @abstractmethod
    def commit_run(self, task_name: str, config_hash: str, record: dict[str, Any]) -> None: ...

    def open(self, *args: Any, **kwargs: Any) -> File:
        raise RuntimeGraphError(f"{type(self).__name__} holds no files; open() needs a LocalFileStore")

    def get_results(
        self, task_name: str, task_unique_config: dict[str, Any], names: list[str], run_name: Any = None
    ) -> dict[str, Any]:
        """The objects ``names`` saved by one task run."""
        return {name: self.load(name, task_name, task_unique_config) for name in names}


class InMemoryStore(ResultsStore):
    """Objects in a dict of this process (the default store of ``Flow.run``)."""

    in_process = True

    def __init__(self, manager: Any = None) -> None:
        self._objects: dict[tuple[str, str], dict[str, Any]] = {}
        self._runs: dict[tuple[str, str], dict[str, Any]] = {}

    def save(
        self,
        obj: Any,
        name: str,
        type_: str | None,
        task_name: str,
        task_unique_config: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        self._objects.setdefault((task_name, unique_hash(task_unique_config)), {})[name] = obj

    def load(self, name: str, task_name: str, task_unique_config: dict[str, Any], **kwargs: Any) -> Any:
        return self._objects.get((task_name, unique_hash(task_unique_config)), {}).get(name)

    def delete(self, name: str, task_name: str, task_unique_config: dict[str, Any]) -> None:
        self._objects.get((task_name, unique_hash(task_unique_config)), {}).pop(name, None)

    def delete_run(self, task_name: str, task_unique_config: dict[str, Any]) -> None:
        self._objects.pop((task_name, unique_hash(task_unique_config)), None)
        self._runs = {k: r for k, r in self._runs.items() if r["unique_config"] != task_unique_config}

    def get_context(self, task_name: str, task_unique_config: dict[str, Any]) -> StoreContext:
        return StoreContext()

    def run_record(self, task_name: str, config_hash: str) -> Any:
        record = self._runs.get((task_name, config_hash))
        if record is None:
            return MISSING
        names = list(record["names"])
        return {**record, "objects": self.get_results(task_name, record["unique_config"], names)}

    def commit_run(self, task_name: str, config_hash: str, record: dict[str, Any]) -> None:
        for name, obj in (record.get("objects") or {}).items():
            self.save(obj, name, None, task_name, record["unique_config"])
        self._runs[(task_name, config_hash)] = {k: v for k, v in record.items() if k != "objects"}
