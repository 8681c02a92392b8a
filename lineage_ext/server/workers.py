"""Where the server's blocking work runs, so the event loop only parses, dispatches and replies.

* ``quick``: a small thread pool for metadata reads (status, lists, versions, traces, deletes). SQLite
  releases the interpreter lock while it works, and every answer is bounded, so these stay short.
* ``SnapshotWorkers``: up to two ``snapshot_worker`` processes for work that parses whole graph snapshots
  (graphs, slices, exports, parameters). Each request takes an idle process (starting one if needed),
  sends one JSON frame and waits for one JSON frame, from a thread of its own pool. A process that dies
  is replaced on the next request; its request answers 500.

``close()`` stops the processes and pools; the extension calls it at exit (and tests after each server).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lineage_ext.store import jsoncodec

from .snapshot_worker import read_frame, write_frame

T = TypeVar("T")
PROCESSES = 2


class WorkerFailed(Exception):
    """A snapshot worker answered with an error: ``status`` and a safe ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class SnapshotWorkers:
    def __init__(self, store_uri: str, blob_uri: str, root_dir: Path) -> None:
        self._argv = [
            sys.executable,
            "-m",
            "lineage_ext.server.snapshot_worker",
            store_uri,
            blob_uri,
            str(root_dir),
        ]
        self._idle: list[subprocess.Popen[bytes]] = []
        self._all: list[subprocess.Popen[bytes]] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(PROCESSES)
        self.threads = ThreadPoolExecutor(PROCESSES, thread_name_prefix="lineage-ext-snapshots")
        self._closed = False

    def call(self, op: str, args: dict[str, Any]) -> Any:
        """Run ``op`` in a worker process; blocks (call it from ``threads``)."""
        with self._slots:
            process = self._take()
            try:
                assert process.stdin is not None
                assert process.stdout is not None
                write_frame(process.stdin, jsoncodec.dumps({"op": op, "args": args}).encode("utf-8"))
                frame = read_frame(process.stdout)
            except OSError:
                frame = None
            if frame is None:
                self._discard(process)
                raise WorkerFailed(500, "the snapshot worker process stopped")
            with self._lock:
                self._idle.append(process)
        reply = jsoncodec.loads(frame)
        if not reply["ok"]:
            raise WorkerFailed(int(reply["status"]), str(reply["message"]))
        return reply["result"]

    def _take(self) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._closed:
                raise WorkerFailed(503, "the server is shutting down")
            if self._idle:
                return self._idle.pop()
            process = subprocess.Popen(self._argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            self._all.append(process)
            return process

    def _discard(self, process: subprocess.Popen[bytes]) -> None:
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        with self._lock:
            if process in self._all:
                self._all.remove(process)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            processes, self._all, self._idle = list(self._all), [], []
        for process in processes:
            self._discard(process)
        self.threads.shutdown(wait=False, cancel_futures=True)


class Offload:
    """The two places blocking work goes; handlers ``await`` them."""

    def __init__(self, store_uri: str, blob_uri: str, root_dir: Path) -> None:
        self.quick = ThreadPoolExecutor(4, thread_name_prefix="lineage-ext")
        self.snapshots = SnapshotWorkers(store_uri, blob_uri, root_dir)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.quick, function, *args)

    async def snapshot(self, op: str, **args: Any) -> Any:
        pool = self.snapshots
        return await asyncio.get_running_loop().run_in_executor(pool.threads, pool.call, op, args)

    def close(self) -> None:
        self.snapshots.close()
        self.quick.shutdown(wait=False, cancel_futures=True)
