"""The server stays responsive: ``/lineage/status`` answers in under 100 ms while a slow request runs.

Each slow request used to run on the event loop and stall all of Jupyter: a 300k-node graph (seconds of
JSON parsing), an export into a folder holding a 1 GiB (sparse) file (read whole to compare), and an
export into a folder where a FIFO is named like an export file (blocked until someone wrote to it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from big_session import write_big_session
from tornado.httpclient import HTTPClientError, HTTPResponse

STATUS_BUDGET = 0.1  # seconds
STALL = 1.0
EXPORT = {
    "artifacts": [{"name": "total", "version": None}],
    "framework": "SCRIPT",
    "pipeline_name": "squares",
}


class StatusPoller:
    """Polls ``/lineage/status`` from a thread of its own (a separate client, as a browser tab is), so a
    stalled event loop shows up as a slow answer instead of as no measurement."""

    def __init__(self, port: int, base_url: str, auth: dict[str, str]) -> None:
        self.url = f"http://127.0.0.1:{port}{base_url}lineage/status"
        self.auth = auth
        self.latencies: list[float] = []
        self.running = True
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while self.running:
            started = time.perf_counter()
            request = urllib.request.Request(self.url, headers=self.auth)
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 200
            self.latencies.append(time.perf_counter() - started)
            time.sleep(0.02)

    async def during(self, slow: Awaitable[Any]) -> Any:
        self.thread.start()
        try:
            while not self.latencies:  # at least one answer while the slow request is in flight
                await asyncio.sleep(0.01)
            outcome = await slow
        except HTTPClientError as error:
            outcome = error
        finally:
            self.running = False
            await asyncio.get_running_loop().run_in_executor(None, self.thread.join, 60)
        return outcome


@pytest.fixture
def poller(
    http_server_port: tuple[Any, int], jp_base_url: str, jp_auth_header: dict[str, str]
) -> StatusPoller:
    return StatusPoller(http_server_port[1], jp_base_url, jp_auth_header)


async def expect_responsive(jp_fetch: Any, poller: StatusPoller, slow: Callable[[], Awaitable[Any]]) -> Any:
    await jp_fetch("lineage", "status")  # warm up: the store is opened on first use
    outcome = await poller.during(slow())
    shown = [round(x * 1000) for x in poller.latencies]
    # the median meets the budget; the worst case only has to show the loop never stalled (on a loaded
    # 2-core CI machine one poll can wait for a CPU; a blocked loop made every poll wait seconds)
    assert statistics.median(poller.latencies) < STATUS_BUDGET, shown
    assert max(poller.latencies) < STALL, shown
    return outcome


@pytest.mark.timeout(300)
async def test_status_answers_while_a_300k_node_graph_is_served(
    jp_fetch: Any, poller: StatusPoller, store_dir: Path
) -> None:
    write_big_session(store_dir, 300_000)
    outcome = await expect_responsive(
        jp_fetch,
        poller,
        lambda: jp_fetch("lineage", "graph", params={"path": "big.ipynb"}, request_timeout=120),
    )
    assert isinstance(outcome, HTTPResponse), outcome
    reply = json.loads(outcome.body)
    assert reply["graph"] is None  # too large to send whole
    assert reply["summary"]["nodes"] == 300_000
    assert reply["summary"]["cells_total"] == 15_000
    assert len(reply["summary"]["cells"]) == 1_000
    assert len(outcome.body) < 1 << 20
    page = json.loads(
        (
            await jp_fetch("lineage", "graph", params={"path": "big.ipynb", "page": "3"}, request_timeout=120)
        ).body
    )
    assert page["page"] == 3
    assert page["pages"] == reply["pages"] == 30
    assert [n["id"] for n in page["graph"]["nodes"][:2]] == ["stmt:1501:0", "var:x15000:1"]


@pytest.mark.usefixtures("traced_total")
async def test_status_answers_while_exporting_next_to_a_1_gib_file(
    jp_fetch: Any, poller: StatusPoller, jp_root_dir: Path
) -> None:
    folder = jp_root_dir / "big"
    folder.mkdir()
    for name in ("data.bin", "squares.py"):
        with (folder / name).open("wb") as f:
            f.truncate(1 << 30)  # sparse: no disk space used
    body = json.dumps({**EXPORT, "output_dir": "big"})
    outcome = await expect_responsive(
        jp_fetch, poller, lambda: jp_fetch("lineage", "export", method="POST", body=body)
    )
    assert isinstance(outcome, HTTPClientError), outcome
    assert outcome.code == 409
    assert (folder / "squares.py").stat().st_size == 1 << 30


@pytest.mark.usefixtures("traced_total")
async def test_status_answers_while_exporting_where_a_fifo_is_named_like_an_export_file(
    jp_fetch: Any, poller: StatusPoller, jp_root_dir: Path
) -> None:
    folder = jp_root_dir / "fifo"
    folder.mkdir()
    fifo = folder / "requirements.txt"
    os.mkfifo(fifo)
    # if anything ever blocks on the FIFO again, unblock it so the failure is reported instead of hanging
    rescue = threading.Timer(15, lambda: _feed(fifo))
    rescue.start()
    try:
        body = json.dumps({**EXPORT, "output_dir": "fifo", "overwrite": True})
        outcome = await expect_responsive(
            jp_fetch, poller, lambda: jp_fetch("lineage", "export", method="POST", body=body)
        )
    finally:
        rescue.cancel()
    assert isinstance(outcome, HTTPClientError), outcome
    assert outcome.code == 409
    assert "not a regular file" in (outcome.response.reason if outcome.response else "")
    assert sorted(p.name for p in folder.iterdir()) == ["requirements.txt"]


def _feed(fifo: Path) -> None:
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
