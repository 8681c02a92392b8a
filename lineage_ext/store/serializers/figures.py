"""matplotlib figures -> PNG and SVG renderings (a figure object itself cannot be stored safely).

An Axes or any other artist that belongs to a figure (a line, an image, a legend...) is stored as the
rendering of its whole figure: that is what the user sees, and a lone artist cannot be rendered.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from lineage_ext.store.blobs import BlobWriter, Buffer

from . import Serializer, is_instance_of


@dataclass(frozen=True)
class StoredFigure:
    """A saved figure as images; displays itself in notebooks."""

    png: bytes
    svg: str

    def _repr_png_(self) -> bytes:
        return self.png

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"StoredFigure(png={len(self.png)} bytes, svg={len(self.svg)} chars)"


def _is_figure(value: Any) -> bool:
    if is_instance_of(value, "matplotlib.figure", "Figure"):
        return True
    return is_instance_of(value, "matplotlib.artist", "Artist") and _owning_figure(value) is not None


def _owning_figure(artist: Any) -> Any:
    figure = artist.get_figure() if hasattr(artist, "get_figure") else getattr(artist, "figure", None)
    # subfigures belong to a top-level figure, which is what can be rendered
    while figure is not None and not is_instance_of(figure, "matplotlib.figure", "Figure"):
        figure = figure.get_figure() if hasattr(figure, "get_figure") else None
    return figure


def _write_figure(value: Any, out: BlobWriter) -> None:
    if not is_instance_of(value, "matplotlib.figure", "Figure"):
        value = _owning_figure(value)
    png, svg = io.BytesIO(), io.BytesIO()
    value.savefig(png, format="png")
    value.savefig(svg, format="svg")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        # a fixed timestamp keeps the bytes (and so the content hash) reproducible
        archive.writestr(zipfile.ZipInfo("figure.png", (1980, 1, 1, 0, 0, 0)), png.getvalue())
        archive.writestr(zipfile.ZipInfo("figure.svg", (1980, 1, 1, 0, 0, 0)), svg.getvalue())
    out.write(buffer.getvalue())


def _read_figure(data: Buffer) -> StoredFigure:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return StoredFigure(archive.read("figure.png"), archive.read("figure.svg").decode("utf-8"))


SERIALIZERS = (Serializer("figure", _write_figure, _read_figure, matches=_is_figure),)
