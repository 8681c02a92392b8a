"""A child process for the crash and concurrency tests: saves in a loop, printing acknowledged versions.

usage: store_worker.py STORE_DIR NAME RUN_ID COUNT [CRASH_STEP CRASH_ON_SAVE]

Each save's value is ``{"run": RUN_ID, "i": i, "pad": ...}`` (the padding varies so blob writes
take measurable time); after ``save`` returns the child prints ``RUN_ID i version``. With a
CRASH_STEP, the child kills itself with SIGKILL at that step of save number CRASH_ON_SAVE.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from lineage_ext.store import core, open_store, records
from lineage_ext.store.blobs import base

CRASH_STEPS = ("before-fsync", "before-rename", "before-insert", "before-commit", "before-ack")


def expected_value(run_id: str, index: int) -> dict[str, Any]:
    return {"run": run_id, "i": index, "pad": "x" * ((index * 7919) % 200_000)}


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _wrap(owner: Any, attribute: str, before: bool, armed: Callable[[], bool]) -> None:
    original = getattr(owner, attribute)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if before and armed():
            _die()
        result = original(*args, **kwargs)
        if not before and armed():
            _die()
        return result

    setattr(owner, attribute, wrapper)


def install_crash(step: str, armed: Callable[[], bool]) -> None:
    if step == "before-fsync":
        _wrap(base.BlobWriter, "finish", before=True, armed=armed)
    elif step == "before-rename":
        _wrap(base.BlobWriter, "finish", before=False, armed=armed)
    elif step == "before-insert":
        _wrap(records, "insert_artifact", before=True, armed=armed)
    elif step == "before-commit":
        _wrap(records, "insert_artifact", before=False, armed=armed)
    elif step == "before-ack":
        _wrap(core.ArtifactStore, "info", before=True, armed=armed)
    else:
        raise SystemExit(f"unknown crash step {step!r}")


def main(argv: list[str]) -> None:
    store_dir, name, run_id, count = argv[0], argv[1], argv[2], int(argv[3])
    store = open_store(store_dir)
    current = {"save": 0}
    if len(argv) > 4:
        crash_on = int(argv[5])
        install_crash(argv[4], lambda: current["save"] == crash_on)
    print("ready", flush=True)
    for index in range(count):
        current["save"] = index
        info = store.save_value(expected_value(run_id, index), name)
        sys.stdout.write(f"{run_id} {index} {info.version}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
