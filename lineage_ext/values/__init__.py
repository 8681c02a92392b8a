"""Values as the graph, the store and the trace see them: ``describe(value)`` (kind, shape, dtype, length).

A low package: it imports only the standard library (heavy libraries are looked up in ``sys.modules``,
never imported), so the kernel, the store and the trace can all build on it.
"""

from __future__ import annotations

from .describe import Description, Kind, describe

__all__ = ["Description", "Kind", "describe"]
