"""pandas -> parquet (pyarrow) and numpy -> npy without pickle.

parquet only keeps what arrow can type: a column of sets or tuples, mixed types or non-string column
names would come back different. Before writing, the arrow table is turned back into pandas and compared
exactly (always when a column or the index holds Python objects, and for any frame up to
``CHECK_ALL_CELLS`` cells); a difference raises ``NotLossless`` and the store tries the next serializer.
Large frames of typed columns skip the check: arrow keeps numbers, strings, times and categoricals as is.
"""

from __future__ import annotations

import io
import json
import warnings
from typing import Any

from lineage_ext.errors import SerializationError
from lineage_ext.store.blobs import BlobWriter, Buffer

from . import NotLossless, Serializer, is_instance_of

_SERIES_COLUMN = "__lineage_ext_series__"
_SERIES_NAME_KEY = b"lineage_ext.series_name"
_MAX_ROW_GROUP_ROWS = 64 * 1024 * 1024
CHECK_ALL_CELLS = 1_000_000


def _is_dataframe(value: Any) -> bool:
    return is_instance_of(value, "pandas", "DataFrame")


def _is_series(value: Any) -> bool:
    return is_instance_of(value, "pandas", "Series")


def _to_table(value: Any) -> Any:
    import pyarrow as pa

    try:
        with warnings.catch_warnings():
            # pyarrow only warns when column names will not round-trip; for a store that is an error
            warnings.simplefilter("error", UserWarning)
            return pa.Table.from_pandas(value, preserve_index=None)
    except (pa.ArrowException, TypeError, ValueError, UserWarning) as exc:
        raise NotLossless(
            f"this {type(value).__name__} cannot be stored as parquet ({exc}); column names must be "
            "strings and columns of one type. Pass storage_backend='pickle' to opt in to pickle"
        ) from exc


def _checked_table(value: Any) -> Any:
    """The arrow table of a DataFrame/Series, after checking it converts back to an equal value."""
    table = _to_table(value)
    if _needs_check(value):
        _require_equal(value, table)
    return table


def _needs_check(value: Any) -> bool:
    frame = value  # a Series arrives as a one-column frame (``_write_series``)
    indexes = (frame.index, frame.columns)
    objects = any(dtype.kind == "O" for dtype in frame.dtypes) or any(i.dtype.kind == "O" for i in indexes)
    return bool(objects or frame.size <= CHECK_ALL_CELLS)


def _require_equal(value: Any, table: Any) -> None:
    import pandas.testing as pdt

    back = table.to_pandas()
    try:
        pdt.assert_frame_equal(back, value, check_exact=True, check_freq=False)
    except (AssertionError, TypeError, ValueError) as exc:
        first = " ".join(str(exc).split())[:300]
        raise NotLossless(
            f"parquet would not give back this {type(value).__name__} unchanged: {first}"
        ) from exc


def _write_table(table: Any, out: BlobWriter, compression: str = "none") -> None:
    import pyarrow.parquet as pq

    # numeric data rarely compresses and never gains from dictionaries: skipping both for numeric
    # columns keeps saves near raw disk speed, while text columns still get dictionary encoding
    dictionary_columns = [f.name for f in table.schema if not _is_numeric(f.type)]
    # one row group (up to a cap) reads back as one chunk per column, which pandas can then
    # adopt without copying; pyarrow's own file writer is much faster than a Python file object
    row_group_rows = min(max(table.num_rows, 1), _MAX_ROW_GROUP_ROWS)
    try:
        pq.write_table(
            table,
            out.temp_path,
            compression=compression,
            use_dictionary=dictionary_columns,
            write_statistics=False,
            row_group_size=row_group_rows,
        )
    except ValueError as exc:  # unknown codec
        raise SerializationError(f"cannot write parquet: {exc}") from exc
    out.adopt_written_file()


def _is_numeric(arrow_type: Any) -> bool:
    import pyarrow as pa

    return bool(
        pa.types.is_floating(arrow_type) or pa.types.is_integer(arrow_type) or pa.types.is_boolean(arrow_type)
    )


def _read_table(data: Buffer) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(pa.BufferReader(pa.py_buffer(data)))
    metadata = parquet.metadata
    largest = max((metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)), default=0)
    if largest == 0:
        return parquet.read()
    # batches as large as a row group: one chunk per column and row group, not one per 64k rows
    batches = list(parquet.iter_batches(batch_size=largest))
    return pa.Table.from_batches(batches, schema=parquet.schema_arrow)


def _write_parquet(value: Any, out: BlobWriter, compression: str = "none") -> None:
    _write_table(_checked_table(value), out, compression)


def _read_parquet(data: Buffer) -> Any:
    return _to_pandas(_read_table(data))


def _to_pandas(table: Any) -> Any:
    # split_blocks + self_destruct hand each column's memory to pandas instead of copying it
    # into one consolidated 2-D block: about twice as fast and half the peak memory
    return table.to_pandas(split_blocks=True, self_destruct=True)


def _write_series(value: Any, out: BlobWriter, compression: str = "none") -> None:
    table = _checked_table(value.to_frame(name=_SERIES_COLUMN))
    metadata = dict(table.schema.metadata or {})
    try:
        metadata[_SERIES_NAME_KEY] = json.dumps(value.name).encode("utf-8")
    except TypeError as exc:
        raise SerializationError(f"the Series name {value.name!r} cannot be stored") from exc
    _write_table(table.replace_schema_metadata(metadata), out, compression)


def _read_series(data: Buffer) -> Any:
    table = _read_table(data)
    name = json.loads((table.schema.metadata or {}).get(_SERIES_NAME_KEY, b"null"))
    series = _to_pandas(table)[_SERIES_COLUMN]
    series.name = name
    return series


def _is_plain_ndarray(value: Any) -> bool:
    return is_instance_of(value, "numpy", "ndarray") and not value.dtype.hasobject


def _write_npy(value: Any, out: BlobWriter) -> None:
    import numpy as np

    if not is_instance_of(value, "numpy", "ndarray"):
        raise SerializationError(f"the 'npy' backend needs a numpy array, not {type(value).__name__}")
    if value.dtype.hasobject:
        raise SerializationError(
            "numpy arrays of Python objects cannot be stored without pickle; pass storage_backend='pickle'"
        )
    np.save(out, value, allow_pickle=False)


def _read_npy(data: Buffer) -> Any:
    import numpy as np

    return np.load(io.BytesIO(data), allow_pickle=False)


SERIALIZERS = (
    Serializer("parquet", _write_parquet, _read_parquet, matches=_is_dataframe, options=("compression",)),
    Serializer("parquet-series", _write_series, _read_series, matches=_is_series, options=("compression",)),
    Serializer("npy", _write_npy, _read_npy, matches=_is_plain_ndarray),
)
