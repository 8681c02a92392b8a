"""task_io: the folder backend, backend selection, and type-aware value comparison."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lineage_ext.errors import ArtifactNotFound, ExportError, InvalidArtifactName, VersionNotFound
from lineage_ext.export import task_io


def test_folder_backend_versions_each_save(folder_store: Path) -> None:
    assert task_io.backend_name() == "folder"
    assert [task_io.save("a", {"n": i}) for i in range(3)] == [1, 2, 3]
    assert task_io.load("a") == {"n": 2}
    assert task_io.load("a", 1) == {"n": 0}
    assert sorted(p.name for p in (folder_store / "task-artifacts" / "a").iterdir()) == [
        "1.pickle",
        "2.pickle",
        "3.pickle",
    ]


def test_missing_artifacts_and_versions_raise_store_errors(folder_store: Path) -> None:
    with pytest.raises(ArtifactNotFound, match="no artifact named 'nope'"):
        task_io.load("nope")
    task_io.save("a", 1)
    with pytest.raises(VersionNotFound, match="no version 7"):
        task_io.load("a", 7)
    with pytest.raises(InvalidArtifactName):
        task_io.save("../escape", 1)


def test_concurrent_saves_get_distinct_versions(folder_store: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        versions = list(pool.map(lambda i: task_io.save("busy", i), range(40)))
    assert sorted(versions) == list(range(1, 41))
    assert sorted(task_io.load("busy", v) for v in range(1, 41)) == list(range(40))


def test_unknown_backend_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(task_io.BACKEND_ENV, "cloud")
    with pytest.raises(ExportError, match="must be 'store' or 'folder'"):
        task_io.load("a")


def test_values_compare_by_type() -> None:
    import numpy as np
    import pandas as pd
    from sklearn.tree import DecisionTreeClassifier

    frame = pd.DataFrame({"a": [1, 2]})
    task_io.assert_same_value(frame.copy(), frame)
    task_io.assert_same_value(np.arange(3), np.arange(3))
    x, y = [[0], [1], [2], [3]], [0, 0, 1, 1]
    task_io.assert_same_value(
        DecisionTreeClassifier(random_state=0).fit(x, y), DecisionTreeClassifier(random_state=0).fit(x, y)
    )
    task_io.assert_same_value({"k": [1, 2.5]}, {"k": [1, 2.5]})
    mismatches = [
        (frame.assign(a=[1, 3]), frame),
        (np.arange(3), np.arange(1, 4)),
        (DecisionTreeClassifier(max_depth=1).fit(x, y), DecisionTreeClassifier().fit(x, y)),
        (
            DecisionTreeClassifier(random_state=0).fit(x, [0, 1, 1, 1]),
            DecisionTreeClassifier(random_state=0).fit(x, y),
        ),
        ({"k": [1, 2]}, {"k": [1, 3]}),
        (1, 1.0),
    ]
    for actual, expected in mismatches:
        with pytest.raises(AssertionError):
            task_io.assert_same_value(actual, expected)
