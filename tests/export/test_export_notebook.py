"""End to end: a traced notebook saves artifacts, ``to_pipeline`` exports them, the export re-runs.

Uses the real tracer (an IPython shell with the extension), the real store and real slicing, so
this is the one test that covers the artifacts -> PipelineSpec step with real slices.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_sample import expected_values

from lineage_ext import api
from lineage_ext.export import task_io
from lineage_ext.export.to_pipeline import to_pipeline

CELLS = [
    "from sklearn.datasets import load_wine\nn_rows = 150",
    "raw = load_wine(as_frame=True).frame.sample(n=n_rows, random_state=0)",
    'features = raw.drop(columns=["proline"])\nfeatures["ratio"] = features["alcohol"] / features["malic_acid"]',
    "unused = len(raw) * 2",
    "from sklearn.model_selection import train_test_split\nfrom sklearn.tree import DecisionTreeClassifier\nmax_depth = 3",
    'X = features.drop(columns="target")\ny = features["target"]\n'
    "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)\n"
    "model = DecisionTreeClassifier(max_depth=max_depth, random_state=0).fit(X_train, y_train)\n"
    "score = float(model.score(X_test, y_test))",
]


@pytest.fixture
def traced_shell(artifact_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from lineage_ext.kernel import extension

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    shell.reset(new_session=False)
    extension.load(shell, persist=False)
    yield shell
    extension.unload(shell)


def test_traced_notebook_exports_to_a_script_that_reproduces_its_artifacts(
    traced_shell: object, artifact_store: Path, tmp_path: Path
) -> None:
    shell = traced_shell
    for code in CELLS:
        result = shell.run_cell(code, store_history=True)  # type: ignore[attr-defined]
        assert result.success, result.error_in_exec
    for variable, name in (("raw", "wine_raw"), ("features", "wine_features"), ("score", "wine_score")):
        api.save(shell.user_ns[variable], name)  # type: ignore[attr-defined]
    out = to_pipeline(
        ["wine_raw", "wine_features", "wine_score"],
        pipeline_name="wine_nb",
        output_dir=tmp_path / "out",
        input_parameters=["n_rows", "max_depth"],
        generate_test=True,
    )
    script = (out / "wine_nb.py").read_text()
    assert "unused" not in script
    assert "def run_all(*, n_rows: int = 150, max_depth: int = 3)" in script
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run(
        [sys.executable, "wine_nb.py", "--max_depth", "2"],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = expected_values(max_depth=2)
    for name in ("wine_raw", "wine_features", "wine_score"):
        task_io.assert_same_value(task_io.load(name), expected[name], name)
    scaffold = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_wine_nb_pipeline.py"],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert scaffold.returncode == 0, scaffold.stdout[-3000:]
    assert "3 passed" in scaffold.stdout
