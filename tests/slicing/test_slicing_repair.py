"""Self-repairing slices: a slice that fails verification is widened, confirmed, shrunk and stored.

The unsliceable pattern is a mutation through a route the tracer cannot see: a local module keeps a
reference to the list (`helper.hold(data)`) and a later call without arguments (`helper.bump()`)
appends to it. The traced slice of `data` misses the call; the repair finds it in the session history.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lineage_ext import api
from lineage_ext.slicing.repair import repair_and_record, repair_budget
from lineage_ext.slicing.verify import schedule_verification, verify_and_record
from lineage_ext.store import open_store

HELPER = """
_held = []


def hold(value):
    _held.append(value)


def bump():
    for value in _held:
        value.append(len(value))
"""


def _unsliceable(notebook, monkeypatch: pytest.MonkeyPatch, extra_cell: str = "") -> None:
    (notebook.folder / "helper.py").write_text(textwrap.dedent(HELPER))
    monkeypatch.syspath_prepend(str(notebook.folder))
    monkeypatch.delitem(sys.modules, "helper", raising=False)
    notebook.run_cell("import helper\nimport json")
    notebook.run_cell("data = [1]\nother = [5]")
    notebook.run_cell("helper.hold(data)")
    notebook.run_cell("unrelated = json.dumps({'a': 1})\nother.append(2)")
    if extra_cell:
        notebook.run_cell(extra_cell)
    notebook.run_cell("helper.bump()")
    notebook.run_cell("size = len(data)")


def _run(code: str, variable: str, folder: Path) -> object:
    """Run code the way a user would: a fresh namespace, in the notebook's folder."""
    namespace: dict[str, object] = {"__name__": "__main__"}
    exec(compile(code, "<repaired>", "exec"), namespace)
    return namespace[variable]


def test_a_failed_slice_is_repaired_in_the_background(notebook, store_dir, monkeypatch):
    monkeypatch.setenv("LINEAGE_EXT_REPAIR_BUDGET", "60s")
    _unsliceable(notebook, monkeypatch)
    artifact = notebook.save("data")
    assert "helper.bump()" not in artifact.get_code()  # the trace cannot see this route
    thread = schedule_verification(str(store_dir), None, "data", artifact.version, cwd=notebook.folder)
    thread.join(timeout=180)
    loaded = api.get("data")
    assert loaded.info.verification_status == "repaired"
    assert loaded.info.verification_reason.startswith("repaired: the slice recomputes a different value")
    code = loaded.get_code()
    assert code.startswith("# repaired slice:")
    assert _run(code, "data", notebook.folder) == [1, 1] == loaded.get_value()
    # the whole history reproduced it; delta debugging then removed every statement it does not need
    body = [line for line in code.splitlines() if not line.startswith("#")]
    assert body == ["import helper", "data = [1]", "helper.hold(data)", "helper.bump()"]
    state = loaded.code_state
    assert state["state"] == "repaired"
    assert state["closest_code"] is None
    added = {item["code"]: item for item in state["added"]}
    assert list(added) == ["import helper", "helper.hold(data)", "helper.bump()"]
    assert state["pattern"] == "import+method call"
    assert added["helper.hold(data)"]["why"] == "it touches data, which the target depends on"
    assert (
        added["helper.bump()"]["why"] == "the re-run needs it, but the trace recorded no link to the target"
    )


def test_repairs_are_listed_with_their_pattern(notebook, store_dir, monkeypatch):
    # a save in the history is never re-run by a repair: it would write new versions
    _unsliceable(notebook, monkeypatch, extra_cell="import lineage_ext\nlineage_ext.save(other, 'other')")
    artifact = notebook.save("data")
    failed = verify_and_record(str(store_dir), None, "data", artifact.version, cwd=notebook.folder)
    assert failed.status == "failed"
    record = repair_and_record(
        str(store_dir), None, "data", artifact.version, failed, cwd=notebook.folder, budget=60
    )
    assert record is not None
    assert record.state == "repaired"
    listed = subprocess.run(
        [sys.executable, "-m", "lineage_ext.cli", "artifacts", "repairs", "--store", str(store_dir)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "     1  import+method call" in listed
    assert "data v1  repaired" in listed
    assert [info.version for info in open_store(str(store_dir)).versions("other")] == [1]


def test_a_repair_out_of_budget_fails_with_the_closest_slice(notebook, store_dir, monkeypatch):
    # the whole history needs more time than the budget allows: its candidate is stopped
    _unsliceable(notebook, monkeypatch, extra_cell="import time\ntime.sleep(3)")
    artifact = notebook.save("data")
    failed = verify_and_record(str(store_dir), None, "data", artifact.version, cwd=notebook.folder)
    record = repair_and_record(
        str(store_dir), None, "data", artifact.version, failed, cwd=notebook.folder, budget=2
    )
    assert record is not None
    assert record.state == "failed"
    assert "time budget" in record.reason
    loaded = api.get("data")
    assert loaded.info.verification_status == "failed"
    assert "repair failed: no widened slice reproduced the value" in loaded.info.verification_reason
    closest = loaded.code_state["closest_code"]
    assert closest is not None
    assert "data = [1]" in closest
    assert "sleep" not in closest
    assert loaded.get_code().startswith("# verification failed and repair did not help:")
    assert _run(closest, "data", notebook.folder) == [1]  # it runs; it is just not the saved value


def test_a_verified_slice_is_left_alone(notebook, store_dir):
    notebook.run_cell("values = [3, 1, 2]\nvalues.sort()")
    artifact = notebook.save("values")
    thread = schedule_verification(str(store_dir), None, "values", artifact.version, cwd=notebook.folder)
    thread.join(timeout=120)
    loaded = api.get("values")
    assert loaded.code_state == {"state": "verified", "reason": None}
    assert open_store(str(store_dir)).list_repairs() == []


def test_the_budget_setting(monkeypatch):
    monkeypatch.delenv("LINEAGE_EXT_REPAIR_BUDGET", raising=False)
    assert repair_budget(4.0) == 20.0  # 5x by default
    assert repair_budget(0.5) == 10.0  # never less than the floor for a multiple
    assert repair_budget(4.0, "2x") == 10.0
    assert repair_budget(4.0, "30s") == repair_budget(4.0, "30") == 30.0
    monkeypatch.setenv("LINEAGE_EXT_REPAIR_BUDGET", "off")
    assert repair_budget(4.0) is None
    with pytest.raises(ValueError, match="LINEAGE_EXT_REPAIR_BUDGET must be"):
        repair_budget(4.0, "soon")
