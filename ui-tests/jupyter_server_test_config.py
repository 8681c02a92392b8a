"""Server configuration for the UI tests: Galata's defaults, loopback only, a fixed port, a temp store."""

import os
import tempfile
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is injected by jupyter)

c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port = int(os.environ.get("LINEAGE_UI_PORT", "8899"))
c.ServerApp.port_retries = 0
c.ServerApp.allow_root = True
c.ServerApp.open_browser = False
c.LanguageServerManager.autodetect = False

# A fresh store per server run, so tests never see a developer's artifacts.
_store = Path(os.environ.get("LINEAGE_UI_STORE") or tempfile.mkdtemp(prefix="lineage-ui-store-"))
c.LineageExt.store_uri = str(_store)
