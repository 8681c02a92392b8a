"""A real exported pipeline for the ``run_pipeline`` / ``lineage-ext run`` tests.

A traced script (run with ``lineage-ext python``) saves a diamond of artifacts, ``base`` -> ``scaled``
(parameter ``factor``) and ``shifted`` (parameter ``offset``) -> ``total``; ``lineage-ext export`` turns
them into pipeline folders. Building that once per module and copying it per test keeps the tests fast.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = ("base", "scaled", "shifted", "total")
SCRIPT = textwrap.dedent(
    """
    import lineage_ext
    factor = 3
    offset = 10
    base = [i * i for i in range(6)]
    lineage_ext.save(base, "base")
    scaled = [factor * b for b in base]
    lineage_ext.save(scaled, "scaled")
    shifted = [b + offset for b in base]
    lineage_ext.save(shifted, "shifted")
    total = {"sum": sum(scaled) + sum(shifted), "n": len(base)}
    lineage_ext.save(total, "total")
    """
)


def expected_values(factor: int = 3, offset: int = 10) -> dict[str, Any]:
    base = [i * i for i in range(6)]
    scaled = [factor * b for b in base]
    shifted = [b + offset for b in base]
    return {
        "base": base,
        "scaled": scaled,
        "shifted": shifted,
        "total": {"sum": sum(scaled) + sum(shifted), "n": len(base)},
    }


def cli_env(store: Path) -> dict[str, str]:
    env = {**os.environ, "LINEAGE_EXT_STORE": str(store), "LINEAGE_EXT_VERIFY": "0"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env.pop("LINEAGE_EXT_BLOBS", None)
    env.pop("LINEAGE_EXT_TASK_IO", None)
    return env


def lineage_ext(*args: str, store: Path, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "lineage_ext.cli", *args]
    return subprocess.run(
        command, check=False, env=cli_env(store), cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def make_template(root: Path, frameworks: Sequence[str]) -> Path:
    """``root/store`` with the traced artifacts and ``root/<framework>`` exported folders."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "make.py").write_text(SCRIPT)
    store = root / "store"
    traced = lineage_ext("python", "make.py", store=store, cwd=root)
    assert traced.returncode == 0, traced.stderr
    for framework in frameworks:
        exported = lineage_ext(
            "export", *ARTIFACTS, "-f", framework, "-o", framework.lower(), "--name", "demo",
            "--param", "factor", "--param", "offset", store=store, cwd=root,
        )  # fmt: skip
        assert exported.returncode == 0, exported.stderr
    return root


def copy_template(template: Path, destination: Path) -> Path:
    shutil.copytree(template, destination, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def work_copy(template: Path, destination: Path, monkeypatch: Any) -> Path:
    """A private copy of the template whose store this process and the CLI use (no verification runs)."""
    from lineage_ext.export import task_io

    root = copy_template(template, destination)
    monkeypatch.setenv("LINEAGE_EXT_STORE", str(root / "store"))
    monkeypatch.setenv("LINEAGE_EXT_VERIFY", "0")
    for name in ("LINEAGE_EXT_BLOBS", "LINEAGE_EXT_TASK_IO", task_io.RUN_ENV):
        monkeypatch.delenv(name, raising=False)
    return root


def break_task(folder: Path, module_file: str, function: str) -> None:
    """Make ``function`` of the exported tasks module raise as soon as it runs."""
    module = folder / module_file
    header = f"def {function}("
    text = module.read_text()
    start = text.index(header)
    body = text.index('"""\n', text.index('"""', start) + 3) + 4
    module.write_text(text[:body] + '    raise RuntimeError("injected failure")\n' + text[body:])
