"""PIL images -> PNG, when PNG gives back the same pixels, mode, size and metadata.

PNG is lossless for the modes it supports (1, L, LA, P, RGB, RGBA, I, I;16); other modes (CMYK, F,
YCbCr...) and images whose ``info`` PNG would not keep raise ``NotLossless`` after the save-time round
trip, and the store falls through to the next serializer. A loaded image is a plain ``PIL.Image.Image``
(not a ``PngImageFile``), so it compares equal to the one that was saved.
"""

from __future__ import annotations

import io
from typing import Any

from lineage_ext.store.blobs import BlobWriter, Buffer

from . import NotLossless, Serializer, is_instance_of


def _is_image(value: Any) -> bool:
    return is_instance_of(value, "PIL.Image", "Image")


def _png(value: Any) -> bytes:
    buffer = io.BytesIO()
    try:
        value.save(buffer, format="PNG")
    except (OSError, ValueError, KeyError) as exc:
        raise NotLossless(f"a {value.mode} image cannot be stored as PNG: {exc}") from exc
    return buffer.getvalue()


def _read_png(data: Buffer) -> Any:
    from PIL import Image

    with Image.open(io.BytesIO(bytes(data))) as opened:
        opened.load()
        return opened.copy()  # a plain Image, detached from the decoder


def _write_png(value: Any, out: BlobWriter) -> None:
    data = _png(value)
    back = _read_png(data)
    if back != value:
        raise NotLossless(f"PNG would not give back this {value.mode} image unchanged")
    out.write(data)


SERIALIZERS = (Serializer("png", _write_png, _read_png, matches=_is_image),)
