"""Lazy package attributes: a public name is imported from the module that owns it on first use.

Owns the one ``__getattr__`` that ``lineage_ext``, ``lineage_ext.export`` and ``lineage_ext.runtime`` share,
so importing a package stays cheap (no pandas, IPython or engine imports until a name is touched).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, owners: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` resolving ``owners[name]`` (absolute, or relative to ``package``).

    The value is stored in ``namespace`` (the package's globals) so later lookups skip this function.
    """

    def __getattr__(name: str) -> Any:
        owner = owners.get(name)
        if owner is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name = owner if owner.startswith("lineage_ext.") else f"{package}.{owner}"
        # by name: the point is to import the owner only when the name is first used
        value = getattr(importlib.import_module(module_name), name)
        namespace[name] = value
        return value

    return __getattr__
