"""A full disk is ``StoreFull`` with what to do, leaves no temp files, and loses no earlier value.

Real small filesystems: a 2 MiB tmpfs mounted for the test (needs root; skipped otherwise). One
holds the blobs, another the SQLite database, so each side fills up on its own.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage_ext.errors import StoreFull
from lineage_ext.store import open_store


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=False)
    return done.returncode == 0


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs; unmounted afterwards."""
    folder = tmp_path / "small"
    if not _mount_tmpfs(folder, "2m"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the filesystem up to the last byte with one file; returns it."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                continue
    return filler


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.part"))


def test_full_blob_disk_is_store_full_and_loses_nothing(small_fs: Path, tmp_path: Path) -> None:
    blobs = small_fs / "blobs"
    store = open_store(str(tmp_path / "store"), str(blobs))
    earlier = {f"v{i}": list(range(i * 10)) for i in range(5)}
    for name, value in earlier.items():
        store.save_value(value, name)

    with pytest.raises(StoreFull, match="free some space"):
        store.save_value(os.urandom(3 * 1024 * 1024), "too_big", storage_backend="pickle")
    assert leftovers(blobs) == []  # no (0-byte or partial) temp file stays behind
    filler = fill(small_fs)
    with pytest.raises(StoreFull):
        store.save_value({"small": 1}, "v0")
    assert leftovers(blobs) == []
    assert {name: store.load_value(name) for name in earlier} == earlier
    assert [info.version for info in store.versions("v0")] == [1]

    filler.unlink()
    assert store.save_value({"small": 1}, "v0").version == 2  # room again: saving works
    store.close()


def test_full_metadata_disk_is_store_full_and_loses_nothing(small_fs: Path, tmp_path: Path) -> None:
    store = open_store(str(small_fs / "store"), str(tmp_path / "blobs"))
    for index in range(5):
        store.save_value(index, "n")
    filler = fill(small_fs)
    with pytest.raises(StoreFull, match="free some space"):
        for index in range(5, 200):  # the WAL grows until the disk refuses
            store.save_value({"i": index, "pad": "x" * 2000}, "n")
    assert [store.load_value("n", v) for v in range(1, 6)] == [0, 1, 2, 3, 4]
    filler.unlink()
    assert store.save_value("after", "n").version > 5
    store.close()
