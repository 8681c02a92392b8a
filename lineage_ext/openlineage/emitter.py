"""Send OpenLineage events off the caller's thread, in order, through the client's configured transport.

One daemon worker per process takes save records from a queue, builds their events and emits them,
so a slow or unreachable lineage backend never slows ``save()``. ``flush()`` waits until everything
queued so far has been handed to the transport (tests and short scripts call it before exiting; it
also runs at interpreter exit). A failing transport is logged once and never raises to the user.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from .events import SaveRecord, build_events

log = logging.getLogger(__name__)
FLUSH_AT_EXIT_SECONDS = 5.0

_queue: queue.Queue[tuple[SaveRecord, Callable[[], str | None]] | threading.Event] = queue.Queue()
_lock = threading.Lock()
_worker: threading.Thread | None = None
_client: Any = None
_warned = False


def emit_save(record: SaveRecord, code: Callable[[], str | None] = lambda: None) -> None:
    """Queue the events of one save; ``code`` is called on the worker to compute the slice lazily."""
    _ensure_worker()
    _queue.put((record, code))


def flush(timeout: float = 30.0) -> bool:
    """Wait until every queued save was emitted; False if ``timeout`` seconds passed first."""
    if _worker is None:
        return True
    done = threading.Event()
    _queue.put(done)  # the worker sets it when it gets there, so everything before it was emitted
    return done.wait(timeout)


def _ensure_worker() -> None:
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="lineage-ext-openlineage", daemon=True)
            _worker.start()
            atexit.register(flush, FLUSH_AT_EXIT_SECONDS)


def _run() -> None:
    while True:
        item = _queue.get()
        if isinstance(item, threading.Event):
            item.set()
            continue
        record, code = item
        _emit(record, code)


def _emit(record: SaveRecord, code: Callable[[], str | None]) -> None:
    global _warned
    try:
        from openlineage.client.uuid import generate_new_uuid

        if record.code is None:
            record = _with_code(record, code)
        client = _get_client()
        for event in build_events(record, str(generate_new_uuid())):
            client.emit(event)
    except Exception:
        if not _warned:
            _warned = True
            log.warning("lineage_ext: could not emit OpenLineage events (logged once)", exc_info=True)


def _with_code(record: SaveRecord, code: Callable[[], str | None]) -> SaveRecord:
    from dataclasses import replace

    try:
        return replace(record, code=code())
    except Exception:
        log.debug("lineage_ext: no slice for the OpenLineage source-code facet", exc_info=True)
        return record


def _get_client() -> Any:
    global _client
    if _client is None:
        from openlineage.client import OpenLineageClient

        _client = OpenLineageClient()
    return _client


def reset_client() -> None:
    """Forget the client, so the next event reads the configuration again (tests change it)."""
    global _client
    flush()
    _client = None
