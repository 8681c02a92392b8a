"""Build (or reuse) one virtual environment per orchestrator for the export tests.

Owns the engine venvs under ``<repo>/.engines/<engine>/`` (override with ``$LINEAGE_EXT_ENGINES_DIR``):
each is created with ``uv venv`` and filled with ``uv pip install`` from the pins in
``tests/engines/pins.toml``. A stamp file inside each venv records the hash of its pins and
interpreter; a venv whose stamp matches is reused as is, so only changed pins cost a rebuild.

Usage (from the repository root)::

    python -m tests.engines.build              # every engine, two at a time
    python -m tests.engines.build ray dvc      # just these
    python -m tests.engines.build --cold       # measure with an empty uv cache (throwaway)

Prints one JSON object with the seconds each engine took (``0`` work means it was reused).
It never touches the project's own ``.venv``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PINS_FILE = Path(__file__).with_name("pins.toml")
STAMP_NAME = "lineage-ext-pins.sha256"
PARALLEL_BUILDS = 2  # the CI machine has 2 cores; uv is network- and unzip-bound

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class EngineBuildError(RuntimeError):
    """uv could not create or fill an engine venv; the message carries uv's own output."""


@dataclass(frozen=True)
class BuildResult:
    engine: str
    python: Path
    seconds: float
    rebuilt: bool


def engines_dir() -> Path:
    return Path(os.environ.get("LINEAGE_EXT_ENGINES_DIR", REPO_ROOT / ".engines"))


def pins_file() -> Path:
    return Path(os.environ.get("LINEAGE_EXT_ENGINE_PINS", PINS_FILE))


def load_pins() -> dict[str, list[str]]:
    """Engine name -> the full package list to install (common packages first)."""
    data = tomllib.loads(pins_file().read_text())
    common = list(data.get("common", {}).get("packages", []))
    return {name: [*common, *entry["packages"]] for name, entry in data["engines"].items()}


def find_uv() -> str:
    beside_python = Path(sys.executable).with_name("uv")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("uv")
    if found is None:
        raise EngineBuildError("uv is not installed: install it in the project venv (pip install uv)")
    return found


def venv_python(engine: str) -> Path:
    return engines_dir() / engine / "bin" / "python"


def _stamp_for(packages: Sequence[str]) -> str:
    base_python = f"{sys.version_info.major}.{sys.version_info.minor}"
    payload = json.dumps({"python": base_python, "packages": list(packages)})
    return hashlib.sha256(payload.encode()).hexdigest()


def _is_current(engine: str, stamp: str) -> bool:
    stamp_file = engines_dir() / engine / STAMP_NAME
    return venv_python(engine).exists() and stamp_file.exists() and stamp_file.read_text() == stamp


def _run_uv(args: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise EngineBuildError(f"{' '.join(args[:4])} ... failed:\n{proc.stderr[-4000:]}")


def _lock_for(engine: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(engine, threading.Lock())


def build_engine(engine: str, uv_cache_dir: str | None = None) -> BuildResult:
    """Create the engine venv unless a venv with the same pins exists; return its python."""
    pins = load_pins()
    if engine not in pins:
        raise EngineBuildError(f"unknown engine {engine!r}; known: {', '.join(sorted(pins))}")
    stamp = _stamp_for(pins[engine])
    started = time.perf_counter()
    with _lock_for(engine):
        if _is_current(engine, stamp):
            return BuildResult(engine, venv_python(engine), 0.0, rebuilt=False)
        target = engines_dir() / engine
        env = dict(os.environ)
        if uv_cache_dir is not None:
            env["UV_CACHE_DIR"] = uv_cache_dir
        uv = find_uv()
        base_python = getattr(sys, "_base_executable", sys.executable)
        # --allow-existing: never wipe a venv another process may be using; pinned installs below
        # bring an existing one to the pins (uv up/downgrades the named packages).
        _run_uv([uv, "venv", "--allow-existing", "--quiet", "--python", base_python, str(target)], env)
        if pins[engine]:
            _run_uv(
                [uv, "pip", "install", "--quiet", "--python", str(venv_python(engine)), *pins[engine]], env
            )
        (target / STAMP_NAME).write_text(stamp)
    return BuildResult(engine, venv_python(engine), time.perf_counter() - started, rebuilt=True)


def build_many(engines: Sequence[str], cold: bool = False) -> dict[str, object]:
    """Build engines two at a time; return timings and failures (never raises for one engine)."""
    cache = tempfile.mkdtemp(prefix="uv-cold-cache-") if cold else None
    report: dict[str, object] = {}
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=PARALLEL_BUILDS) as pool:
            futures = {name: pool.submit(build_engine, name, cache) for name in engines}
            for name, future in futures.items():
                try:
                    result = future.result()
                    report[name] = {"seconds": round(result.seconds, 1), "rebuilt": result.rebuilt}
                except EngineBuildError as exc:
                    report[name] = {"error": str(exc)}
    finally:
        if cache is not None:
            shutil.rmtree(cache, ignore_errors=True)
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    report["cold_uv_cache"] = cold
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("engines", nargs="*", help="engine names from pins.toml (default: all)")
    parser.add_argument("--cold", action="store_true", help="use an empty, throwaway uv cache")
    parser.add_argument("--force", action="store_true", help="rebuild even when the pins did not change")
    args = parser.parse_args(argv)
    names = args.engines or sorted(load_pins())
    if args.force:
        for name in names:
            (engines_dir() / name / STAMP_NAME).unlink(missing_ok=True)
    report = build_many(names, cold=args.cold)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 1 if any(isinstance(v, dict) and "error" in v for v in report.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
