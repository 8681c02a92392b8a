"""Helpers for CLI tests: run ``lineage-ext`` in a subprocess and read its output."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# the package may not be installed (no console script yet): run the same entry point through -c
ENTRY = "import sys; from lineage_ext.cli import main; sys.exit(main())"


class Result:
    def __init__(self, completed: subprocess.CompletedProcess[str]) -> None:
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


CLI = Callable[..., Result]


def base_env(store: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["LINEAGE_EXT_STORE"] = str(store)
    env.pop("LINEAGE_EXT_BLOBS", None)
    return env
