"""Crash and concurrency: kill -9 during saves, and many processes saving to one name.

After any number of kills: every acknowledged save (a version the child printed after ``save``
returned) exists and loads its exact value; every visible version loads (no half-written or
corrupt artifact); garbage collection never removes a referenced blob.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from store_helpers import postgres_schema_uri
from store_worker import CRASH_STEPS, expected_value

from lineage_ext.store import ArtifactStore, open_store

WORKER = str(Path(__file__).with_name("store_worker.py"))
NAME = "crashy"


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}


def _start(
    store_dir: Path | str, run_id: str, count: int, *crash: str, blobs: str | None = None
) -> subprocess.Popen[str]:
    env = _env() if blobs is None else {**_env(), "LINEAGE_EXT_BLOBS": blobs}
    return subprocess.Popen(
        [sys.executable, WORKER, str(store_dir), NAME, run_id, str(count), *crash],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _acknowledged(output: str) -> list[tuple[str, int, int]]:
    rows = []
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3:
            rows.append((parts[0], int(parts[1]), int(parts[2])))
    return rows


def _check_store(store: ArtifactStore, acknowledged: list[tuple[str, int, int]]) -> None:
    visible = {info.version: info for info in store.list_artifacts(name_contains=NAME)}
    for run_id, index, version in acknowledged:
        assert version in visible, f"acknowledged save {run_id}/{index} (version {version}) was lost"
        assert store.load_value(NAME, version) == expected_value(run_id, index)
    for version in visible:
        value = store.load_value(NAME, version)  # raises CorruptBlob on any half-written blob
        assert set(value) == {"run", "i", "pad"}
    assert len(visible) == len(set(visible))


def _random_kills(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    store_dir = tmp_path / "store"
    acknowledged: list[tuple[str, int, int]] = []
    for _ in range(kills):
        run_id = uuid.uuid4().hex[:8]
        child = _start(store_dir, run_id, 10_000)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate()
        acknowledged += _acknowledged(output)
    store = open_store(str(store_dir))
    _check_store(store, acknowledged)
    store.gc(grace_seconds=0)
    _check_store(store, acknowledged)
    assert acknowledged, "no save completed before the kills: the test proved nothing"


@pytest.mark.parametrize("step", CRASH_STEPS)
def test_kill_at_each_step_of_a_save(tmp_path: Path, step: str) -> None:
    store_dir = tmp_path / "store"
    child = _start(store_dir, "steps", 5, step, "2")
    output, _ = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL
    acknowledged = _acknowledged(output)
    assert [index for _, index, _ in acknowledged] == [0, 1]
    store = open_store(str(store_dir))
    _check_store(store, acknowledged)
    visible = [info.version for info in store.versions(NAME)]
    assert visible == ([1, 2, 3] if step == "before-ack" else [1, 2])
    store.gc(grace_seconds=0)
    assert store.save_value({"run": "after", "i": 0, "pad": ""}, NAME).version == visible[-1] + 1
    _check_store(store, acknowledged)
    leftovers = list((store_dir / "blobs" / "tmp").iterdir())
    assert leftovers == []


def test_random_kill_9_during_saves(tmp_path: Path) -> None:
    _random_kills(tmp_path, kills=24, seed=4)


@pytest.mark.slow
@pytest.mark.timeout(3600)  # 1,000 child processes: about 10 minutes on 2 busy cores
def test_random_kill_9_during_saves_stress(tmp_path: Path) -> None:
    _random_kills(tmp_path, kills=1000, seed=1000)


def _concurrent_saves(tmp_path: Path, processes: int, saves: int) -> None:
    store_dir = tmp_path / "store"
    open_store(str(store_dir)).list_artifacts()  # create the schema once, as a real deployment would
    children = [_start(store_dir, f"p{n}", saves) for n in range(processes)]
    outputs = [child.communicate(timeout=3000)[0] for child in children]
    assert [child.returncode for child in children] == [0] * processes
    acknowledged = [row for output in outputs for row in _acknowledged(output)]
    versions = sorted(version for _, _, version in acknowledged)
    assert versions == list(range(1, processes * saves + 1))
    store = open_store(str(store_dir))
    assert [info.version for info in store.versions(NAME)] == versions
    for run_id, index, version in random.Random(0).sample(acknowledged, 50):
        assert store.load_value(NAME, version) == expected_value(run_id, index)


def test_concurrent_saves_to_one_name(tmp_path: Path) -> None:
    _concurrent_saves(tmp_path, processes=8, saves=60)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_concurrent_saves_to_one_name_full(tmp_path: Path) -> None:
    _concurrent_saves(tmp_path, processes=8, saves=500)


@pytest.mark.postgres
def test_concurrent_saves_to_one_name_on_postgres(tmp_path: Path, postgres_uri: str) -> None:
    uri, blobs = postgres_schema_uri(postgres_uri), str(tmp_path / "blobs")
    open_store(uri, blobs).list_artifacts()
    children = [_start(uri, f"p{n}", 10, blobs=blobs) for n in range(4)]
    outputs = [child.communicate(timeout=600)[0] for child in children]
    assert [child.returncode for child in children] == [0] * 4
    acknowledged = [row for output in outputs for row in _acknowledged(output)]
    assert sorted(version for _, _, version in acknowledged) == list(range(1, 41))
    store = open_store(uri, blobs)
    for run_id, index, version in acknowledged[::5]:
        assert store.load_value(NAME, version) == expected_value(run_id, index)
