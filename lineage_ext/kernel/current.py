"""Kernel-side public API: `graph()` (exported as `lineage_ext.graph`) and `current_session()`.

Both find the running IPython shell without importing IPython when it is not loaded already, so calling
them from a plain Python process is cheap and gives `None`/a clear error.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from lineage_ext.errors import TracerError

if TYPE_CHECKING:
    from lineage_ext.ir import Graph

    from .session import TracerSession


def current_session() -> TracerSession | None:
    """The tracer session of the running IPython shell, or None outside a traced kernel."""
    ipython_module = sys.modules.get("IPython")
    if ipython_module is None:
        return None
    shell = ipython_module.get_ipython()
    if shell is None:
        return None
    from .extension import session_of

    return session_of(shell)


def graph() -> Graph:
    """The current session's lineage graph (a read-only snapshot)."""
    session = current_session()
    if session is None:
        raise TracerError(
            "no lineage tracer is active in this process: run `%load_ext lineage_ext` in an IPython "
            "kernel first"
        )
    return session.graph()
