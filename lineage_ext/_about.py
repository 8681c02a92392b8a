"""The package version, ``__version__``: the build writes ``_version.py``, a source tree never built has none.

Code that reports the version imports it from here, not from the package root: the root is the public
surface at the top of the layers, and importing it from below would be an upward edge.
"""

from __future__ import annotations

try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
