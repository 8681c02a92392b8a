"""pyarrow tables and polars DataFrames -> parquet, checked to come back equal (schema included).

Both are arrow data already, so parquet keeps them nearly always; the save-time check reads the bytes
back and compares (``Table.equals`` with metadata, ``polars.DataFrame.equals`` plus the schema), and a
difference raises ``NotLossless`` so the store falls through to the next serializer.
"""

from __future__ import annotations

import io
from typing import Any

from lineage_ext.store.blobs import BlobWriter, Buffer

from . import NotLossless, Serializer, is_instance_of


def _is_arrow_table(value: Any) -> bool:
    return is_instance_of(value, "pyarrow", "Table")


def _is_polars_frame(value: Any) -> bool:
    return is_instance_of(value, "polars", "DataFrame")


def _arrow_bytes(table: Any) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    try:
        # arrow names list items "item"; the parquet-compliant "element" would change the schema
        pq.write_table(table, buffer, compression="none", use_compliant_nested_type=False)
    except (pa.ArrowException, ValueError, TypeError) as exc:
        raise NotLossless(f"this table cannot be stored as parquet: {exc}") from exc
    return buffer.getvalue()


def _read_arrow(data: Buffer) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(pa.py_buffer(bytes(data))))


def _write_arrow(value: Any, out: BlobWriter) -> None:
    data = _arrow_bytes(value)
    if not _read_arrow(data).equals(value, check_metadata=True):
        raise NotLossless("parquet would not give back this pyarrow Table unchanged")
    out.write(data)


def _polars_bytes(frame: Any) -> bytes:
    buffer = io.BytesIO()
    try:
        frame.write_parquet(buffer, compression="uncompressed")
    except Exception as exc:  # polars raises its own exception types per dtype
        raise NotLossless(f"this polars DataFrame cannot be stored as parquet: {exc}") from exc
    return buffer.getvalue()


def _read_polars(data: Buffer) -> Any:
    import polars as pl

    return pl.read_parquet(io.BytesIO(bytes(data)))


def _write_polars(value: Any, out: BlobWriter) -> None:
    data = _polars_bytes(value)
    back = _read_polars(data)
    if back.schema != value.schema or not back.equals(value, null_equal=True):
        raise NotLossless("parquet would not give back this polars DataFrame unchanged")
    out.write(data)


SERIALIZERS = (
    Serializer("arrow-parquet", _write_arrow, _read_arrow, matches=_is_arrow_table),
    Serializer("polars-parquet", _write_polars, _read_polars, matches=_is_polars_frame),
)
