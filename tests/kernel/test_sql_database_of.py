"""``database_of`` names the database a sqlite3 connection or cursor talks to, whatever rows it returns."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from lineage_ext.kernel.sql import database_of


def _dict_row(cursor: sqlite3.Cursor, values: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, values, strict=True)}


@pytest.mark.parametrize(
    ("row_factory", "row_type"), [(None, tuple), (sqlite3.Row, sqlite3.Row), (_dict_row, dict)]
)
def test_a_file_database_is_named_by_its_absolute_path(
    tmp_path: Path, row_factory: Any, row_type: type
) -> None:
    connection = sqlite3.connect(tmp_path / "shop.db")
    connection.row_factory = row_factory
    try:
        assert database_of(connection) == os.path.abspath(tmp_path / "shop.db")
        assert database_of(connection.cursor()) == os.path.abspath(tmp_path / "shop.db")
        # the notebook's own queries still get the rows it asked for
        assert type(connection.execute("SELECT 1 AS one").fetchone()) is row_type
    finally:
        connection.close()


def test_an_in_memory_database_is_named_by_its_connection() -> None:
    connection = sqlite3.connect(":memory:")
    try:
        assert database_of(connection) == f"sqlite-memory-{id(connection)}"
    finally:
        connection.close()
    assert database_of(connection) is None  # closed: nothing to name
