"""Results stores: where task results live, keyed by task name and unique config hash.

A store answers one question for the scheduler (``load``: is there a result for this task and hash?) and
keeps new results (``save``). Three implementations:

* ``InMemoryResultsStore`` (default): a dict in the parent process; each ``Flow`` has its own, so running
  the same flow twice skips what already ran.
* ``LocalFolderResultsStore(path, format="pickle"|"json")``: ``<path>/<task>/<hash>/result.pkl|json`` plus
  ``config.json`` (the unique config, for people). Files are written to a temporary name and renamed, so a
  crash never leaves a half-written result that a later run would load. With ``format="pickle"`` loading a
  result runs pickle, which can execute code: the folder must be one you own and trust, like your own
  checkpoints. ``format="json"`` stores JSON-able results only and never executes anything.
* ``ArtifactResultsStore`` (``artifact_store.py``): results become versioned artifacts in the artifact store.

All stores are used only from the parent process: workers send results back, the parent saves them.
"""

from __future__ import annotations

import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Literal, Protocol

from lineage_ext.errors import RuntimeGraphError


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class ResultsStore(Protocol):
    """What the scheduler needs from a store."""

    def load(self, task_name: str, config_hash: str) -> Any:
        """The stored result, or ``MISSING``."""
        ...

    def save(self, task_name: str, config_hash: str, value: Any, unique_config: dict[str, Any]) -> None:
        """Keep ``value`` as the result of ``task_name`` for ``config_hash``."""
        ...


class InMemoryResultsStore:
    """Results in a dict of this process; gone with the process."""

    def __init__(self) -> None:
        self._results: dict[tuple[str, str], Any] = {}

    def load(self, task_name: str, config_hash: str) -> Any:
        return self._results.get((task_name, config_hash), MISSING)

    def save(self, task_name: str, config_hash: str, value: Any, unique_config: dict[str, Any]) -> None:
        self._results[(task_name, config_hash)] = value

    def __len__(self) -> int:
        return len(self._results)


class LocalFolderResultsStore:
    """Results as files under a folder the user owns (see the module docstring about trust)."""

    def __init__(self, path: str | os.PathLike[str], format: Literal["pickle", "json"] = "pickle") -> None:
        if format not in ("pickle", "json"):
            raise RuntimeGraphError(f"format must be 'pickle' or 'json', not {format!r}")
        self.root = Path(path)
        self.format = format
        self.root.mkdir(parents=True, exist_ok=True)

    @property
    def _file_name(self) -> str:
        return "result.pkl" if self.format == "pickle" else "result.json"

    def _folder(self, task_name: str, config_hash: str) -> Path:
        if not task_name or any(part in task_name for part in ("/", "\\", "\0")) or task_name in (".", ".."):
            raise RuntimeGraphError(f"task name {task_name!r} cannot be used as a folder name")
        return self.root / task_name / config_hash

    def load(self, task_name: str, config_hash: str) -> Any:
        path = self._folder(task_name, config_hash) / self._file_name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return MISSING
        if self.format == "json":
            return json.loads(data)
        return pickle.loads(data)  # trusted folder: documented above

    def save(self, task_name: str, config_hash: str, value: Any, unique_config: dict[str, Any]) -> None:
        folder = self._folder(task_name, config_hash)
        folder.mkdir(parents=True, exist_ok=True)
        if self.format == "json":
            try:
                payload = json.dumps(value, allow_nan=False).encode()
            except (TypeError, ValueError) as exc:
                raise RuntimeGraphError(
                    f"result of task {task_name!r} is not JSON data ({exc}); use format='pickle'"
                ) from None
        else:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _write_atomically(
            folder / "config.json", json.dumps(unique_config, indent=2, sort_keys=True).encode()
        )
        _write_atomically(folder / self._file_name, payload)  # last: its presence means "complete"


def _write_atomically(path: Path, payload: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
