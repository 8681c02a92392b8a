"""``ArtifactResultsStore``: task results kept as versioned artifacts of the artifact store.

Each result is saved with ``ArtifactStore.save_value`` under the artifact name
``<prefix>.<task name>.<first 16 hex digits of the config hash>`` (e.g. ``flow.train.3f2a9c...``), so it
shows up in ``lineage_ext.artifact_store()``, the CLI and the panel like any other artifact. A stored
result is found again by that name (the latest version wins); a forced re-run adds a version.

Lineage: each result artifact lists the result artifacts of its task's predecessors, at the exact
versions the task consumed, as lineage inputs (``save_value(..., inputs=...)``), so
``Query().with_input_artifact("flow.prepare.<hash>")`` finds what was computed from a result. The
scheduler loads or saves every predecessor's result through this store before a task's own result is
saved, so the store remembers which artifact version holds each config hash it has seen.

Values go through the store's own serializer choice: safe formats by default (JSON, parquet, npy, ...);
``storage_backend="pickle"`` opts in to pickle for other types, with the store's usual trust rules.

The store is opened lazily with ``lineage_ext.store.open_store(uri)`` (``uri=None`` follows the usual
location rule). It is used directly rather than through ``lineage_ext.api.save`` so that a flow started in
a traced notebook does not attach that notebook's code to values computed by worker processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lineage_ext.errors import ArtifactNotFound, InvalidArtifactName, RuntimeGraphError

from .stores import MISSING

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactStore

HASH_DIGITS = 16


class ArtifactResultsStore:
    def __init__(
        self,
        uri: str | None = None,
        prefix: str = "flow",
        storage_backend: str | None = None,
        store: ArtifactStore | None = None,
    ) -> None:
        self.uri = uri
        self.prefix = prefix
        self.storage_backend = storage_backend
        self._store = store
        # config hash -> (artifact name, version) of every result loaded or saved through this store
        self._versions: dict[str, tuple[str, int]] = {}

    @property
    def store(self) -> ArtifactStore:
        if self._store is None:
            from lineage_ext.store import open_store

            self._store = open_store(self.uri)
        return self._store

    def artifact_name(self, task_name: str, config_hash: str) -> str:
        from lineage_ext.store.names import validate_name

        name = f"{self.prefix}.{task_name}.{config_hash[:HASH_DIGITS]}"
        try:
            return validate_name(name)
        except InvalidArtifactName as exc:
            raise RuntimeGraphError(f"task {task_name!r} cannot name an artifact: {exc}") from exc

    def load(self, task_name: str, config_hash: str) -> Any:
        name = self.artifact_name(task_name, config_hash)
        try:
            version = self.store.info(name, with_lineage=False).version
            value = self.store.load_value(name, version)
        except ArtifactNotFound:
            return MISSING
        self._versions[config_hash] = (name, version)
        return value

    def save(self, task_name: str, config_hash: str, value: Any, unique_config: dict[str, Any]) -> None:
        name = self.artifact_name(task_name, config_hash)
        info = self.store.save_value(
            value, name, storage_backend=self.storage_backend, inputs=self._predecessor_results(unique_config)
        )
        self._versions[config_hash] = (name, info.version)

    def _predecessor_results(self, unique_config: dict[str, Any]) -> list[tuple[str, int]]:
        """The (artifact name, version) of each predecessor result this store loaded or saved."""
        requires: dict[str, str] = unique_config.get("requires", {})
        return [self._versions[digest] for digest in requires.values() if digest in self._versions]
