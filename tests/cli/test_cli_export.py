"""``lineage-ext export`` end to end in subprocesses, on an artifact saved by a traced script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def lineage_ext(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "lineage_ext.cli", *args]
    return subprocess.run(command, check=False, env=env, cwd=cwd, capture_output=True, text=True, timeout=180)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {**os.environ, "LINEAGE_EXT_STORE": str(tmp_path / "store"), "LINEAGE_EXT_VERIFY": "0"}
    script = tmp_path / "make.py"
    script.write_text(
        textwrap.dedent(
            """
            import lineage_ext
            factor = 3
            values = [factor * i for i in range(4)]
            lineage_ext.save(values, "scaled")
            """
        )
    )
    done = lineage_ext("python", str(script), env=environment, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return environment


def test_export_writes_the_pipeline_and_reports_json(env: dict[str, str], tmp_path: Path) -> None:
    done = lineage_ext(
        "export", "scaled:1", "-f", "dvc", "-o", "out", "--param", "factor", "--json", env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["framework"] == "DVC"
    assert {"dvc.yaml", "params.yaml", "README.md"} <= set(report["files"])
    assert "factor: 3" in (tmp_path / "out" / "params.yaml").read_text()


def test_export_exit_codes(env: dict[str, str], tmp_path: Path) -> None:
    missing = lineage_ext("export", "nothing", "-o", "a", env=env, cwd=tmp_path)
    assert missing.returncode == 3
    assert "nothing" in missing.stderr
    bad_framework = lineage_ext("export", "scaled", "-f", "cron", env=env, cwd=tmp_path)
    assert bad_framework.returncode == 2
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    exists = lineage_ext("export", "scaled", "-o", "full", env=env, cwd=tmp_path)
    assert exists.returncode == 1
    assert "overwrite" in exists.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
