"""Side-effect artifacts in a real traced IPython shell: a saved Path, lineage_ext.file_system and
lineage_ext.db. Each slice is re-run in a fresh folder and the files/tables it writes are compared with the
session's; verification compares content; an export reproduces them as tasks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import lineage_ext
from lineage_ext import api
from lineage_ext.errors import SerializationError
from lineage_ext.store.sideeffects import StoredFiles

SESSION = [
    "import pathlib, sqlite3, random\nrows = [3, 1, 2]\nnoise = random.random()",
    "report = pathlib.Path('report.csv')",
    "with open(report, 'w') as handle:\n    handle.write('\\n'.join(str(r * 10) for r in sorted(rows)))",
    "unrelated = [noise] * 3",
    "pathlib.Path('notes').mkdir()\npathlib.Path('notes/summary.txt').write_text(f'{len(rows)} rows')",
    "conn = sqlite3.connect('app.db')\nconn.execute('create table t (a integer, b text)')",
    "conn.executemany('insert into t values (?, ?)', [(r, str(r)) for r in rows])\nconn.commit()",
    "conn.execute('delete from t where a = 1')\nconn.commit()",
    "scratch = pathlib.Path('scratch.txt')\nscratch.write_text(str(noise))",  # random: cannot be reproduced
]


def _run_session(notebook: Any) -> None:
    for cell in SESSION:
        notebook.run_cell(cell)


def _rerun(code: str, folder: Path) -> None:
    """Run a slice as a user would, in a fresh folder, in a fresh interpreter."""
    folder.mkdir()
    env = {**os.environ, "LINEAGE_EXT_VERIFY": "0"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def _rows(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("select a, b from t order by a").fetchall()


def test_saving_a_written_path_slices_the_code_that_wrote_it(notebook: Any, tmp_path: Path) -> None:
    _run_session(notebook)
    artifact = api.save(notebook.ns["report"], "report")
    code = artifact.get_code()
    assert "handle.write" in code
    assert "unrelated" not in code
    assert "sqlite3.connect" not in code
    _rerun(code, tmp_path / "again")
    assert (tmp_path / "again" / "report.csv").read_text() == (notebook.folder / "report.csv").read_text()
    assert notebook.verify(artifact).status == "verified"
    assert artifact.get_value().content == b"10\n20\n30"


def test_file_system_saves_every_written_file_and_the_code_to_reproduce_them(
    notebook: Any, tmp_path: Path
) -> None:
    _run_session(notebook)
    artifact = api.save(lineage_ext.file_system, "files")
    stored = artifact.get_value()
    assert isinstance(stored, StoredFiles)
    assert sorted(stored.files) == ["notes/summary.txt", "report.csv", "scratch.txt"]
    assert stored.files["notes/summary.txt"] == b"3 rows"
    code = artifact.get_code()
    assert "handle.write" in code
    assert "summary.txt" in code
    assert "unrelated" not in code
    assert "executemany" not in code  # database writes are lineage_ext.db's
    _rerun(code, tmp_path / "again")
    for name in ("report.csv", "notes/summary.txt"):
        assert (tmp_path / "again" / name).read_bytes() == stored.files[name]
    # scratch.txt holds a random number: the re-run writes another one, and verification says so
    before = {name: (notebook.folder / name).read_bytes() for name in stored.files}
    verification = notebook.verify(artifact)
    assert verification.status == "failed"
    assert "'scratch.txt' differs" in str(verification.reason)
    assert {name: (notebook.folder / name).read_bytes() for name in stored.files} == before  # untouched


def test_file_system_verifies_when_every_file_is_reproducible(notebook: Any) -> None:
    for cell in SESSION[:-1]:
        notebook.run_cell(cell)
    artifact = api.save(lineage_ext.file_system, "files")
    assert notebook.verify(artifact).status == "verified"


def test_db_saves_the_database_writes_and_compares_tables(notebook: Any, tmp_path: Path) -> None:
    _run_session(notebook)
    artifact = api.save(lineage_ext.db, "database")
    stored = artifact.get_value()
    assert (stored.kind, sorted(stored.files)) == ("db", ["app.db"])
    assert any("INSERT INTO \"t\" VALUES(3,'3')" in line for line in stored.tables("app.db"))
    code = artifact.get_code()
    assert "delete from t" in code
    assert "report" not in code
    _rerun(code, tmp_path / "again")
    assert _rows(tmp_path / "again" / "app.db") == _rows(notebook.folder / "app.db") == [(2, "2"), (3, "3")]
    assert notebook.verify(artifact).status == "verified"
    assert _rows(notebook.folder / "app.db") == [(2, "2"), (3, "3")]  # the user's database is untouched


def test_side_effects_export_as_tasks_that_reproduce_them(notebook: Any, tmp_path: Path) -> None:
    for cell in SESSION[:-1]:
        notebook.run_cell(cell)
    api.save(notebook.ns["report"], "report")
    api.save(lineage_ext.file_system, "files")
    api.save(lineage_ext.db, "database")
    out = lineage_ext.to_pipeline(
        ["report", "files", "database"], pipeline_name="effects", output_dir=tmp_path / "x"
    )
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    env = {**os.environ, "LINEAGE_EXT_STORE": str(tmp_path / "run-store"), "LINEAGE_EXT_VERIFY": "0"}
    done = subprocess.run(
        [sys.executable, str(out / "effects.py")],
        cwd=run_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("report.csv", "notes/summary.txt"):
        assert (run_dir / name).read_bytes() == (notebook.folder / name).read_bytes()
    assert _rows(run_dir / "app.db") == _rows(notebook.folder / "app.db")
    rerun_store = lineage_ext.store.open_store(str(tmp_path / "run-store"))
    # a pipeline run's outputs are versions of their own, never the notebook's latest (issue 17)
    [run_version] = [
        info.version for info in rerun_store.list_artifacts(include_runs=True) if info.name == "files"
    ]
    saved = rerun_store.load_value("files", run_version)
    assert saved.files == api.get("files").get_value().files


def test_side_effects_need_a_session_and_something_written(notebook: Any) -> None:
    notebook.run_cell("x = 1")
    with pytest.raises(SerializationError, match="no written files yet"):
        api.save(lineage_ext.file_system, "files")
    with pytest.raises(SerializationError, match="no database"):
        api.save(lineage_ext.db, "database")


def test_side_effects_outside_a_session_are_a_clear_error(store_dir: Path) -> None:
    with pytest.raises(SerializationError, match="needs a traced session"):
        api.save(lineage_ext.file_system, "files")
