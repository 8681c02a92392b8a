"""``/lineage/status`` latency of a real Jupyter server while slow requests run.

Starts ``jupyter server`` with lineage_ext on a temporary root and store, saves one traced artifact, writes
a 300k-node session graph, then polls ``/lineage/status`` back to back from its own client while each slow
request runs: the 300k-node graph, an export into a folder holding a 1 GiB sparse file named like the
exported module, and an export where a FIFO is named like an exported file. Prints one JSON document:
per scenario the slow request's duration and status, and the status latencies (median, p95, max, in ms).

    PYTHONPATH=. .venv/bin/python benchmarks/server_status_latency.py [--nodes 300000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "server"))
from big_session import write_big_session  # noqa: E402 (the test suite's graph builder)

TOKEN = "benchmark-token"
SCRIPT = 'import lineage_ext\nrows = 5\ntotal = sum(i * i for i in range(rows))\nlineage_ext.save(total, "total")\n'
EXPORT = {
    "artifacts": [{"name": "total", "version": None}],
    "framework": "SCRIPT",
    "pipeline_name": "squares",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, root: Path, store: Path) -> None:
        self.port = free_port()
        self._local = threading.local()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                f"--port={self.port}", f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={TOKEN}",
                "--ServerApp.jpserver_extensions={'lineage_ext': True}", f"--LineageExt.store_uri={store}",
                "--LineageExt.export_kernel_env=False",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.request("status")
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def request(self, path: str, body: dict[str, Any] | None = None) -> tuple[int, bytes]:
        """One request on a kept-alive connection of the calling thread (as a browser tab keeps one)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=120
            )
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"token {TOKEN}", "Content-Type": "application/json"}
        try:
            connection.request(
                "GET" if body is None else "POST", "/lineage/" + path, body=data, headers=headers
            )
            response = connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self._local.connection = None
            raise

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def while_running(server: Server, slow: Callable[[], tuple[int, bytes]]) -> dict[str, Any]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        started = time.perf_counter()
        status, reply = slow()
        outcome.update(status=status, seconds=round(time.perf_counter() - started, 3), reply_bytes=len(reply))

    thread = threading.Thread(target=run)
    thread.start()
    latencies = []
    while thread.is_alive() or not latencies:
        started = time.perf_counter()
        server.request("status")
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    thread.join()
    return {"slow_request": outcome, "status_ms": summary(latencies)}


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "polls": len(ordered),
        "median": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "max": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root, store = Path(folder, "root"), Path(folder, "store")
        root.mkdir()
        script = Path(folder, "make_total.py")
        script.write_text(SCRIPT)
        env = {
            **os.environ,
            "LINEAGE_EXT_STORE": str(store),
            "LINEAGE_EXT_VERIFY": "0",
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(
            [sys.executable, "-m", "lineage_ext.cli", "python", str(script)],
            env=env,
            check=True,
            capture_output=True,
        )
        write_big_session(store, args.nodes)
        (root / "big").mkdir()
        for name in ("squares.py", "data.bin"):
            with (root / "big" / name).open("wb") as f:
                f.truncate(1 << 30)
        (root / "fifo").mkdir()
        os.mkfifo(root / "fifo" / "requirements.txt")
        server = Server(root, store)
        try:
            idle = []
            for _ in range(30):
                started = time.perf_counter()
                server.request("status")
                idle.append((time.perf_counter() - started) * 1000)
            report = {
                "nodes": args.nodes,
                "idle_status_ms": summary(idle),
                "graph": while_running(server, lambda: server.request("graph?path=big.ipynb")),
                "export_next_to_1GiB_file": while_running(
                    server, lambda: server.request("export", {**EXPORT, "output_dir": "big"})
                ),
                "export_onto_fifo": while_running(
                    server,
                    lambda: server.request("export", {**EXPORT, "output_dir": "fifo", "overwrite": True}),
                ),
            }
        finally:
            server.stop()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
