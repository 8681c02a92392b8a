"""Artifacts as their users see them: the ``Artifact`` handle, the ``ArtifactCatalog`` listing, the mirrors.

This layer sits above ``store`` (which only stores) and ``slicing`` (which computes code), and below the
export, runtime and public API that hand artifacts out: ``artifact`` (one stored version: value, code,
lineage, metadata, HTML repr), ``catalog`` (a listing that displays itself), ``display`` (the widget
viewers the package root plugs in, since the widgets sit above this layer) and ``mirrors`` (MLflow and
OpenLineage after each save and load). Importing this package stays cheap: names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lineage_ext._lazy import lazy_getattr

if TYPE_CHECKING:
    from .artifact import Artifact
    from .catalog import ArtifactCatalog

_PUBLIC = {"Artifact": "artifact", "ArtifactCatalog": "catalog"}

__all__ = ["Artifact", "ArtifactCatalog"]

__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())
