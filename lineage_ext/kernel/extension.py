"""`%load_ext lineage_ext`: start tracing a shell; `%unload_ext lineage_ext`: stop and restore everything.

Loading installs the cell hooks, the file-open audit listener, the call-trace listener and (unless
`persist=False`) the background writer that saves the graph and traces to the store.

Loading twice is harmless (the second load is a no-op). The session registry maps a shell to its tracer;
`api.current_session()` reads it through IPython's `get_ipython()`.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import sys
import weakref
from dataclasses import dataclass
from typing import Any

from .calltraces import TraceListener
from .files import install_hook
from .hooks import ShellHooks
from .persist import SessionWriter
from .push import GraphPush, fan_out
from .session import ChangeListener, TracerSession, new_session_info

logger = logging.getLogger("lineage_ext")
_KERNEL_FILE = re.compile(r"kernel-(.+)\.json$")


@dataclass
class _Loaded:
    session: TracerSession
    hooks: ShellHooks
    writer: SessionWriter | None
    traces: TraceListener
    push: GraphPush | None = None


_loaded: weakref.WeakKeyDictionary[Any, _Loaded] = weakref.WeakKeyDictionary()


def kernel_id_of(shell: Any) -> str | None:
    """ipykernel's connection file is `kernel-<id>.json`; plain IPython has no kernel id."""
    kernel = getattr(shell, "kernel", None)
    connection_file = getattr(getattr(kernel, "parent", None), "connection_file", None)
    if connection_file is None and "ipykernel" in sys.modules:  # never import ipykernel just to ask
        try:
            connection_file = sys.modules["ipykernel"].get_connection_file()
        except Exception:
            return None
    if connection_file is None:
        return None
    match = _KERNEL_FILE.search(os.path.basename(str(connection_file)))
    return match.group(1) if match else None


def load(ipython: Any, persist: bool | None = None) -> TracerSession:
    """Start tracing `ipython`. `persist=None` saves session graphs unless `LINEAGE_EXT_PERSIST=0`."""
    existing = _loaded.get(ipython)
    if existing is not None:
        return existing.session
    if persist is None:
        persist = os.environ.get("LINEAGE_EXT_PERSIST", "1") != "0"
    info = new_session_info(kernel_id_of(ipython), os.environ.get("JPY_SESSION_NAME"))
    writer = SessionWriter() if persist else None
    if writer is not None:  # a kernel shut down right after its last cell still saves that cell's graph
        atexit.register(writer.close, 3.0)
    hidden = frozenset(getattr(ipython, "user_ns_hidden", {}))
    push = GraphPush.for_shell(ipython)  # change sets to the panel over a comm (ipykernel only)
    listeners: list[ChangeListener] = []
    if push is not None:  # first: the panel's message is on its way before the writer thread wakes
        listeners.append(push.push)
    if writer is not None:
        listeners.append(writer.submit)
    session = TracerSession(
        ipython.user_ns,
        info,
        fan_out(listeners),
        hidden,
        on_trace=writer.submit_trace if writer else None,
    )
    hooks = ShellHooks(ipython, session)
    traces = TraceListener(session)
    install_hook()
    hooks.install()
    traces.install()
    if push is not None:
        push.install(session)
    _loaded[ipython] = _Loaded(session, hooks, writer, traces, push)
    return session


def unload(ipython: Any) -> None:
    loaded = _loaded.pop(ipython, None)
    if loaded is None:
        return
    loaded.hooks.uninstall()
    loaded.traces.uninstall()
    if loaded.push is not None:
        loaded.push.uninstall()
    if loaded.writer is not None:
        atexit.unregister(loaded.writer.close)
        loaded.writer.close()


def session_of(ipython: Any) -> TracerSession | None:
    loaded = _loaded.get(ipython)
    return loaded.session if loaded else None


def writer_of(ipython: Any) -> SessionWriter | None:
    loaded = _loaded.get(ipython)
    return loaded.writer if loaded else None
