"""Slices of late, mutated variables on the notebook corpus: reproduced directly / after repair / total.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/corpus_slices.py [-k TEXT] [--per-notebook N]``.
Each notebook of ``benchmarks/corpus`` and ``benchmarks/corpus_mutation`` (mutation-heavy notebooks
whose slices are expected to need repair today, kept apart so the corpus test's all-verified check holds)
runs traced in a real IPython shell. Per notebook, up to N
variables (default 4) are saved: the latest versions of names the notebook changed after binding them
(a mutation or a re-binding), latest first, then other late variables; a value the store has no safe
serializer for is passed over for the next one.
Each slice is verified in a fresh interpreter; a failed one is repaired (``slicing.repair``) and counted
as reproduced after repair only when the repaired slice was re-run and compared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "slicing"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only notebooks whose name contains this text")
    parser.add_argument("--per-notebook", type=int, default=4)
    args = parser.parse_args()
    os.environ["LINEAGE_EXT_VERIFY"] = "0"
    os.environ.setdefault("MPLBACKEND", "Agg")
    warnings.simplefilter("ignore")
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    totals = [0, 0, 0]  # direct, after repair, total
    started = time.perf_counter()
    paths = sorted((HERE / "corpus").glob("*.py")) + sorted((HERE / "corpus_mutation").glob("*.py"))
    for path in paths:
        if args.k in f"{path.parent.name}/{path.name}":
            counts = _notebook(shell, path, args.per_notebook)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    direct, repaired, total = totals
    print(f"\ncorpus slices reproduced directly: {direct}/{total}")
    print(f"corpus slices reproduced after repair: {repaired}/{total}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


def _notebook(shell: Any, path: Path, per_notebook: int) -> list[int]:
    from test_slicing_corpus import cells_of

    from lineage_ext import api
    from lineage_ext.kernel import extension

    with tempfile.TemporaryDirectory() as folder:
        cwd = os.getcwd()
        os.chdir(folder)
        os.environ["LINEAGE_EXT_STORE"] = str(Path(folder) / "store")
        shell.reset(new_session=False)
        session = extension.load(shell, persist=False)
        try:
            for cell in cells_of(path):
                if not shell.run_cell(cell, store_history=True).success:
                    print(f"{path.name}: a cell raised; measuring what ran")
                    break
            chosen = pick_late_mutated(session.graph(), shell.user_ns)
            artifacts = []
            for variable in chosen:
                if len(artifacts) == per_notebook:
                    break
                try:
                    artifacts.append(api.save(shell.user_ns[variable], variable))
                except Exception as exc:  # no safe serializer: not measurable, take the next one
                    print(f"{path.name}: {variable} not saved ({type(exc).__name__})")
        finally:
            extension.unload(shell)
        counts = [_measure(path.name, artifact, Path(folder)) for artifact in artifacts]
        os.chdir(cwd)
    return [sum(c[0] for c in counts), sum(c[1] for c in counts), len(counts)]


def pick_late_mutated(graph: Any, namespace: dict[str, Any]) -> list[str]:
    """Latest versions of names changed after binding first (latest first), then other late names."""
    from test_slicing_corpus import kind_of

    changed, others = [], []
    for node in reversed(graph.nodes_of_kind("variable")):
        name = node.name
        if node.deleted or node.external or name not in namespace or graph.latest_version(name) is not node:
            continue
        if kind_of(namespace[name]) is None or name.startswith("_"):
            continue
        mutated = any(e.kind == "mutates" for e in graph.in_edges(node.id))
        (changed if mutated or len(graph.variable_versions(name)) > 1 else others).append(name)
    return list(dict.fromkeys(changed + others))


def _measure(notebook: str, artifact: Any, folder: Path) -> tuple[int, int]:
    from lineage_ext.slicing.repair import repair_artifact, repair_budget
    from lineage_ext.slicing.verify import verify_artifact

    store = artifact.store
    result = verify_artifact(store, artifact.name, artifact.version, cwd=folder)
    if result.status == "verified":
        print(f"verified  {notebook}: {artifact.name}")
        return 1, 1
    budget = repair_budget(result.total_seconds) or 10.0
    record = repair_artifact(store, artifact.name, artifact.version, result, budget, cwd=folder)
    mark = "REPAIRED" if record.state == "repaired" else "FAILED  "
    print(f"{mark}  {notebook}: {artifact.name}: {result.reason} -> {record.reason} [{record.pattern}]")
    return 0, int(record.state == "repaired")


if __name__ == "__main__":
    sys.exit(main())
