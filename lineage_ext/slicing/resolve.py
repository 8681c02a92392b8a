"""Finding the artifacts a multi-artifact request names: names, (name, version) pairs or `Artifact`s.

Owns turning each into its stored metadata and recorded graph (grouped by session, newest snapshot per
session, since a session's graph only grows), with clear `ArtifactNotFound`/`VersionNotFound`/
`CodeNotCaptured` errors. Names are looked up in the process's current store (`store.current`); an
`Artifact` (the artifacts layer, above this one) is read through `ArtifactHandle`. Values are never
loaded here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from lineage_ext.errors import CodeNotCaptured, SliceError
from lineage_ext.ir import ReadableGraph

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactInfo, ArtifactStore


class ArtifactHandle(Protocol):
    """What slicing reads from an `Artifact`: its stored metadata and the store holding it."""

    @property
    def info(self) -> ArtifactInfo: ...

    @property
    def store(self) -> ArtifactStore: ...


@dataclass(frozen=True)
class ArtifactRef:
    name: str
    version: int
    node_id: str
    session_id: str


@dataclass
class SessionGroup:
    session_id: str
    graph: ReadableGraph
    artifacts: list[ArtifactRef] = field(default_factory=list)
    reused: list[ArtifactRef] = field(default_factory=list)


def _stored(item: Any) -> tuple[ArtifactStore, ArtifactInfo]:
    """The store holding `item` and its metadata (for a name: the latest version in the current store)."""
    from lineage_ext.store.current import current_store

    if hasattr(item, "info") and hasattr(item, "store"):
        return item.store, item.info
    if isinstance(item, str):
        name, version = item, None
    elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        name, version = item[0], None if item[1] in (None, "latest") else int(item[1])
    else:
        raise SliceError(f"an artifact must be a name, a (name, version) pair or an Artifact, not {item!r}")
    store = current_store()
    return store, store.info(name, version, with_lineage=False)


def _info_and_graph(item: Any) -> tuple[ArtifactInfo, ReadableGraph]:
    from .entry_points import graph_from_snapshot

    store, info = _stored(item)
    snapshot = store.get_graph_snapshot(info.name, info.version)
    if not info.code_captured or snapshot is None or info.node_id is None or info.session_id is None:
        raise CodeNotCaptured(
            f"artifact {info.name!r} version {info.version} was saved without captured code, so no "
            "function can be built for it (save it from a traced session)"
        )
    return info, graph_from_snapshot(snapshot)


def group_by_session(artifacts: Sequence[Any], reuse: Sequence[Any]) -> list[SessionGroup]:
    """Requested artifacts grouped by the session that saved them, in the order first named."""
    if isinstance(artifacts, str) or not artifacts:
        raise SliceError("pass a non-empty list of artifacts (names, (name, version) pairs or Artifacts)")
    groups: dict[str, SessionGroup] = {}
    for item in artifacts:
        info, graph = _info_and_graph(item)
        ref = ArtifactRef(info.name, info.version, str(info.node_id), str(info.session_id))
        group = groups.get(ref.session_id)
        if group is None:
            group = groups[ref.session_id] = SessionGroup(ref.session_id, graph)
        elif graph.revision > group.graph.revision:
            group.graph = graph
        if all((a.name, a.version) != (ref.name, ref.version) for a in group.artifacts):
            group.artifacts.append(ref)
    for item in reuse:
        try:
            info, _ = _info_and_graph(item)
        except CodeNotCaptured:  # saved without code: it is not a node of any session graph
            continue
        ref = ArtifactRef(info.name, info.version, str(info.node_id), str(info.session_id))
        if ref.session_id in groups:
            groups[ref.session_id].reused.append(ref)
    return list(groups.values())
