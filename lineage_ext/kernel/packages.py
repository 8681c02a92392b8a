"""Package name and version of an imported module, looked up once per top-level module and cached."""

from __future__ import annotations

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
    for name in (_KNOWN_ALIASES.get(top, top), top.replace("_", "-")):
        try:
            return name, metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    dist = _top_level_index().get(top)
    if dist is not None:
        try:
            return dist, metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    version = getattr(sys.modules.get(top), "__version__", None)
    return (top, version) if isinstance(version, str) else (None, None)
