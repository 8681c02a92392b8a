"""The output-folder rule: never clobber other files without overwrite=True; atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage_ext.errors import ExportError, OutputExists
from lineage_ext.export.writer import write_files

FILES = {"p.py": "print(1)\n", "sub/README.md": "# p\n"}


def test_writes_into_a_new_folder_and_returns_its_absolute_path(tmp_path: Path) -> None:
    out = write_files(FILES, tmp_path / "new")
    assert out == (tmp_path / "new").absolute()
    assert {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()} == FILES


def test_a_folder_with_other_files_is_refused_and_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputExists, match=r"notes\.txt.*overwrite=True"):
        write_files(FILES, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_changed_exported_files_need_overwrite_and_other_files_survive_it(tmp_path: Path) -> None:
    write_files(FILES, tmp_path)
    write_files(FILES, tmp_path)  # the same export again is fine: nothing would change
    changed = {**FILES, "p.py": "print(2)\n"}
    with pytest.raises(OutputExists, match=r"p\.py"):
        write_files(changed, tmp_path)
    assert (tmp_path / "p.py").read_text() == "print(1)\n"
    (tmp_path / "notes.txt").write_text("mine")
    write_files(changed, tmp_path, overwrite=True)
    assert (tmp_path / "p.py").read_text() == "print(2)\n"
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("bad", ["../escape.py", "/abs.py", ""])
def test_unsafe_paths_from_an_exporter_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ExportError, match="unsafe file path"):
        write_files({bad: "x"}, tmp_path / "out")


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputExists):
        write_files(FILES, tmp_path / "file", overwrite=True)
