"""Fixtures for the MLflow and OpenLineage mirrors: a real MLflow tracking store, a real MLflow
server process, a local OpenLineage HTTP receiver, a private artifact store and a traced shell."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

mlflow = pytest.importorskip("mlflow", reason="the mlflow extra is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def store_dir(store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared fresh store, with no verification runs and the test's folder as working directory."""
    monkeypatch.setenv("LINEAGE_EXT_VERIFY", "0")
    monkeypatch.chdir(tmp_path)
    return store_dir


@pytest.fixture(scope="session")
def tracking_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite tracking store per test session (creating its tables takes seconds)."""
    folder = tmp_path_factory.mktemp("mlflow")
    return f"sqlite:///{folder / 'mlflow.db'}"


@pytest.fixture
def tracking(tracking_db: str, store_dir: Path) -> Iterator[Any]:
    """MLflow pointed at the SQLite tracking store, a fresh experiment per test."""
    mlflow.set_tracking_uri(tracking_db)
    experiment = mlflow.set_experiment(f"exp-{time.monotonic_ns()}")
    yield experiment
    while mlflow.active_run() is not None:
        mlflow.end_run()
    mlflow.set_tracking_uri("")


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``mlflow server`` process on 127.0.0.1 with a SQLite backend; yields its URL."""
    folder = tmp_path_factory.mktemp("mlflow-server")
    port = free_port()
    executable = shutil.which("mlflow", path=os.path.dirname(sys.executable)) or "mlflow"
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [executable, "server", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--backend-store-uri", f"sqlite:///{folder / 'server.db'}",
         "--artifacts-destination", str(folder / "artifacts")],
        stdout=log, stderr=subprocess.STDOUT, cwd=folder,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process, folder / "server.log")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for(url: str, process: subprocess.Popen[bytes], log_path: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mlflow server exited: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"mlflow server did not answer within {seconds} s: {log_path.read_text()[-2000:]}")


class Receiver:
    """An HTTP endpoint that records every OpenLineage event POSTed to it."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.paths: list[str] = []
        received = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.paths.append(self.path)
                received.events.append(json.loads(body))
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch, store_dir: Path) -> Iterator[Receiver]:
    from lineage_ext.openlineage import emitter

    for key in list(os.environ):
        if key.startswith("OPENLINEAGE"):
            monkeypatch.delenv(key)
    got = Receiver()
    monkeypatch.setenv("OPENLINEAGE_URL", got.url)
    emitter.reset_client()
    yield got
    emitter.reset_client()
    got.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # MLflow and SQLAlchemy deprecation chatter is not under test; our own warnings still fail tests
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore::DeprecationWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::FutureWarning"))
            item.add_marker(
                pytest.mark.filterwarnings("ignore:.*type hint is inferred as AnyType:UserWarning")
            )


@pytest.fixture
def traced_shell(store_dir: Path) -> Iterator[Any]:
    """A real IPython shell with the tracer loaded (no background persistence)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from lineage_ext.kernel import extension

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    shell.reset(new_session=False)
    extension.load(shell, persist=False)
    yield shell
    extension.unload(shell)
