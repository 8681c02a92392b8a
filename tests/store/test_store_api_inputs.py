"""``lineage_ext.api.save(..., inputs=...)``: lineage for values saved by plain scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage_ext import api
from lineage_ext.errors import VersionNotFound
from lineage_ext.store import LineageRef


def test_save_records_explicit_inputs_that_query_and_info_show(store_dir: Path) -> None:
    raw = api.save([3, 1, 2], "raw")
    model = api.save({"coef": 0.5}, "model", inputs=[(raw.name, raw.version)])
    assert model.lineage.inputs == (LineageRef("artifact", "raw", 1),)
    assert api.get("raw").lineage.outputs == (LineageRef("artifact", "model", 1),)
    found = api.Query().with_input_artifact("raw").all()
    assert [(found_one.name, found_one.version) for found_one in found] == [("model", 1)]
    assert api.Query().with_input_artifact("raw", 2).all() == []


def test_save_with_a_missing_input_raises_and_saves_nothing(store_dir: Path) -> None:
    api.save(1, "raw")
    with pytest.raises(VersionNotFound, match="input 'raw' version 2"):
        api.save(2, "model", inputs=[("raw", 2)])
    assert [(info.name, info.version) for info in api.artifact_store().infos] == [("raw", 1)]


def test_inputs_is_keyword_only(store_dir: Path) -> None:
    api.save(1, "raw")
    with pytest.raises(TypeError):
        api.save(2, "model", None, [("raw", 1)])  # type: ignore[call-arg]
