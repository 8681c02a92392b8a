"""Verification of values that only pickle can store: compared when the trust policy allows loading them,
reported as not applicable (with the reason) when it does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lineage_ext import api

CELLS = [
    "class Counter:\n    def __init__(self, n):\n        self.n = n\n    def __eq__(self, other):\n"
    "        return isinstance(other, Counter) and other.n == self.n",
    "counts = {'a': Counter(3), 'pairs': [(1, 2), {3}]}",
]


def test_a_pickled_value_is_verified_in_a_private_store(notebook: Any) -> None:
    for cell in CELLS:
        notebook.run_cell(cell)
    artifact = api.save(notebook.ns["counts"], "counts")
    assert artifact.info.serializer == "cloudpickle"
    verification = notebook.verify(artifact)
    assert verification.status == "verified", verification.reason


def test_a_pickled_value_in_a_shared_store_is_not_loaded_to_verify(notebook: Any, store_dir: Path) -> None:
    for cell in CELLS:
        notebook.run_cell(cell)
    artifact = api.save(notebook.ns["counts"], "counts")
    store_dir.chmod(store_dir.stat().st_mode | 0o002)  # others could have replaced it: never unpickle
    try:
        verification = notebook.verify(artifact)
    finally:
        store_dir.chmod(store_dir.stat().st_mode & ~0o002)
    assert verification.status == "not_applicable"
    assert "can be written by every user" in str(verification.reason)
