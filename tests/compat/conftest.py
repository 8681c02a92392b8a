"""Fixtures for the compat tests: the traced notebook of the slicing tests (a real IPython shell + store)."""

from __future__ import annotations

from tests.slicing.conftest import Notebook, ipython, notebook

__all__ = ["Notebook", "ipython", "notebook"]  # store_dir comes from tests/conftest.py
