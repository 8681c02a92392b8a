"""requirements.txt lists every package the exported pipeline imports, and what its task I/O needs.

A traced notebook reads pandas (imported as ``pd``) and saves DataFrames, which the store writes as
parquet through pyarrow: both must be pinned at the versions the session recorded / had installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from lineage_ext import api
from lineage_ext.export.to_pipeline import to_pipeline

CELLS = [
    "import pandas as pd\nfrom sklearn.preprocessing import StandardScaler",
    "raw = pd.DataFrame({'a': [1.0, 2.0, 3.0, 4.0], 'b': [4.0, 3.0, 2.0, 1.0]})",
    "scaled = pd.DataFrame(StandardScaler().fit_transform(raw), columns=raw.columns)",
]


@pytest.fixture
def traced_shell(artifact_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from lineage_ext.kernel import extension

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    monkeypatch.chdir(tmp_path)
    shell.reset(new_session=False)
    extension.load(shell, persist=False)
    yield shell
    extension.unload(shell)


def test_requirements_pin_every_imported_package_and_the_io_backends(
    traced_shell: object, tmp_path: Path
) -> None:
    shell = traced_shell
    for code in CELLS:
        result = shell.run_cell(code, store_history=True)  # type: ignore[attr-defined]
        assert result.success, result.error_in_exec
    api.save(shell.user_ns["raw"], "req_raw")  # type: ignore[attr-defined]
    api.save(shell.user_ns["scaled"], "req_scaled")  # type: ignore[attr-defined]
    out = to_pipeline(["req_raw", "req_scaled"], pipeline_name="req", output_dir=tmp_path / "out")
    lines = (out / "requirements.txt").read_text().splitlines()
    pins = {line.split("==")[0].lower(): line.split("==")[1] for line in lines if "==" in line}
    assert pins.get("pandas") == version("pandas")
    assert pins.get("scikit-learn") == version("scikit-learn")
    assert pins.get("pyarrow") == version("pyarrow")


def test_dataframes_from_a_library_still_pin_pandas_and_pyarrow(traced_shell: object, tmp_path: Path) -> None:
    """The notebook never imports pandas itself: the task I/O still needs it to load the frame."""
    shell = traced_shell
    for code in ("from sklearn.datasets import load_wine", "raw = load_wine(as_frame=True).frame.head(30)"):
        result = shell.run_cell(code, store_history=True)  # type: ignore[attr-defined]
        assert result.success, result.error_in_exec
    api.save(shell.user_ns["raw"], "req_wine")  # type: ignore[attr-defined]
    out = to_pipeline(["req_wine"], pipeline_name="req2", output_dir=tmp_path / "out")
    lines = (out / "requirements.txt").read_text().splitlines()
    assert f"pandas=={version('pandas')}" in lines
    assert f"pyarrow=={version('pyarrow')}" in lines
    assert f"scikit-learn=={version('scikit-learn')}" in lines
    assert not any(line.startswith(("sys", "os==")) for line in lines)
