"""``lineage_ext.options``: LineaPy's settings object, as a view over our environment configuration.

Owns the mapping from LineaPy's option names to the environment variables the rest of the product
already reads (the "Store location" rule of ``store/config.py``), so ``options.set(...)`` changes what
the next ``save``/``get`` opens, in this process and in the processes it starts, and nothing else holds
a second copy of the setting. Unknown names raise ``ValueError`` listing the supported ones.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from .store.config import BLOBS_ENV, STORE_ENV

__all__ = ["Options", "options"]

# LineaPy option name -> (environment variable, what it means here)
_ENV_OPTIONS: dict[str, tuple[str, str]] = {
    "home_dir": (STORE_ENV, "folder of the artifact store"),
    "database_url": (STORE_ENV, "artifact store location (a folder, sqlite or postgresql URI)"),
    "artifact_storage_dir": (BLOBS_ENV, "where values are stored (a folder or s3:// URI)"),
    "verify": ("LINEAGE_EXT_VERIFY", "re-run each saved slice to verify it ('0' turns it off)"),
}
_LOGGING_LEVEL = "logging_level"


class Options:
    """``options.set(name, value)``, ``options.get(name)`` and ``options.<name>``; ``None`` unsets."""

    def names(self) -> list[str]:
        return [*_ENV_OPTIONS, _LOGGING_LEVEL]

    def _check(self, name: str) -> None:
        if name not in self.names():
            raise ValueError(f"unknown option {name!r}; supported: {', '.join(self.names())}")

    def set(self, name: str, value: Any) -> None:
        self._check(name)
        if name == _LOGGING_LEVEL:
            logging.getLogger("lineage_ext").setLevel(logging.NOTSET if value is None else value)
            return
        variable = _ENV_OPTIONS[name][0]
        if value is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = os.fspath(value)

    def get(self, name: str) -> Any:
        self._check(name)
        if name == _LOGGING_LEVEL:
            return logging.getLevelName(logging.getLogger("lineage_ext").getEffectiveLevel())
        return os.environ.get(_ENV_OPTIONS[name][0])

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.get(name)
        except ValueError as exc:
            raise AttributeError(str(exc)) from None

    def __dir__(self) -> list[str]:
        return sorted({*object.__dir__(self), *self.names()})

    def __repr__(self) -> str:
        return "options(" + ", ".join(f"{name}={self.get(name)!r}" for name in self.names()) + ")"


options = Options()
