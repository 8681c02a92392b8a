"""``lineage-ext python`` and ``lineage-ext notebook`` end to end, in subprocesses, on a temporary store."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import nbformat
from cli_helpers import CLI, base_env

SCRIPT = """\
import sys
import lineage_ext

rows = [5, 3, 1]
rows.sort()
unused = "not part of any slice"
total = sum(rows) + len(sys.argv)
lineage_ext.save(rows, "sorted_rows")
print("total is", total, "cwd-relative data:", open("data.txt").read())
"""


def write_script(folder: Path, text: str = SCRIPT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.txt").write_text("hello")
    script = folder / "job.py"
    script.write_text(text)
    return script


def test_python_runs_traced_saves_slices_and_script_saves(cli: CLI, tmp_path: Path) -> None:
    script = write_script(tmp_path)
    result = cli("python", "--slice", "total", "--json", str(script), "--", "a", "b")
    assert result.code == 0, result.stderr
    report = result.json()  # stdout holds only JSON: the script's prints went to stderr
    assert "total is 12" in result.stderr  # 9 + len(["job.py", "a", "b"])
    assert [(a["name"], a["version"]) for a in report["artifacts"]] == [("sorted_rows", 1), ("total", 1)]
    assert report["script"] == str(script)
    shown = cli("artifacts", "show", "total", "--json").json()
    assert shown["code_captured"] is True  # traced: the code was captured
    assert shown["notebook_path"] == str(script)
    value = cli("artifacts", "get", "total", "--json").json()
    assert value["value"] == 12
    status = cli("status", "--json").json()
    assert (status["artifacts"], status["versions"]) == (2, 2)
    assert status["sessions"] >= 1  # the session graph was persisted


def test_python_text_output_and_export_slice(cli: CLI, tmp_path: Path) -> None:
    script = write_script(tmp_path)
    slice_file = tmp_path / "slices.py"
    result = cli("python", str(script), "--slice", "rows", "--export-slice", str(slice_file))
    assert result.code == 0, result.stderr
    assert "total is 10" in result.stdout  # without --json the script prints on stdout
    assert "saved artifact rows version 1" in result.stdout
    text = slice_file.read_text()
    assert "# ---- artifact rows version 1" in text
    for item_line in text.splitlines():  # either real code or the reason there is none
        assert "unused" not in item_line or item_line.startswith("#")


def test_python_exit_codes(cli: CLI, tmp_path: Path) -> None:
    missing = cli("python", str(tmp_path / "nope.py"), "--json")
    assert missing.code == 3
    assert missing.json()["error"] == "FileNotFoundError"

    failing = write_script(tmp_path / "failing", "x = 1\nraise ValueError('bad input row')\n")
    failed = cli("python", str(failing))
    assert failed.code == 1
    assert "ValueError" in failed.stderr
    assert "bad input row" in failed.stderr

    exiting = write_script(tmp_path / "exiting", "import sys\nsys.exit(4)\n")
    assert cli("python", str(exiting)).code == 4

    # sys.exit(0) is a clean end: the run goes on to the slices, and a missing variable is an error
    clean_exit = write_script(tmp_path / "clean", "value = 1\nimport sys\nsys.exit(0)\n")
    no_variable = cli("python", str(clean_exit), "--slice", "value", "--slice", "nothing_here")
    assert no_variable.code == 1
    assert "no variable 'nothing_here'" in no_variable.stderr

    half_export = cli("python", str(write_script(tmp_path / "ok2", "a = 1\n")), "--framework", "SCRIPT")
    assert half_export.code == 2
    assert "--export-dir" in half_export.stderr


def test_python_export_to_a_pipeline_or_a_clear_error(cli: CLI, tmp_path: Path) -> None:
    script = write_script(tmp_path)
    out = tmp_path / "pipeline"
    result = cli(
        "python", str(script), "--slice", "total", "--framework", "SCRIPT", "--export-dir", str(out), "--json"
    )
    try:
        import lineage_ext.slicing.entry_points  # noqa: F401
    except ModuleNotFoundError:  # slicing not installed: export must refuse clearly, saving nothing half
        assert result.code == 1
        assert "slicing" in result.json()["message"]
    else:
        assert result.code == 0, result.stderr
        assert Path(result.json()["export_dir"]) == out
        assert any(out.iterdir())


def test_plain_python_save_without_the_tracer(tmp_path: Path, store: Path) -> None:
    script = tmp_path / "plain.py"
    script.write_text(
        "import lineage_ext\nartifact = lineage_ext.save({'rows': 3}, 'plain_result')\nprint(artifact.version)\n"
    )
    completed = subprocess.run(
        [sys.executable, str(script)],
        env=base_env(store),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "1"
    reader = subprocess.run(
        [
            sys.executable,
            "-c",
            "import lineage_ext, json; a = lineage_ext.get('plain_result'); "
            "print(json.dumps([a.get_value(), a.metadata['code_captured']]))",
        ],
        env=base_env(store),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert json.loads(reader.stdout) == [{"rows": 3}, False]


def write_notebook(path: Path, cells: list[str]) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# A small analysis")]
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(notebook, path)
    return path


def test_notebook_runs_cells_and_saves_an_expression(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "numbers.txt").write_text("4\n5\n6\n")
    path = write_notebook(
        tmp_path / "analysis.ipynb",
        [
            "%%capture\nprint('magics work')",
            "values = [int(line) for line in open('numbers.txt')]  # relative to the notebook's folder",
            "values.append(10)\nmean = sum(values) / len(values)\nmean",
        ],
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = cli("notebook", str(path), "scaled_mean", "mean * 2", "--json", cwd=tmp_path.parent)
    assert result.code == 0, result.stderr
    report = result.json()
    assert [(a["name"], a["version"]) for a in report["artifacts"]] == [("scaled_mean", 1)]
    assert report["notebook"] == str(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the notebook is not edited
    assert cli("artifacts", "get", "scaled_mean", "--json").json()["value"] == 12.5
    shown = cli("artifacts", "show", "scaled_mean", "--json").json()
    assert shown["code_captured"] is True
    assert shown["notebook_path"] == str(path)


def test_notebook_failures_name_the_cell(cli: CLI, tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "broken.ipynb", ["a = 1", "b = a / 0", "c = 3"])
    result = cli("notebook", str(path), "result", "a", "--json")
    assert result.code == 1
    failure = result.json()
    assert failure["cell"] == 2
    assert "ZeroDivisionError" in failure["message"]

    good = write_notebook(tmp_path / "good.ipynb", ["a = 1"])
    bad_expression = cli("notebook", str(good), "result", "undefined_name + 1")
    assert bad_expression.code == 1
    assert "NameError" in bad_expression.stderr
    bad_name = cli("notebook", str(good), "../escape", "a")
    assert bad_name.code == 2
    assert cli("notebook", str(tmp_path / "missing.ipynb"), "result", "a").code == 3
