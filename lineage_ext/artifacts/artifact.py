"""``Artifact``: the user-facing handle on one stored version (what ``save`` and ``get`` return).

The value is loaded on first ``get_value()``. ``get_code()`` and ``execute()`` come from the slicer
(``lineage_ext.slicing.entry_points``), ``visualize()`` from the widget viewer the package root registers in
``display``; the HTML repr needs only the stored metadata.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import CodeNotCaptured

from . import display

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactInfo, ArtifactStore, Lineage

_NOT_LOADED = object()


class Artifact:
    """One version of a named artifact."""

    def __init__(
        self,
        store: ArtifactStore,
        info: ArtifactInfo,
        on_load: Callable[[Any, str, int], None] | None = None,
    ) -> None:
        self._store = store
        self._info = info
        self._value: Any = _NOT_LOADED
        self._on_load = on_load

    @property
    def name(self) -> str:
        return self._info.name

    @property
    def version(self) -> int:
        return self._info.version

    @property
    def date_created(self) -> datetime:
        return self._info.date_created

    @property
    def info(self) -> ArtifactInfo:
        return self._info

    @property
    def store(self) -> ArtifactStore:
        return self._store

    def get_value(self, allow_pickle: bool | None = None) -> Any:
        """The stored value (loaded once, hash-checked).

        A pickle-based value (``metadata["serializer"]``) loads by default only from a private local store
        and when you wrote it; ``allow_pickle=True`` loads it anyway (see ``store.trust``).
        """
        if self._value is _NOT_LOADED:
            self._value = self._store.load_value(self.name, self.version, allow_pickle=allow_pickle)
            if self._on_load is not None:
                self._on_load(self._value, self.name, self.version)
        return self._value

    def get_code(self, include_non_slice_as_comment: bool = False) -> str:
        """The minimal code that recomputes this value (from the slicing package)."""
        from lineage_ext.slicing.entry_points import artifact_code

        self._require_code()
        return artifact_code(self, include_non_slice_as_comment=include_non_slice_as_comment)

    def execute(self) -> Any:
        """Re-run this version's slice here and return the recomputed value (LineaPy's ``execute``)."""
        from lineage_ext.slicing.entry_points import get_function

        self._require_code()
        return get_function([(self.name, self.version)])()[self.name]

    @property
    def code_state(self) -> dict[str, Any]:
        """Whether `get_code()` is verified, repaired or failed, and why (re-read from the store).

        Keys: `state` (a verification status), `reason`, and after a repair attempt `added` (the
        statements a repair had to add, each with its kind and why), `pattern` and `closest_code`.
        """
        info = self._store.info(self.name, self.version, with_lineage=False)
        state: dict[str, Any] = {"state": info.verification_status, "reason": info.verification_reason}
        repair = self._store.get_repair(self.name, self.version)
        if repair is not None and info.verification_status in ("repaired", "failed"):
            state["added"] = [dict(item) for item in repair.added]
            state["pattern"] = repair.pattern
            state["closest_code"] = repair.code if repair.state == "failed" else None
        return state

    def get_session_code(self) -> str:
        """All code of the session that saved this value, in execution order."""
        self._require_code()
        code = self._store.get_session_code(self.name, self.version)
        if code is None:
            raise CodeNotCaptured(f"no session code was stored for {self.name!r} version {self.version}")
        return code

    def get_graph_snapshot(self) -> dict[str, Any] | None:
        """The session graph JSON at the time of the save (None outside a traced session)."""
        return self._store.get_graph_snapshot(self.name, self.version)

    @property
    def lineage(self) -> Lineage:
        """Inputs (artifacts, files) this version was computed from, and artifacts computed from it."""
        info = self._store.info(self.name, self.version, with_lineage=True)
        assert info.lineage is not None
        return info.lineage

    @property
    def metadata(self) -> dict[str, Any]:
        """Type, serializer, size, preview (shape/dtypes/head), verification, origin."""
        info = self._info
        return {
            "type": info.type_name,
            "serializer": info.serializer,
            "pickle_based": info.pickle_based,
            "size_bytes": info.size_bytes,
            "preview": info.preview,
            "code_captured": info.code_captured,
            "verification": {"status": info.verification_status, "reason": info.verification_reason},
            "session_id": info.session_id,
            "notebook_path": info.notebook_path,
            "variable_name": info.variable_name,
        }

    def visualize(self) -> Any:
        """This artifact's lineage as a graph widget (an SVG outside widget frontends)."""
        return display.artifact_view(self)

    def _require_code(self) -> None:
        if not self._info.code_captured:
            raise CodeNotCaptured(
                f"artifact {self.name!r} version {self.version} was saved outside a traced session, "
                "so no code was recorded (load the extension with %load_ext lineage_ext before saving)"
            )

    def __repr__(self) -> str:
        created = self.date_created.strftime("%Y-%m-%d %H:%M:%S")
        kind = self._info.type_name
        return f"Artifact(name={self.name!r}, version={self.version}, type={kind}, created={created})"

    def _repr_html_(self) -> str:
        info = self._info
        pickled = " (pickle: loads only where trusted)" if info.pickle_based else ""
        rows = [
            ("version", str(info.version)),
            ("created", info.date_created.strftime("%Y-%m-%d %H:%M:%S UTC")),
            ("type", info.type_name),
            ("stored as", info.serializer + pickled),
            ("size", _human_size(info.size_bytes)),
            ("code", "captured" if info.code_captured else "not captured"),
            ("verification", info.verification_status),
        ]
        body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
        return f"<div><strong>Artifact {html.escape(info.name)}</strong><table>{body}</table></div>"


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
