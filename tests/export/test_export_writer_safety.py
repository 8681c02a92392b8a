"""Writing exports safely: the umask is respected, conflicts are checked without reading whole files, and
anything that is not a regular file (a FIFO, a symlink) is refused instead of being opened."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

import pytest

from lineage_ext.errors import OutputExists
from lineage_ext.export.writer import write_files

FILES = {"p.py": "print(1)\n", "sub/README.md": "# p\n"}


def _modes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_exported_files_get_the_modes_the_umask_allows(tmp_path: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        out = write_files(FILES, tmp_path / "out")
        write_files({**FILES, "p.py": "print(2)\n"}, out, overwrite=True)  # replaced files too
    finally:
        os.umask(previous)
    assert _modes(out) == {"p.py": mode, "sub/README.md": mode}


def _bytes_read() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.mark.parametrize("name", ["p.py", "data.bin"])
def test_a_big_file_in_the_folder_is_never_read(tmp_path: Path, name: str) -> None:
    big = tmp_path / name
    with big.open("wb") as f:  # sparse: no disk space used
        f.truncate(256 * 2**20)
    before = _bytes_read()
    with pytest.raises(OutputExists, match=name.replace(".", r"\.")):
        write_files(FILES, tmp_path)
    assert _bytes_read() - before < 2**20
    assert big.stat().st_size == 256 * 2**20


def _finishes(target: object, timeout: float = 5.0) -> BaseException | None:
    """Run ``target`` in a thread; fail if it blocks, else return what it raised."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            target()  # type: ignore[operator]
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    return outcome[0] if outcome else TimeoutError("blocked")


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_fifo_named_like_an_export_file_is_refused_without_blocking(
    tmp_path: Path, overwrite: bool
) -> None:
    fifo = tmp_path / "p.py"
    os.mkfifo(fifo)
    try:
        error = _finishes(lambda: write_files(FILES, tmp_path, overwrite=overwrite))
    finally:
        # unblock a reader stuck on the FIFO (the unfixed code), so the test run itself never hangs;
        # with no reader there is nothing to unblock (ENXIO)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert isinstance(error, OutputExists), error
    assert "not a regular file" in str(error)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_named_like_an_export_file_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("print(1)\n")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "p.py").symlink_to(outside)
    with pytest.raises(OutputExists, match="not a regular file"):
        write_files(FILES, folder, overwrite=True)
    assert outside.read_text() == "print(1)\n"
