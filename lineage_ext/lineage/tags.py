"""Lineage of MLflow runs as plain data, and its stable tag layout (no MLflow import here).

A run's lineage is two ``LineageInfo`` halves, ``inputs`` and ``outputs``, each mapping
registered models to versions and runs to paths inside their artifacts (mlopus's contract).
It is stored as one MLflow tag per model and per run, so other tools can read and search it:

    lineage.inputs.models.<model name>   = ["1", "3"]        JSON list of versions, sorted
    lineage.inputs.runs.<run id>          = ["data/x.csv"]    JSON list of paths inside that run
    lineage.outputs.models.<model name>  = [...]
    lineage.outputs.runs.<run id>         = [...]

An empty list means "no particular version / the whole run". A model name is written into the
key as is when MLflow accepts its characters in a tag key (letters, digits, ``_ - . / : `` and
space); any other character, and ``~`` itself, is written as ``~`` plus two hex digits per UTF-8
byte. The layout is versioned by ``lineage.layout = 1`` on every run that carries lineage.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Self

TAG_PREFIX = "lineage"
LAYOUT_TAG = f"{TAG_PREFIX}.layout"
LAYOUT_VERSION = "1"
Side = Literal["inputs", "outputs"]
Kind = Literal["models", "runs"]
SIDES: tuple[Side, ...] = ("inputs", "outputs")
KINDS: tuple[Kind, ...] = ("models", "runs")

_KEY_SAFE = re.compile(r"[A-Za-z0-9_\-./: ]")


def encode_key_part(text: str) -> str:
    """``text`` as a tag-key segment MLflow accepts, reversibly (see the module docstring)."""
    return "".join(ch if _KEY_SAFE.fullmatch(ch) else _hex_escape(ch) for ch in text)


def _hex_escape(ch: str) -> str:
    return "".join(f"~{byte:02x}" for byte in ch.encode("utf-8"))


def decode_key_part(text: str) -> str:
    raw = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "~" and i + 2 < len(text) and re.fullmatch(r"[0-9a-f]{2}", text[i + 1 : i + 3]):
            raw.append(int(text[i + 1 : i + 3], 16))
            i += 3
        else:
            raw.extend(text[i].encode("utf-8"))
            i += 1
    return raw.decode("utf-8")


def tag_key(side: Side, kind: Kind, name: str) -> str:
    return f"{TAG_PREFIX}.{side}.{kind}.{encode_key_part(name)}"


@dataclass
class LineageInfo:
    """Models (name -> versions) and runs (run id -> paths in that run's artifacts)."""

    models: dict[str, set[str]] = field(default_factory=dict)
    runs: dict[str, set[str]] = field(default_factory=dict)

    @property
    def runs_by_path(self) -> dict[str, set[str]]:
        """Reverse mapping: path in run -> run ids."""
        by_path: dict[str, set[str]] = {}
        for run_id, paths in self.runs.items():
            for path in paths:
                by_path.setdefault(path, set()).add(run_id)
        return by_path

    def add(self, kind: Kind, key: str, item: str | None) -> None:
        entries = self.models if kind == "models" else self.runs
        items = entries.setdefault(key, set())
        if item is not None:
            items.add(item)

    def merged(self, other: LineageInfo) -> Self:
        result = type(self)()
        for source in (self, other):
            for kind in KINDS:
                for key, items in getattr(source, kind).items():
                    result.add(kind, key, None)
                    for item in items:
                        result.add(kind, key, item)
        return result

    def is_empty(self) -> bool:
        return not self.models and not self.runs


class Inputs(LineageInfo):
    """Models and run artifacts a run used as input."""


class Outputs(LineageInfo):
    """Models and run artifacts a run produced."""


def to_tags(inputs: LineageInfo, outputs: LineageInfo) -> dict[str, str]:
    """The tags that record ``inputs`` and ``outputs`` (empty when both are empty)."""
    tags: dict[str, str] = {}
    for side, info in (("inputs", inputs), ("outputs", outputs)):
        for kind in KINDS:
            for key, items in getattr(info, kind).items():
                tags[tag_key(side, kind, key)] = json.dumps(sorted(items))  # type: ignore[arg-type]
    if tags:
        tags[LAYOUT_TAG] = LAYOUT_VERSION
    return tags


def from_tags(tags: Mapping[str, str]) -> tuple[Inputs, Outputs]:
    """Parse the lineage tags of a run; other tags and malformed values are ignored."""
    inputs, outputs = Inputs(), Outputs()
    for key, value in tags.items():
        parts = key.split(".", 3)
        if len(parts) != 4 or parts[0] != TAG_PREFIX or parts[1] not in SIDES or parts[2] not in KINDS:
            continue
        items = _parse_items(value)
        if items is None:
            continue
        target = inputs if parts[1] == "inputs" else outputs
        kind: Kind = "models" if parts[2] == "models" else "runs"
        name = decode_key_part(parts[3])
        target.add(kind, name, None)
        for item in items:
            target.add(kind, name, item)
    return inputs, outputs


def _parse_items(value: str) -> list[str] | None:
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    if not isinstance(parsed, list) or not all(isinstance(item, str) for item in parsed):
        return None
    return parsed
