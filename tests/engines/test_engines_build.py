"""The engine venv builder: stamps make unchanged pins free, changed pins rebuild, bad names fail clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.engines import build


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An engines folder and a pins file of our own: one engine with no packages (no network needed)."""
    pins = tmp_path / "pins.toml"
    pins.write_text("[common]\npackages = []\n\n[engines.bare]\npackages = []\n")
    monkeypatch.setenv("LINEAGE_EXT_ENGINE_PINS", str(pins))
    monkeypatch.setenv("LINEAGE_EXT_ENGINES_DIR", str(tmp_path / "engines"))
    return pins


def test_unchanged_pins_reuse_the_venv_and_changed_pins_rebuild_it(scratch: Path) -> None:
    first = build.build_engine("bare")
    assert first.rebuilt
    assert first.python == scratch.parent / "engines" / "bare" / "bin" / "python"
    assert first.python.exists()
    assert build.build_engine("bare") == build.BuildResult("bare", first.python, 0.0, rebuilt=False)
    scratch.write_text("[common]\npackages = []\n\n[engines.bare]\npackages = []\n# comment only\n")
    assert not build.build_engine("bare").rebuilt  # the stamp hashes the package lists, not the file
    (first.python.parent.parent / build.STAMP_NAME).write_text("stale")
    assert build.build_engine("bare").rebuilt


def test_unknown_engines_are_reported_not_raised_by_the_batch(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(build.EngineBuildError, match="unknown engine 'nope'; known: bare"):
        build.build_engine("nope")
    assert build.main(["bare", "nope"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["bare"]["seconds"] >= 0
    assert "unknown engine" in report["nope"]["error"]


def test_the_project_pins_name_every_engine_the_export_tests_use() -> None:
    assert sorted(build.load_pins()) == [
        "airflow2",
        "airflow3",
        "argo",
        "dagster",
        "dvc",
        "kubeflow",
        "prefect",
        "ray",
    ]
    for packages in build.load_pins().values():
        assert all("==" in p or "<" in p for p in packages), packages
