"""The widget viewers of artifacts: what ``Artifact.visualize()`` and the catalog's notebook display use.

The widgets sit above this layer, so these classes cannot import them. The package root
(``lineage_ext/__init__.py``, above every layer) registers the widget viewers here when it is imported,
which is before any artifact exists. The plain HTML and text reprs need only metadata and stay in
``artifact``/``catalog``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import LineageError

if TYPE_CHECKING:
    from .artifact import Artifact
    from .catalog import ArtifactCatalog

ArtifactViewer = Callable[["Artifact"], Any]
CatalogBundle = Callable[["ArtifactCatalog"], dict[str, Any]]


@dataclass
class _Viewers:
    artifact: ArtifactViewer | None = None
    catalog: CatalogBundle | None = None


_VIEWERS = _Viewers()


def register_viewers(artifact_view: ArtifactViewer, catalog_bundle: CatalogBundle) -> None:
    """Install the functions that draw an artifact's lineage and the catalog's display bundle."""
    _VIEWERS.artifact, _VIEWERS.catalog = artifact_view, catalog_bundle


def artifact_view(artifact: Artifact) -> Any:
    if _VIEWERS.artifact is None:
        raise _unregistered("artifact")
    return _VIEWERS.artifact(artifact)


def catalog_bundle(catalog: ArtifactCatalog) -> dict[str, Any]:
    if _VIEWERS.catalog is None:
        raise _unregistered("catalog")
    return _VIEWERS.catalog(catalog)


def _unregistered(kind: str) -> LineageError:
    return LineageError(f"no {kind} viewer is registered (the lineage_ext package root registers them)")
