"""Previews are capped when saved: cell text, labels and nesting, so a stored preview stays small
whatever the value (the server sends previews in every artifact list)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lineage_ext.store.preview import MAX_PREVIEW_CHARS, capped, make_preview, make_preview_json


def test_dataframe_cells_and_labels_are_cut() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {f"column {'x' * 10_000} {i}": ["v" * 1_000_000] * 3 for i in range(60)},
        index=["i" * 100_000, "j", "k"],
    )
    preview = json.loads(make_preview_json(frame))
    assert len(json.dumps(preview)) <= MAX_PREVIEW_CHARS
    assert preview["shape"] == [3, 60]  # what is kept is still true
    assert preview["kind"] == "dataframe"
    assert all(len(column) <= 100 for column in preview["columns"])
    assert all(len(cell) <= 103 for row in preview["head"] for cell in row)


def test_series_index_labels_are_cut() -> None:
    pandas = pytest.importorskip("pandas")
    series = pandas.Series(["w" * 100_000] * 3, index=["l" * 100_000, "m", "n"], name="n" * 100_000)
    assert len(make_preview_json(series)) <= MAX_PREVIEW_CHARS


def test_nesting_is_cut_without_recursion_errors() -> None:
    deep: Any = "leaf"
    for _ in range(5_000):
        deep = {"k": [deep]}
    safe = capped(deep)
    text = json.dumps(safe)
    assert len(text) < 2_000
    assert "..." in text


def test_wide_nested_values_stay_bounded() -> None:
    wide = {f"key{i}": {f"inner{j}": "x" * 10_000 for j in range(100)} for i in range(100)}
    assert len(json.dumps(capped(wide))) <= MAX_PREVIEW_CHARS  # 500 values of 100 characters at most
    assert len(make_preview_json(wide)) <= MAX_PREVIEW_CHARS
    assert make_preview(wide)["kind"] == "collection"
