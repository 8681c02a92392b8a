"""Verification records its outcome on the artifact; failures carry a reason; the server path stays pure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lineage_ext import api
from lineage_ext.slicing.entry_points import get_function
from lineage_ext.slicing.verify import schedule_verification, verification_enabled, verify_and_record


def test_verify_and_record_marks_the_artifact_verified(notebook, store_dir):
    notebook.run_cell("import numpy as np\ngrid = np.arange(12).reshape(3, 4)\ngrid[0, 0] = 99")
    artifact = notebook.save("grid")
    assert api.get("grid").info.verification_status == "pending"
    result = verify_and_record(str(store_dir), None, "grid", artifact.version, cwd=notebook.folder)
    assert (result.status, result.reason) == ("verified", None)
    assert result.slice_seconds is not None
    assert result.total_seconds >= result.slice_seconds
    assert api.get("grid").metadata["verification"] == {"status": "verified", "reason": None}


def test_a_non_deterministic_value_fails_with_a_reason(notebook, store_dir):
    notebook.run_cell("import random\nnoise = [random.random() for _ in range(3)]")
    artifact = notebook.save("noise")
    thread = schedule_verification(str(store_dir), None, "noise", artifact.version, cwd=notebook.folder)
    thread.join(timeout=120)
    info = api.get("noise").info
    assert info.verification_status == "failed"
    assert "the slice recomputes a different value: noise[0]" in (info.verification_reason or "")


def test_a_value_bound_before_tracing_cannot_be_sliced(notebook, store_dir):
    notebook.shell.user_ns["early"] = [1, 2]
    notebook.run_cell("late = early + [3]")
    artifact = notebook.save("late")
    result = verify_and_record(str(store_dir), None, "late", artifact.version, cwd=notebook.folder)
    assert result.status == "failed"
    assert "variable 'early', which was bound before tracing started" in (result.reason or "")


def test_a_failing_slice_reports_the_exception(notebook, store_dir):
    (notebook.folder / "input.txt").write_text("5")
    notebook.run_cell("count = int(open('input.txt').read())")
    artifact = notebook.save("count")
    (notebook.folder / "input.txt").unlink()
    result = verify_and_record(str(store_dir), None, "count", artifact.version, cwd=notebook.folder)
    assert result.status == "failed"
    assert "the slice raised FileNotFoundError" in (result.reason or "")


def test_setting_reads_the_environment(monkeypatch):
    monkeypatch.setenv("LINEAGE_EXT_VERIFY", "0")
    assert verification_enabled() is False
    monkeypatch.setenv("LINEAGE_EXT_VERIFY", "on")
    assert verification_enabled(default=False) is True
    monkeypatch.delenv("LINEAGE_EXT_VERIFY")
    assert verification_enabled() is True


def test_module_keeps_globals_of_user_functions(notebook):
    notebook.run_cell("counter = 0\nstep = 2")
    notebook.run_cell("def bump():\n    global counter\n    counter += step")
    notebook.run_cell("bump()\nbump()")
    notebook.save("counter")
    assert get_function(["counter"])() == {"counter": 4}


def test_code_from_snapshot_never_loads_values(notebook, tmp_path: Path):
    notebook.run_cell("import pandas as pd\nframe = pd.DataFrame({'a': [1]})\nframe['b'] = 2")
    snapshot = tmp_path / "graph.json"
    snapshot.write_text(json.dumps(notebook.graph.to_json()))
    node = notebook.graph.latest_version("frame").id
    script = (
        "import json, sys\nfrom lineage_ext.slicing.entry_points import code_from_snapshot\n"
        f"code = code_from_snapshot(json.load(open({str(snapshot)!r})), {node!r})\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'sklearn', 'IPython') if m in sys.modules)\n"
        "print(json.dumps([code, heavy]))"
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    code, heavy = json.loads(done.stdout)
    assert heavy == []
    assert code == "import pandas as pd\n\nframe = pd.DataFrame({'a': [1]})\nframe['b'] = 2\n"
