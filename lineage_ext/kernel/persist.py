"""Writing session graphs and call traces to the store from a background thread; cells never wait for it.

After each changed cell the session hands over the cell's change set (`GraphChanges`), which costs in
proportion to the cell, not to the session. The first write of a session, every `COMPACT_EVERY`-th
write, and the first write after a failure send a full snapshot instead (built by the `snapshot`
callable, in the caller's thread, where the builder is consistent), so readers never apply a long
tail of change sets and a lost write heals itself. Only the store's metadata database is imported
(lazily, in the thread) and opened once; every failure is logged once and swallowed: persistence must
never raise into user code.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lineage_ext.ir import Graph, GraphChanges

logger = logging.getLogger("lineage_ext")
COMPACT_EVERY = 64


@dataclass(frozen=True)
class _Item:
    submitted: float
    snapshot: Graph | None = None
    changes: GraphChanges | None = None
    trace: tuple[str, Mapping[str, Any]] | None = None  # (session id, TraceResultJSON)


class SessionWriter:
    def __init__(self, store_uri: str | None = None, compact_every: int | None = None) -> None:
        self._store_uri = store_uri
        self._store: Any = None
        self._queue: list[_Item] = []
        self._condition = threading.Condition()
        self._stopped = False
        self._ready = threading.Event()  # set once the store is open (or failed to open)
        self._busy = False
        self._logged = False
        self._compact_every = COMPACT_EVERY if compact_every is None else compact_every
        self._since_snapshot = 0
        self._need_snapshot = True  # the store has no row for this session yet
        self.latencies: list[float] = []  # seconds from submit to written, newest last (benchmark figure)
        self.writes = 0
        self.open_cpu_seconds = 0.0  # CPU the writer thread spent importing and opening the store
        self.cpu_seconds = 0.0  # all CPU of the writer thread so far (benchmark figure)
        self._thread = threading.Thread(target=self._loop, name="lineage_ext-session-writer", daemon=True)
        self._thread.start()

    def submit(self, changes: GraphChanges, snapshot: Callable[[], Graph]) -> None:
        """Queue a cell's change set, or a whole snapshot when one is due (see the module docstring)."""
        with self._condition:
            now = time.perf_counter()
            if self._need_snapshot or self._since_snapshot >= self._compact_every:
                # the snapshot holds every queued change set: drop them, keep queued traces
                self._queue = [item for item in self._queue if item.trace is not None]
                self._queue.append(_Item(now, snapshot=snapshot()))
                self._need_snapshot, self._since_snapshot = False, 0
            else:
                self._queue.append(_Item(now, changes=changes))
                self._since_snapshot += 1
            self._condition.notify()

    def submit_trace(self, session_id: str, trace_json: Mapping[str, Any]) -> None:
        with self._condition:
            self._queue.append(_Item(time.perf_counter(), trace=(session_id, trace_json)))
            self._condition.notify()

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Wait until the store is open (a kernel is idle then, before its first cell); False on timeout."""
        return self._ready.wait(timeout)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything submitted so far is written; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._queue or self._busy:
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
        self.open_cpu_seconds = self.cpu_seconds = time.thread_time()
        self._ready.set()
        while True:
            with self._condition:
                while not self._queue and not self._stopped:
                    self._condition.wait()
                if not self._queue:
                    return
                batch, self._queue, self._busy = self._queue, [], True
            ok = self._write(batch)
            done = time.perf_counter()
            with self._condition:
                if not ok:
                    self._need_snapshot = True  # a change set may be lost: the next write heals the graph
                self.latencies = [*self.latencies[-999:], *(done - item.submitted for item in batch)]
                self.cpu_seconds = time.thread_time()
                self._busy = False
                self._condition.notify_all()

    def _open_store(self) -> None:
        try:
            from lineage_ext.store import open_metadata_db

            self._store = open_metadata_db(self._store_uri)
        except Exception as exc:
            self._log_once(exc)

    def _log_once(self, exc: Exception) -> None:
        if not self._logged:
            self._logged = True
            logger.warning("lineage_ext: could not save the session graph to the store", exc_info=exc)

    def _write(self, batch: list[_Item]) -> bool:
        """Write a batch in submission order, consecutive change sets in one transaction."""
        if self._store is None:
            return False  # opening failed (logged once); the cells go on untouched
        try:
            pending: list[GraphChanges] = []
            for item in batch:
                if item.changes is not None:
                    pending.append(item.changes)
                    continue
                self._write_changes(pending)
                pending = []
                if item.snapshot is not None:
                    self._write_snapshot(item.snapshot)
                elif item.trace is not None:
                    from lineage_ext.store.traces import put_trace

                    put_trace(self._store, *item.trace)
            self._write_changes(pending)
            self.writes += 1
            return True
        except Exception as exc:
            self._log_once(exc)
            return False

    def _write_changes(self, changes: list[GraphChanges]) -> None:
        if changes:
            from lineage_ext.store.sessions import append_session_changes

            append_session_changes(self._store, changes[0].session_id, [c.to_json() for c in changes])

    def _write_snapshot(self, graph: Graph) -> None:
        from lineage_ext.store.sessions import SessionRecord, put_session

        info = graph.session
        record = SessionRecord(
            info.session_id, info.kernel_id, info.notebook_path, graph.revision, dict(graph.to_json())
        )
        put_session(self._store, record)
