"""Stores that cannot be used: read-only folders; and the CLI's answers to bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from lineage_ext.cli import main
from lineage_ext.errors import StoreUnavailable
from lineage_ext.store import open_store


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody can write to; for root (which ignores permissions) an immutable one."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder read-only")
        result = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.skip(f"chattr +i is not permitted here: {result.stderr.strip()}")
        try:
            yield folder
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


def test_read_only_store_folder_gives_a_clear_error(read_only_dir: Path) -> None:
    with pytest.raises(StoreUnavailable, match="is not writable"):
        open_store(str(read_only_dir)).save_value(1, "x")
    with pytest.raises(StoreUnavailable, match="is not writable"):
        open_store(str(read_only_dir / "inner")).list_artifacts()


def test_read_only_blob_folder_gives_a_clear_error(tmp_path: Path, read_only_dir: Path) -> None:
    store = open_store(str(tmp_path / "store"), str(read_only_dir))
    with pytest.raises(StoreUnavailable, match="is not writable"):
        store.save_value(1, "x")
    assert store.list_artifacts() == []  # the metadata side still works, and nothing was half-saved


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_list_show_get_delete_gc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "store")
    store = open_store(folder)
    store.save_value({"a": 1}, "cfg")
    store.save_value({"a": 2}, "cfg")
    store.save_value((1, 2), "pickled", storage_backend="pickle")

    code, out, _ = run_cli(capsys, "artifacts", "list", "--store", folder, "--json")
    assert code == 0
    assert [(row["name"], row["version"]) for row in json.loads(out)] == [
        ("pickled", 1),
        ("cfg", 2),
        ("cfg", 1),
    ]
    code, out, _ = run_cli(capsys, "artifacts", "list", "--store", folder, "--latest")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()[2:]] == [["pickled", "1"], ["cfg", "2"]]

    code, out, _ = run_cli(capsys, "artifacts", "show", "cfg", "-v", "1", "--store", folder, "--json")
    shown = json.loads(out)
    assert (code, shown["version"], shown["serializer"], shown["lineage"]["inputs"]) == (0, 1, "json", [])

    code, out, _ = run_cli(capsys, "artifacts", "get", "cfg", "--store", folder, "--json")
    assert (code, json.loads(out)["value"]) == (0, {"a": 2})
    target = tmp_path / "cfg.json"
    assert run_cli(capsys, "artifacts", "get", "cfg", "-v", "1", "-o", str(target), "--store", folder)[0] == 0
    assert json.loads(target.read_bytes()) == {"a": 1}

    code, _, err = run_cli(capsys, "artifacts", "get", "pickled", "--store", folder)
    assert code == 1
    assert "--allow-pickle" in err
    code, out, _ = run_cli(capsys, "artifacts", "get", "pickled", "--allow-pickle", "--store", folder)
    assert (code, out.strip()) == (0, "(1, 2)")

    code, out, _ = run_cli(capsys, "artifacts", "delete", "cfg", "--all", "--store", folder, "--json")
    assert (code, json.loads(out)["deleted_versions"]) == (0, [1, 2])
    code, out, err = run_cli(capsys, "artifacts", "gc", "--grace-seconds", "0", "--store", folder, "--json")
    assert code == 0
    assert json.loads(out)["removed_blobs"] == 2
    assert "gc: checked 3/3 blobs" in err


@pytest.mark.parametrize(
    ("argv", "exit_code", "message"),
    [
        (["artifacts", "show", "ghost"], 3, "no artifact named 'ghost'"),
        (["artifacts", "get", "ghost", "-v", "2"], 3, "no artifact named 'ghost'"),
        (["artifacts", "delete", "a/b", "--all"], 2, "path separator"),
        (["artifacts", "list", "--store", "mysql://db/x"], 1, "unsupported store URI scheme"),
    ],
)
def test_cli_errors_map_to_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], exit_code: int, message: str
) -> None:
    if "--store" not in argv:
        argv = [*argv, "--store", str(tmp_path / "store")]
    code, _, err = run_cli(capsys, *argv)
    assert code == exit_code
    assert message in err
