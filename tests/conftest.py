"""Fixtures shared by every test area."""

from __future__ import annotations

import os

# Saves from traced sessions start a background re-run of their slice; tests of other areas do not want
# those subprocesses. The slicing tests call verification directly, and set this themselves where needed.
os.environ.setdefault("LINEAGE_EXT_VERIFY", "0")

pytest_plugins = ["pytest_jupyter.jupyter_server"]
