"""Store fixtures: real PostgreSQL and moto S3 servers on 127.0.0.1, and one store per backend.

``store`` is parametrized over every backend combination, so a test using it is a contract test
run against each: SQLite + local folder, PostgreSQL + local folder, SQLite + S3 (moto).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import postgres_schema_uri

from lineage_ext.store import ArtifactStore, open_store

BACKENDS = [
    pytest.param("sqlite-local"),
    pytest.param("postgres-local", marks=pytest.mark.postgres),
    pytest.param("sqlite-s3", marks=pytest.mark.s3),
]
S3_BUCKET = "lineage-ext-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _as_postgres_user(command: list[str]) -> list[str]:
    # initdb refuses to run as root; run the server as the "postgres" system user then
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def postgres_uri() -> Iterator[str]:
    """A throwaway PostgreSQL server (Debian's package) on 127.0.0.1 and a free port."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql)")
    data_root = tempfile.mkdtemp(prefix="lineage-ext-pg-")
    os.chmod(data_root, 0o755)
    data_dir = os.path.join(data_root, "data")
    os.makedirs(data_dir)
    if os.geteuid() == 0:
        shutil.chown(data_root, "postgres")
        shutil.chown(data_dir, "postgres")
    subprocess.run(
        _as_postgres_user(
            [f"{bin_dir}/initdb", "-D", data_dir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        _as_postgres_user(
            [f"{bin_dir}/postgres", "-D", data_dir, "-p", str(port), "-h", "127.0.0.1", "-k", data_root]
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    uri = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        _wait_for_postgres(uri, server)
        yield uri
    finally:
        server.terminate()  # SIGTERM: smart shutdown; our connections are closed by then
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data_root, ignore_errors=True)


def _wait_for_postgres(uri: str, server: subprocess.Popen[bytes]) -> None:
    import psycopg

    deadline = time.monotonic() + 60
    while True:
        try:
            psycopg.connect(uri, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on 127.0.0.1; sets the standard AWS variables for the session."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    saved = {key: os.environ.get(key) for key in _AWS_ENV}
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint,
        }
    )
    try:
        import s3fs

        s3fs.S3FileSystem(endpoint_url=endpoint, skip_instance_cache=True).mkdir(S3_BUCKET)
        yield endpoint
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()


_AWS_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def store_uris(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, str]:
    """(store URI, blob URI) for a fresh, empty store of the parametrized backend."""
    if backend == "sqlite-local":
        return str(tmp_path / "store"), str(tmp_path / "store" / "blobs")
    if backend == "postgres-local":
        base = request.getfixturevalue("postgres_uri")
        return postgres_schema_uri(base), str(tmp_path / "blobs")
    request.getfixturevalue("s3_endpoint")
    return str(tmp_path / "store"), f"s3://{S3_BUCKET}/{uuid.uuid4().hex}"


@pytest.fixture
def store(store_uris: tuple[str, str]) -> Iterator[ArtifactStore]:
    opened = open_store(*store_uris)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def local_store(tmp_path: Path) -> Iterator[ArtifactStore]:
    """A SQLite + local folder store, for tests whose subject does not depend on the backend."""
    opened = open_store(str(tmp_path / "store"))
    try:
        yield opened
    finally:
        opened.close()
