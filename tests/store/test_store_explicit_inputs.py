"""Lineage inputs given explicitly to ``save_value(..., inputs=...)``, on every backend combination."""

from __future__ import annotations

import pytest
from store_helpers import make_capture

from lineage_ext.errors import ArtifactNotFound, InvalidArtifactName, VersionNotFound
from lineage_ext.store import ArtifactInfo, ArtifactStore, LineageRef


def _names(found: list[ArtifactInfo]) -> list[tuple[str, int]]:
    return [(info.name, info.version) for info in found]


def test_explicit_inputs_are_recorded_and_queryable(store: ArtifactStore) -> None:
    store.save_value([1, 2, 3], "raw")
    store.save_value([4, 5, 6], "raw")
    store.save_value({"n": 3}, "params")
    saved = store.save_value(21, "total", inputs=[("raw", 2), ("params", 1)])
    assert not saved.code_captured
    info = store.info("total")
    assert info.lineage is not None
    assert info.lineage.inputs == (LineageRef("artifact", "params", 1), LineageRef("artifact", "raw", 2))
    raw = store.info("raw", 2)
    assert raw.lineage is not None
    assert raw.lineage.outputs == (LineageRef("artifact", "total", 1),)
    assert _names(store.query(input_artifacts=[("raw", None)])) == [("total", 1)]
    assert _names(store.query(input_artifacts=[("raw", 2), ("params", 1)])) == [("total", 1)]
    assert store.query(input_artifacts=[("raw", 1)]) == []
    assert _names(store.query(output_artifacts=[("total", 1)])) == [("params", 1), ("raw", 2)]


def test_explicit_inputs_merge_with_captured_ones_without_duplicates(store: ArtifactStore) -> None:
    store.save_value(1, "raw")
    store.save_value(2, "extra")
    capture = make_capture("clean", inputs=[("raw", 1)], files=[("in.csv", "ab" * 32)])
    store.save_value(10, "clean", capture=capture, inputs=[("raw", 1), ("extra", 1), ("extra", 1)])
    info = store.info("clean")
    assert info.code_captured
    assert info.lineage is not None
    assert info.lineage.inputs == (
        LineageRef("artifact", "extra", 1),
        LineageRef("artifact", "raw", 1),
        LineageRef("file", "in.csv", None, "ab" * 32),
    )


@pytest.mark.parametrize(
    ("inputs", "error", "message"),
    [
        ([("missing", 1)], ArtifactNotFound, "input 'missing' version 1 cannot be recorded: no artifact"),
        ([("raw", 1), ("raw", 7)], VersionNotFound, "input 'raw' version 7 .*existing versions: 1"),
        ([("raw", 0)], ValueError, "version number >= 1"),
        ([("raw", True)], ValueError, "version number >= 1"),
        ([("raw", "latest")], ValueError, "version number >= 1"),
        ([("raw",)], ValueError, r"\(name, version\) pair"),
        ([("../raw", 1)], InvalidArtifactName, "path separator"),
    ],
)
def test_bad_inputs_raise_and_write_nothing(
    store: ArtifactStore, inputs: list[tuple[str, int]], error: type[Exception], message: str
) -> None:
    store.save_value(1, "raw")
    blobs_before = sorted(entry.digest or "" for entry in store.blobs.entries())
    with pytest.raises(error, match=message):
        store.save_value({"never": "stored"}, "derived", inputs=inputs)
    assert sorted(entry.digest or "" for entry in store.blobs.entries()) == blobs_before
    with pytest.raises(ArtifactNotFound):
        store.info("derived")
    assert store.save_value(2, "derived", inputs=[("raw", 1)]).version == 1


def test_an_input_deleted_later_leaves_the_row_but_not_the_version(store: ArtifactStore) -> None:
    store.save_value(1, "raw")
    store.save_value(1.5, "raw")
    store.save_value(2, "derived", inputs=[("raw", 1)])
    store.delete("raw", 1)
    info = store.info("derived")
    assert info.lineage is not None
    assert info.lineage.inputs == (LineageRef("artifact", "raw", 1),)
    with pytest.raises(VersionNotFound, match="input 'raw' version 1"):
        store.save_value(3, "derived", inputs=[("raw", 1)])
    assert [v.version for v in store.versions("derived")] == [1]


def test_numpy_scalars_round_trip_on_every_backend(store: ArtifactStore) -> None:
    import numpy as np

    store.save_value(np.float32(0.1), "metric")
    loaded = store.load_value("metric")
    assert type(loaded) is np.float32
    assert loaded == np.float32(0.1)
