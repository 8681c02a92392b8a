"""The pytest scaffold ``generate_test=True`` writes: it passes on a faithful re-run and fails otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from export_sample import expected_values, sample_spec

from lineage_ext.export import task_io
from lineage_ext.export.registry import export_files
from lineage_ext.export.writer import write_files


def run_scaffold(out: Path, store: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "LINEAGE_EXT_STORE": str(store),
        "LINEAGE_EXT_TASK_IO": "store",
        "PYTHONPATH": os.getcwd(),
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_wine_pipeline.py"],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )


def test_scaffold_passes_when_tasks_reproduce_the_saved_artifacts(
    tmp_path: Path, artifact_store: Path
) -> None:
    for name, value in expected_values().items():  # what the notebook saved: version 1 of each
        assert task_io.save(name, value) == 1
    out = write_files(export_files(sample_spec(generate_test=True), "SCRIPT"), tmp_path / "out")
    proc = run_scaffold(out, artifact_store)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "3 passed" in proc.stdout


def test_scaffold_fails_when_a_task_no_longer_reproduces_its_artifact(
    tmp_path: Path, artifact_store: Path
) -> None:
    saved = expected_values(max_depth=1)  # the captured model was trained differently
    for name, value in saved.items():
        task_io.save(name, value)
    out = write_files(export_files(sample_spec(generate_test=True), "SCRIPT"), tmp_path / "out")
    proc = run_scaffold(out, artifact_store)
    assert proc.returncode == 1
    assert "1 failed, 2 passed" in proc.stdout, proc.stdout[-3000:]
