"""``ArtifactCatalog``: what ``lineage_ext.artifact_store()`` returns, a listing that displays itself.

In a notebook it renders as an HTML table, in a terminal as a plain text table.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import display
from .artifact import Artifact, _human_size

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactInfo, ArtifactStore

_HEADERS = ("name", "version", "created (UTC)", "type", "size", "code", "verification")


class ArtifactCatalog:
    """A snapshot of the artifacts of a store, newest first."""

    def __init__(self, store: ArtifactStore, infos: list[ArtifactInfo]) -> None:
        self.store = store
        self.infos = infos

    @property
    def artifacts(self) -> list[Artifact]:
        return [Artifact(self.store, info) for info in self.infos]

    def __len__(self) -> int:
        return len(self.infos)

    def __iter__(self) -> Iterator[Artifact]:
        return iter(self.artifacts)

    def rows(self) -> list[tuple[str, ...]]:
        return [
            (
                info.name,
                str(info.version),
                info.date_created.strftime("%Y-%m-%d %H:%M:%S"),
                info.type_name,
                _human_size(info.size_bytes),
                "yes" if info.code_captured else "no",
                info.verification_status,
            )
            for info in self.infos
        ]

    def __str__(self) -> str:
        rows = self.rows()
        if not rows:
            return f"no artifacts in {self.store.describe()}"
        widths = [max(len(row[i]) for row in [_HEADERS, *rows]) for i in range(len(_HEADERS))]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                 for row in [_HEADERS, *rows]]  # fmt: skip
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ArtifactCatalog({len(self.infos)} artifact versions)"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The interactive table widget in notebooks, an HTML table without widgets."""
        return display.catalog_bundle(self)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in _HEADERS)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in self.rows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
