"""The benchmark corpus: run each notebook traced, save several artifacts chosen by type (the last
DataFrame, array, model and number each notebook assigns), and verify every slice in a fresh interpreter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from lineage_ext.errors import SerializationError

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus"
NOTEBOOKS = sorted(CORPUS.glob("*.py"))
FAST = ["02_wine_classifier.py", "06_csv_roundtrip.py"]


def cells_of(path: Path) -> list[str]:
    cells = re.split(r"^# %%[^\n]*$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    return [cell.strip("\n") for cell in cells if cell.strip()]


def kind_of(value: Any) -> str | None:
    module = type(value).__module__.split(".")[0]
    if module == "pandas" and type(value).__name__ in ("DataFrame", "Series"):
        return "table"
    if module == "numpy" and type(value).__name__ == "ndarray":
        return "array"
    if module == "sklearn" and hasattr(value, "get_params"):
        return "model"
    if type(value) in (int, float):
        return "number"
    if type(value) in (list, dict):
        return "collection"
    return None


def pick_variables(notebook) -> list[str]:
    """The last two variables of each kind, in the order the notebook assigned them."""
    last: dict[str, list[tuple[int, str]]] = {}
    for position, node in enumerate(notebook.graph.nodes_of_kind("variable")):
        if node.deleted or node.external or node.name not in notebook.ns:
            continue
        if notebook.graph.latest_version(node.name) is not node:
            continue
        kind = kind_of(notebook.ns[node.name])
        if kind is not None:
            last[kind] = [*last.get(kind, []), (position, node.name)][-2:]
    return [name for _, name in sorted(item for items in last.values() for item in items)]


def run_and_verify(notebook, path: Path) -> dict[str, str]:
    for cell in cells_of(path):
        notebook.run_cell(cell)
    outcomes: dict[str, str] = {}
    for variable in pick_variables(notebook):
        try:
            artifact = notebook.save(variable)
        except SerializationError:
            continue  # the store has no safe serializer for it; nothing to verify
        verification = notebook.verify(artifact)
        outcomes[variable] = f"{verification.status}: {verification.reason}"
    return outcomes


@pytest.fixture
def corpus_notebook(notebook, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return notebook


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning")
@pytest.mark.parametrize("name", FAST)
def test_corpus_fast_subset(corpus_notebook, name):
    outcomes = run_and_verify(corpus_notebook, CORPUS / name)
    assert len(outcomes) >= 2
    assert outcomes == dict.fromkeys(outcomes, "verified: None")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_corpus_every_notebook(corpus_notebook, path):
    outcomes = run_and_verify(corpus_notebook, path)
    assert outcomes
    assert outcomes == dict.fromkeys(outcomes, "verified: None")
