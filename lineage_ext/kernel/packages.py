"""Package name and version of an imported module, looked up once per top-level module and cached.

`importlib.metadata.version()` scans every folder of `sys.path` on each call (tens of milliseconds in a
big environment, once per import statement of a new package). Installed distributions name their
metadata folder `<name>-<version>.dist-info`, so one listing of each `sys.path` folder answers almost
every lookup; `importlib.metadata` is only asked about what that listing does not cover.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from importlib import metadata

# import names whose distribution name differs and whose wheels ship no top_level.txt
_KNOWN_ALIASES = {
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "PIL": "pillow",
    "cv2": "opencv-python",
    "yaml": "PyYAML",
    "bs4": "beautifulsoup4",
    "dateutil": "python-dateutil",
}


_SEPARATORS = re.compile(r"[-_.]+")


def _normalized(name: str) -> str:
    return _SEPARATORS.sub("-", name).lower()


@cache
def _installed_versions() -> dict[str, tuple[str, str]]:
    """normalized distribution name -> (name, version), from the `*.dist-info` folders on `sys.path`.

    The first folder on `sys.path` wins, as it does for imports and for `importlib.metadata`.
    """
    found: dict[str, tuple[str, str]] = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                name, _, version = entry[: -len(".dist-info")].partition("-")
                if name and version:
                    found.setdefault(_normalized(name), (name.replace("_", "-"), version))
    return found


def _version_of(name: str) -> tuple[str, str] | None:
    listed = _installed_versions().get(_normalized(name))
    if listed is not None:
        return listed
    try:
        return name, metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@cache
def _top_level_index() -> dict[str, str]:
    """top-level module -> distribution, from each installed distribution's `top_level.txt` only.

    `metadata.packages_distributions()` also reads every RECORD file, which takes most of a second;
    distributions without `top_level.txt` fall back to the module's own `__version__`.
    """
    index: dict[str, str] = {}
    for dist in metadata.distributions():
        text = dist.read_text("top_level.txt") or ""
        for line in text.split():
            index.setdefault(line.strip(), dist.metadata["Name"])
    return index


@cache
def package_of(module: str) -> tuple[str | None, str | None]:
    """(distribution name, version) for a module name; stdlib modules give ("python", x.y.z)."""
    top = module.lstrip(".").split(".")[0]
    if not top:
        return None, None
    if top in sys.stdlib_module_names or top in sys.builtin_module_names:
        return "python", ".".join(map(str, sys.version_info[:3]))
    for name in dict.fromkeys((_KNOWN_ALIASES.get(top, top), top.replace("_", "-"))):
        found = _version_of(name)
        if found is not None:
            return found
    dist = _top_level_index().get(top)
    if dist is not None:
        found = _version_of(dist)
        if found is not None:
            return found
    version = getattr(sys.modules.get(top), "__version__", None)
    return (top, version) if isinstance(version, str) else (None, None)
