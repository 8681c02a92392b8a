"""Metadata rows are read by column name on every backend, and the tables are the schema's ``Table``s."""

from __future__ import annotations

import pytest

from lineage_ext.store import ArtifactStore
from lineage_ext.store.metadata.schema import ARTIFACTS, TABLES


def test_rows_are_read_by_name_and_never_by_position(store: ArtifactStore) -> None:
    store.save_value([1, 2, 3], "numbers")
    with store.metadata.read() as tx:
        row = tx.fetchone("SELECT name, version FROM artifacts")
        assert row == {"name": "numbers", "version": 1}
        assert row is not None
        assert (row["name"], row["version"]) == ("numbers", 1)
        with pytest.raises(KeyError):
            row[0]  # type: ignore[index]
        with pytest.raises(TypeError):
            _name, _version = row  # unpacking would otherwise give the column names
        with pytest.raises(ValueError, match="twice"):
            tx.fetchall("SELECT name, name FROM artifacts")
        assert tx.fetchone("SELECT name FROM artifacts WHERE name = 'missing'") is None


def test_every_table_has_the_columns_its_definition_lists(store: ArtifactStore) -> None:
    with store.metadata.read() as tx:
        for table in TABLES:
            if store.metadata.kind == "sqlite":
                found = tx.fetchall(f"SELECT name FROM pragma_table_info('{table.name}') ORDER BY cid")
            else:
                found = tx.fetchall(
                    "SELECT column_name AS name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                    (table.name,),
                )
            assert tuple(row["name"] for row in found) == table.column_names, table.name


def test_a_select_list_names_only_columns_the_table_has() -> None:
    assert ARTIFACTS.select("name", "version", alias="a") == "a.name, a.version"
    with pytest.raises(ValueError, match="no column nmae"):
        ARTIFACTS.select("nmae")
