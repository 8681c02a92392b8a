"""What an exported pipeline needs installed: the packages its code imports and its task I/O uses.

Slicing pins the packages whose import statements are in the slices, at the versions the session
recorded. That misses two kinds: modules the task code imports that the session saw under another
statement, and the libraries the generated task I/O needs to load and save the artifacts (a
DataFrame is stored as parquet: pandas and pyarrow, even when the notebook never imported either).
This module adds them, pinned at the versions installed where the export runs (normally the
notebook's environment), and keeps every recorded pin as it is.
"""

from __future__ import annotations

import ast
import logging
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata

logger = logging.getLogger("lineage_ext")

# serializer name -> the distributions reading and writing it needs (lineage_ext.store.serializers)
SERIALIZER_PACKAGES: dict[str, tuple[str, ...]] = {
    "parquet": ("pandas", "pyarrow"),
    "parquet-series": ("pandas", "pyarrow"),
    "npy": ("numpy",),
    "numpy-scalar": ("numpy",),
    "skops": ("skops", "scikit-learn"),
    "joblib": ("joblib",),
    "cloudpickle": ("cloudpickle",),
    "figure": ("matplotlib",),
}
_OURS = {"lineage_ext", "lineage-ext"}


def _key(requirement: str) -> str:
    return requirement.split("==", maxsplit=1)[0].strip().lower().replace("_", "-")


def imported_distributions(code: str) -> set[str]:
    """Distributions providing the top-level modules `code` imports (standard library left out)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module.split(".")[0])
    providers = metadata.packages_distributions()
    found: set[str] = set()
    for module in modules - set(sys.stdlib_module_names) - _OURS:
        found.update(providers.get(module, ()))
    return found


def pinned(distribution: str) -> str:
    try:
        return f"{distribution}=={metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return distribution


def complete_requirements(
    recorded: Iterable[str], codes: Iterable[str], serializers: Iterable[str]
) -> list[str]:
    """The recorded pins plus a pin for every other package the code imports or the I/O needs."""
    result = {_key(line): line for line in recorded}
    needed: set[str] = set()
    for code in codes:
        needed |= imported_distributions(code)
    for name in serializers:
        needed.update(SERIALIZER_PACKAGES.get(name, ()))
    for distribution in sorted(needed):
        key = _key(distribution)
        if key not in result and key not in _OURS:
            result[key] = pinned(distribution)
    return sorted(result.values(), key=str.lower)


def artifact_serializers(artifacts: Sequence[tuple[str, int | None]]) -> set[str]:
    """The serializers of the artifact versions the tasks load or save, read from the store."""
    if not artifacts:
        return set()
    from lineage_ext.store import open_store

    found: set[str] = set()
    try:
        store = open_store()
    except Exception as exc:  # the export itself reports store problems; here it only costs pins
        logger.warning("lineage_ext: requirements of the task I/O not listed: %s", exc)
        return found
    try:
        for name, version in artifacts:
            try:
                found.add(store.info(name, version, with_lineage=False).serializer)
            except Exception:
                continue  # a task's own output of a not yet saved version: its type is unknown
    finally:
        store.close()
    return found
