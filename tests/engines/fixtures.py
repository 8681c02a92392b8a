"""pytest fixtures over the engine venvs: ``engine_python(name)`` builds or reuses a venv, returns its python.

Import the fixtures into a test folder's conftest (``from tests.engines.fixtures import engine_python``).
A venv that cannot be built fails the test with uv's message; it is never silently skipped,
except when ``LINEAGE_EXT_SKIP_ENGINES=1`` asks to skip every engine test on a machine without them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.engines.build import REPO_ROOT, EngineBuildError, build_engine

EngineFactory = Callable[[str], Path]


@pytest.fixture(scope="session")
def engine_python() -> EngineFactory:
    """``engine_python("airflow3")`` -> path of that engine venv's python (built on first use)."""
    if os.environ.get("LINEAGE_EXT_SKIP_ENGINES") == "1":
        pytest.skip("LINEAGE_EXT_SKIP_ENGINES=1: engine tests are switched off on this machine")
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            try:
                built[name] = build_engine(name).python
            except EngineBuildError as exc:
                pytest.fail(f"engine venv {name!r} could not be built: {exc}")
        return built[name]

    return get


def engine_env(store: Path, extra: Mapping[str, str] | None = None, task_io: str = "store") -> dict[str, str]:
    """The environment of an engine process: our package on PYTHONPATH, a private artifact store.

    ``task_io`` is the backend the generated tasks use (``store``: the real artifact store).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONHOME"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), *filter(None, [extra and extra.get("PYTHONPATH")])])
    env["LINEAGE_EXT_STORE"] = str(store)
    env["LINEAGE_EXT_TASK_IO"] = task_io
    env["PYTHONWARNINGS"] = "ignore"  # engines' own deprecation chatter is not under test
    env.update({k: v for k, v in (extra or {}).items() if k != "PYTHONPATH"})
    return env


def run_checked(args: list[str], env: Mapping[str, str], cwd: Path, timeout: float = 240) -> str:
    """Run a command; on a non-zero exit fail the test with the tail of its output. Returns stdout+stderr."""
    proc = subprocess.run(
        args, env=dict(env), cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, args[:6]))} exited {proc.returncode}:\n{output[-6000:]}")
    return output
