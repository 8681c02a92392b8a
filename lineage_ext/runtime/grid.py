"""Parameter grids: expanding one task config into the list of configs it stands for.

The rules, exactly (only top-level values of the config take part):

* A value that is a ``list`` is an *axis*: the task runs once per element.
* Keys written ``"@<group>:<name>"`` (for example ``"@x:lr"`` and ``"@x:epochs"``) belong to the zip group
  ``x``: their lists must all have the same length and are walked together (``zip``), so the group is one
  axis. In the expanded configs the key is ``<name>`` (the prefix is removed).
* Axes combine by Cartesian product. Axes are ordered by the first appearance of their key in the config
  (a group sits where its first key is), and the last axis varies fastest, like ``itertools.product``.
* Any other value (scalars, dicts, tuples) is copied unchanged into every config. To pass a list *as a
  value*, wrap it in a one-element list: ``{"layers": [[64, 32]]}`` gives ``layers == [64, 32]``.
* Keys of each expanded config keep the order of the input config.

Errors (``RuntimeGraphError``): an empty list, a grouped value that is not a list, lists of different
lengths in one group, a malformed ``@`` key, or two keys that end up with the same name.

This module is pure: no I/O, no imports of other runtime modules.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping
from typing import Any

from lineage_ext.errors import RuntimeGraphError

GROUP_PREFIX = "@"
GROUP_SEPARATOR = ":"


def expand_grid(config: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Return every config ``config`` stands for, in the documented order."""
    if not config:
        return [{}]
    plain_names = _plain_names(config)
    axes = _axes(config)
    configs: list[dict[str, Any]] = []
    for choice in itertools.product(*(axis_values for _, axis_values in axes)):
        picked: dict[str, Any] = {}
        for (axis_keys, _), values in zip(axes, choice, strict=True):
            picked.update(zip(axis_keys, values, strict=True))
        configs.append({plain: picked.get(key, config[key]) for key, plain in plain_names.items()})
    return configs


def _plain_names(config: Mapping[str, Any]) -> dict[str, str]:
    """Map each key to its name in the expanded configs, refusing collisions."""
    names: dict[str, str] = {}
    seen: dict[str, str] = {}
    for key in config:
        plain = _split_group_key(key)[1] if key.startswith(GROUP_PREFIX) else key
        if plain in seen:
            raise RuntimeGraphError(f"config keys {seen[plain]!r} and {key!r} both expand to {plain!r}")
        seen[plain] = key
        names[key] = plain
    return names


def _axes(config: Mapping[str, Any]) -> list[tuple[list[str], list[tuple[Any, ...]]]]:
    """The product axes in order: (keys of the axis, list of value tuples, one per step)."""
    axes: list[tuple[list[str], list[tuple[Any, ...]]]] = []
    groups: dict[str, list[str]] = {}
    for key, value in config.items():
        if key.startswith(GROUP_PREFIX):
            group = _split_group_key(key)[0]
            if not isinstance(value, list):
                raise RuntimeGraphError(f"config key {key!r} is in zip group {group!r} but is not a list")
            if group not in groups:
                groups[group] = []
                axes.append((groups[group], []))  # filled below, once every member is known
            groups[group].append(key)
        elif isinstance(value, list):
            _require_non_empty(key, value)
            axes.append(([key], [(item,) for item in value]))
    for group, keys in groups.items():
        columns = [config[key] for key in keys]
        lengths = {len(column) for column in columns}
        if len(lengths) != 1:
            raise RuntimeGraphError(f"zip group {group!r} has lists of different lengths: {sorted(lengths)}")
        _require_non_empty(keys[0], columns[0])
        steps = next(axis for axis in axes if axis[0] is keys)[1]
        steps.extend(zip(*columns, strict=True))
    return axes


def _split_group_key(key: str) -> tuple[str, str]:
    group, separator, name = key[len(GROUP_PREFIX) :].partition(GROUP_SEPARATOR)
    if not separator or not group or not name:
        raise RuntimeGraphError(f"config key {key!r} must look like '@group:name' (e.g. '@x:lr')")
    return group, name


def _require_non_empty(key: str, values: list[Any]) -> None:
    if not values:
        raise RuntimeGraphError(f"config key {key!r} is an empty list: the task would never run")


def canonical_json(value: Any) -> str:
    """Stable JSON text for hashing: sorted keys, no spaces, tuples as lists; other types refused."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False, default=_refuse)
    except ValueError as exc:  # NaN / infinity: not stable across tools
        raise RuntimeGraphError(f"config value cannot be hashed: {exc}") from None


def _refuse(value: Any) -> Any:
    raise RuntimeGraphError(
        f"config values must be JSON data (str, int, float, bool, None, list, tuple, dict); "
        f"got {type(value).__name__}: {value!r}"
    )


def config_hash(task_name: str, config: Mapping[str, Any], predecessor_hashes: list[str]) -> str:
    """The unique config hash: task name + its config + (recursively) every predecessor's config.

    Predecessors enter through their own hashes, so a change anywhere upstream changes the hash of every
    task downstream of it, while sibling order does not matter.
    """
    payload = canonical_json({"task": task_name, "config": config, "requires": sorted(predecessor_hashes)})
    return hashlib.sha256(payload.encode()).hexdigest()
