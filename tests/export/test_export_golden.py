"""Golden files: the exact text every target generates for the sample pipeline.

Each golden file is stored as ``<path>.golden`` so linters and formatters leave it alone.
A change in generated text must be deliberate: regenerate with
``LINEAGE_EXT_UPDATE_GOLDEN=1 pytest tests/export/test_export_golden.py`` and review the diff.
(KUBEFLOW's compiled YAML is not golden: it is only produced where kfp is installed, and the
engine test checks it.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from export_sample import sample_spec

from lineage_ext.export.registry import export_files, frameworks

GOLDEN = Path(__file__).parent / "golden"
CONFIG = {
    "AIRFLOW": {"retries": 2, "schedule": "@daily", "start_date": "2025-03-01", "tags": ["ml"]},
    "ARGO": {
        "image": "images.example/wine:1",
        "store_uri": "postgresql://db/lineage",
        "blobs_uri": "s3://b/p",
    },
    "KUBEFLOW": {"base_image": "python:3.11", "store_uri": "postgresql://db/lineage"},
    "RAY": {"num_cpus": 2},
    "PREFECT": {"retries": 1},
}


@pytest.mark.parametrize("framework", frameworks())
def test_generated_files_match_golden(framework: str) -> None:
    files = export_files(sample_spec(generate_test=True, dag_config=CONFIG.get(framework, {})), framework)
    files.pop("wine_kfp.yaml", None)
    folder = GOLDEN / framework.lower()
    if os.environ.get("LINEAGE_EXT_UPDATE_GOLDEN") == "1":
        for path, text in files.items():
            golden = folder / f"{path}.golden"
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text)
    on_disk = {
        p.relative_to(folder).as_posix().removesuffix(".golden"): p.read_text()
        for p in folder.rglob("*.golden")
    }
    assert sorted(files) == sorted(on_disk)
    for path, text in files.items():
        assert text == on_disk[path], f"{framework}/{path} differs from its golden file"
