"""Writing session graphs to the store from a background thread, so the cell never waits for the disk.

One daemon thread per session keeps only the newest pending graph (older ones are skipped) and writes it
with `put_session`. The store is imported lazily, opened once, and every failure is logged once and
swallowed: persistence must never raise into user code.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from lineage_ext.ir import Graph

logger = logging.getLogger("lineage_ext")


class SessionWriter:
    def __init__(self, store_uri: str | None = None) -> None:
        self._store_uri = store_uri
        self._store: Any = None
        self._pending: Graph | None = None
        self._condition = threading.Condition()
        self._stopped = False
        self._busy = False
        self._logged = False
        self.latencies: list[float] = []  # seconds from submit to written, newest last (benchmark figure)
        self.writes = 0
        self._submitted_at = 0.0
        self._thread = threading.Thread(target=self._loop, name="lineage_ext-session-writer", daemon=True)
        self._thread.start()

    def submit(self, graph: Graph) -> None:
        with self._condition:
            self._pending = graph
            self._submitted_at = time.perf_counter()
            self._condition.notify()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything submitted so far is written; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._pending is not None or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._thread.is_alive():
                    return False
                self._condition.wait(remaining)
        return True

    def close(self, timeout: float = 5.0) -> None:
        self.flush(timeout)
        with self._condition:
            self._stopped = True
            self._condition.notify_all()
        self._thread.join(timeout)
        if self._store is not None and not self._thread.is_alive():
            try:
                self._store.close()
            except Exception as exc:
                self._log_once(exc)

    def _loop(self) -> None:
        self._open_store()  # right away, so the first cell's graph does not wait for the store's import
        while True:
            with self._condition:
                while self._pending is None and not self._stopped:
                    self._condition.wait()
                if self._pending is None:
                    return
                graph, self._pending, self._busy = self._pending, None, True
                submitted = self._submitted_at
            self._write(graph)
            with self._condition:
                self.latencies = [*self.latencies[-999:], time.perf_counter() - submitted]
                self._busy = False
                self._condition.notify_all()

    def _open_store(self) -> None:
        try:
            from lineage_ext.store import open_store

            self._store = open_store(self._store_uri) if self._store_uri else open_store()
        except Exception as exc:
            self._log_once(exc)

    def _log_once(self, exc: Exception) -> None:
        if not self._logged:
            self._logged = True
            logger.warning("lineage_ext: could not save the session graph to the store", exc_info=exc)

    def _write(self, graph: Graph) -> None:
        if self._store is None:
            return  # opening failed (logged once); the cells go on untouched
        try:
            from lineage_ext.store.sessions import SessionRecord

            info = graph.session
            record = SessionRecord(
                info.session_id, info.kernel_id, info.notebook_path, graph.revision, dict(graph.to_json())
            )
            self._store.put_session(record)
            self.writes += 1
        except Exception as exc:
            self._log_once(exc)
