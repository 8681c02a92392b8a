"""Loading the server extension: read ``LineageExt`` config, build the service, add routes."""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any

from .config import LineageExt
from .handlers import route_table
from .service import LineageService
from .workers import Offload


def load_server_extension(server_app: Any) -> None:
    """Called by jupyter_server (through ``lineage_ext._load_jupyter_server_extension``)."""
    config = LineageExt(parent=server_app)
    kernel_manager = server_app.kernel_manager
    service = LineageService(
        config, running_kernel_ids=kernel_manager.list_kernel_ids, root_dir=Path(server_app.root_dir)
    )
    service.export_environment()
    offload = Offload(service.store_uri, service.blob_uri, Path(server_app.root_dir))
    atexit.register(offload.close)  # worker processes also exit when the server's end of their pipe closes
    web_app = server_app.web_app
    web_app.settings["lineage_ext.service"] = service
    web_app.settings["lineage_ext.offload"] = offload
    web_app.add_handlers(".*$", route_table(web_app.settings["base_url"]))
    server_app.log.info("lineage_ext: store %s (blobs %s)", service.store_uri, service.blob_uri)
