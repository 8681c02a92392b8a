"""OpenLineage events for saves, received over the client's HTTP transport by a local endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import Receiver
from openlineage_checks import assert_valid_event

import lineage_ext
from lineage_ext.errors import SerializationError
from lineage_ext.openlineage import configured, emitter, flush

REPO = Path(__file__).resolve().parents[2]


def _events(receiver: Receiver, count: int) -> list[dict[str, Any]]:
    assert flush(30)
    assert len(receiver.events) == count, receiver.events
    for event in receiver.events:
        assert_valid_event(event)
    assert set(receiver.paths) == {"/api/v1/lineage"}
    return receiver.events


def test_configuration_is_detected_the_openlineage_way(tmp_path: Path) -> None:
    assert not configured({}, tmp_path)
    assert configured({"OPENLINEAGE_URL": "http://127.0.0.1:1"}, tmp_path)
    assert configured({"OPENLINEAGE__TRANSPORT__TYPE": "console"}, tmp_path)
    assert not configured({"OPENLINEAGE_URL": "http://x", "OPENLINEAGE_DISABLED": "true"}, tmp_path)
    assert not configured({"OPENLINEAGE_URL": "http://x", "LINEAGE_EXT_OPENLINEAGE": "0"}, tmp_path)
    (tmp_path / "openlineage.yml").write_text("transport:\n  type: console\n")
    assert configured({}, tmp_path)


def test_nothing_is_emitted_unless_configured(receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENLINEAGE_URL")
    lineage_ext.save({"a": 1}, "quiet")
    assert flush(10)
    assert receiver.events == []


def test_a_save_is_a_run_with_start_and_complete(receiver: Receiver) -> None:
    import pandas as pd

    frame = pd.DataFrame({"id": [1, 2], "score": [0.5, 0.25]})
    saved = lineage_ext.save(frame, "scores")
    start, complete = _events(receiver, 2)
    assert (start["eventType"], complete["eventType"]) == ("START", "COMPLETE")
    assert start["run"]["runId"] == complete["run"]["runId"]
    assert complete["job"]["namespace"] == "lineage_ext"
    assert complete["job"]["facets"]["jobType"]["jobType"] == "SCRIPT"
    [output] = complete["outputs"]
    assert (output["namespace"], output["name"]) == ("lineage_ext", "scores")
    assert output["facets"]["version"]["datasetVersion"] == str(saved.version)
    fields = output["facets"]["schema"]["fields"]
    assert [(field["name"], field["type"]) for field in fields] == [("id", "int64"), ("score", "float64")]
    engine = complete["run"]["facets"]["processing_engine"]
    assert engine["name"] == "lineage_ext"


def test_a_failed_save_is_a_failed_run(receiver: Receiver) -> None:
    with pytest.raises(SerializationError):
        lineage_ext.save((item for item in range(3)), "generator")
    start, failed = _events(receiver, 2)
    assert (start["eventType"], failed["eventType"]) == ("START", "FAIL")
    assert failed["outputs"] == []
    error = failed["run"]["facets"]["errorMessage"]
    assert error["programmingLanguage"] == "python"
    assert "generator" in error["message"].lower() + error["stackTrace"].lower()


def test_traced_notebook_saves_carry_the_slice_files_and_packages(
    receiver: Receiver, traced_shell: Any, tmp_path: Path
) -> None:
    (tmp_path / "raw.csv").write_text("x,y\n1,2\n3,4\n")
    cells = [
        "import pandas as pd",
        "unrelated = 42",
        "raw = pd.read_csv('raw.csv')",
        "raw['z'] = raw.x + raw.y",
        "raw.to_csv('out.csv', index=False)",
        "enriched = pd.read_csv('out.csv')",
        "import lineage_ext\nlineage_ext.save(enriched, 'enriched')",
    ]
    for cell in cells:
        result = traced_shell.run_cell(cell, store_history=True)
        assert result.success, result.error_in_exec
    _start, complete = _events(receiver, 2)
    code = complete["job"]["facets"]["sourceCode"]["sourceCode"]
    assert "read_csv('raw.csv')" in code
    assert "raw['z']" in code
    assert "to_csv('out.csv'" in code
    assert "unrelated" not in code
    inputs = {(item["namespace"], item["name"]) for item in complete["inputs"]}
    assert ("file", str(tmp_path / "raw.csv")) in inputs
    outputs = {(item["namespace"], item["name"]) for item in complete["outputs"]}
    assert {("lineage_ext", "enriched"), ("file", str(tmp_path / "out.csv"))} <= outputs
    packages = complete["run"]["facets"]["lineage_ext_packages"]["packages"]
    assert "pandas" in packages


def test_pipeline_tasks_are_jobs_whose_inputs_are_the_artifacts_they_loaded(
    receiver: Receiver, store_dir: Path, tmp_path: Path
) -> None:
    lineage_ext.save([3, 1, 2], "raw_numbers")
    task = textwrap.dedent(
        """
        from lineage_ext.export import task_io as _lineage_io
        from lineage_ext.openlineage import flush

        def sort_numbers():
            raw_numbers = _lineage_io.load("raw_numbers", None)
            return _lineage_io.save("sorted_numbers", sorted(raw_numbers))

        sort_numbers()
        assert flush(30)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "OPENLINEAGE_URL": receiver.url}
    subprocess.run([sys.executable, "-c", task], env=env, cwd=tmp_path, check=True, timeout=120)
    events = _events(receiver, 4)
    task_complete = events[-1]
    assert task_complete["job"]["name"] == "sort_numbers"
    assert task_complete["job"]["facets"]["jobType"]["jobType"] == "TASK"
    assert [
        (item["name"], item["facets"]["version"]["datasetVersion"]) for item in task_complete["inputs"]
    ] == [("raw_numbers", "1")]
    assert [item["name"] for item in task_complete["outputs"]] == ["sorted_numbers"]


def test_the_file_transport_from_openlineage_yml(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in list(os.environ):
        if key.startswith("OPENLINEAGE"):
            monkeypatch.delenv(key)
    log = tmp_path / "events.jsonl"
    (tmp_path / "openlineage.yml").write_text(
        f"transport:\n  type: file\n  log_file_path: {log}\n  append: true\n"
    )
    emitter.reset_client()
    try:
        lineage_ext.save({"k": "v"}, "to_file")
        assert flush(30)
    finally:
        emitter.reset_client()
    import json

    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [event["eventType"] for event in lines] == ["START", "COMPLETE"]
    for event in lines:
        assert_valid_event(event)
