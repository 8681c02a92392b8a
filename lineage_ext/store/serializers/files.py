"""``files``: the content of the files a session wrote (``sideeffects.WrittenFiles``), as one zip.

``manifest.json`` names the kind (``file_system`` or ``db``) and the paths in order; entry ``N`` holds the
N-th file's bytes (a database as a consistent SQLite backup). Loading gives ``sideeffects.StoredFiles``.
Fixed timestamps keep the bytes, and so the blob hash, the same for the same content.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from lineage_ext.errors import SerializationError
from lineage_ext.store.blobs import BlobWriter, Buffer
from lineage_ext.store.sideeffects import StoredFiles, WrittenFiles

from . import Serializer

_EPOCH = (1980, 1, 1, 0, 0, 0)


def _write_files(value: Any, out: BlobWriter) -> None:
    if not isinstance(value, WrittenFiles):
        raise SerializationError(f"the 'files' backend stores written files, not a {type(value).__name__}")
    try:
        contents = value.read()
    except OSError as exc:
        raise SerializationError(f"cannot read a written file to save it: {exc}") from exc
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        manifest = {"kind": value.kind, "paths": list(contents)}
        archive.writestr(zipfile.ZipInfo("manifest.json", _EPOCH), json.dumps(manifest))
        for index, content in enumerate(contents.values()):
            archive.writestr(zipfile.ZipInfo(str(index), _EPOCH), content, zipfile.ZIP_DEFLATED)
    out.write(buffer.getvalue())


def _read_files(data: Buffer) -> StoredFiles:
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        files = {path: archive.read(str(index)) for index, path in enumerate(manifest["paths"])}
    return StoredFiles(manifest["kind"], files)


SERIALIZERS = (Serializer("files", _write_files, _read_files, matches=lambda v: isinstance(v, WrittenFiles)),)
