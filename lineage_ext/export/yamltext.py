"""A small YAML writer for the manifests exporters produce (Argo, DVC), with no YAML dependency.

Owns turning nested dicts/lists of str, int, float, bool and None into block-style YAML that
any YAML 1.1/1.2 loader reads back to the same data: mappings keep insertion order,
multi-line strings become literal blocks (readable code), other strings are plain when that
is unambiguous and JSON-quoted (valid YAML double-quoted scalars) otherwise.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

_PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_./-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"}


def dump(data: Mapping[str, Any]) -> str:
    if not data:
        return "{}\n"
    return "\n".join(_mapping(data, 0)) + "\n"


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} to YAML")
        text = repr(value)
        mantissa, _, exponent = text.partition("e")
        # YAML 1.1 loaders only read a float with a dot and a signed exponent ("1.0e-05", not "1e-05")
        return text if not exponent or "." in mantissa else f"{mantissa}.0e{exponent}"
    if isinstance(value, str):
        plain = _PLAIN.fullmatch(value) and value.lower() not in _RESERVED
        return value if plain else quote(value)
    raise TypeError(f"cannot write {type(value).__name__} to YAML")


def quote(text: str) -> str:
    """A YAML double-quoted scalar; escapes what YAML may not hold raw (controls, BOM, surrogates)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or ch in "\ufeff\ufffe\uffff":
            out.append(json.dumps(ch)[1:-1] if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _is_block(value: Any) -> bool:
    if not isinstance(value, str) or "\n" not in value.rstrip("\n"):
        return False
    return all(ch == "\n" or (ch.isprintable() and ch != "\ufeff") for ch in value)


def _block(value: str, indent: int) -> list[str]:
    trailing = len(value) - len(value.rstrip("\n"))
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    body = value.rstrip("\n").split("\n")
    first_text = next((line for line in body if line.strip()), "")
    indicator = "2" if first_text.startswith(" ") or not first_text else ""
    pad = " " * (indent + 2)
    lines = [f"|{indicator}{chomp}"]
    lines += [pad + line if line else "" for line in body]
    lines += [""] * max(trailing - 1, 0)
    return lines


def _value_lines(key_prefix: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping):
        return (
            [f"{pad}{key_prefix} {{}}"] if not value else [f"{pad}{key_prefix}", *_mapping(value, indent + 2)]
        )
    if isinstance(value, Sequence) and not isinstance(value, str):
        return (
            [f"{pad}{key_prefix} []"] if not value else [f"{pad}{key_prefix}", *_sequence(value, indent + 2)]
        )
    if _is_block(value):
        first, *rest = _block(value, indent)
        return [f"{pad}{key_prefix} {first}", *rest]
    return [f"{pad}{key_prefix} {scalar(value)}"]


def _mapping(data: Mapping[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines += _value_lines(f"{scalar(str(key))}:", value, indent)
    return lines


def _sequence(items: Sequence[Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        if isinstance(item, Mapping) and item:
            nested = _mapping(item, indent + 2)
            lines.append(pad + "- " + nested[0].lstrip())
            lines += nested[1:]
        else:
            lines += _value_lines("-", item, indent)
    return lines
