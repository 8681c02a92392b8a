"""The builder both a run's ``Lineage`` and a ``Query`` share: ``with_input_model`` and friends.

Each ``with_*`` method adds one entry and returns the object itself, so calls chain as in mlopus:
``of(run).with_input_model("m", 3).with_output_artifact(run_id, "a/b").register()``.
A missing version or path means "any" in a query and "unspecified" in a run's lineage.
"""

from __future__ import annotations

from typing import Self

from .tags import Inputs, Kind, LineageInfo, Outputs


class LineageSpec:
    """Inputs and outputs of a run, built up by chained ``with_*`` calls."""

    def __init__(self, inputs: Inputs | None = None, outputs: Outputs | None = None) -> None:
        self.inputs: Inputs = inputs if inputs is not None else Inputs()
        self.outputs: Outputs = outputs if outputs is not None else Outputs()

    def _add(self, info: LineageInfo, kind: Kind, key: str, item: object | None) -> Self:
        if not isinstance(key, str) or not key:
            raise ValueError(f"a {kind[:-1]} needs a non-empty name, got {key!r}")
        info.add(kind, key, None if item is None else _plain(item, kind))
        return self

    def with_input_model(self, name: str, version: str | int | None = None) -> Self:
        """Add an input model (any/unspecified version when ``version`` is None)."""
        return self._add(self.inputs, "models", name, version)

    def with_output_model(self, name: str, version: str | int | None = None) -> Self:
        """Add an output model."""
        return self._add(self.outputs, "models", name, version)

    def with_input_artifact(self, run_id: str, path_in_run: str | None = None) -> Self:
        """Add an input run artifact; ``path_in_run`` is a plain relative path (``a/b/c``)."""
        return self._add(self.inputs, "runs", run_id, path_in_run)

    def with_output_artifact(self, run_id: str, path_in_run: str | None = None) -> Self:
        """Add an output run artifact."""
        return self._add(self.outputs, "runs", run_id, path_in_run)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(inputs={self.inputs!r}, outputs={self.outputs!r})"


def _plain(item: object, kind: Kind) -> str:
    text = str(item)
    if kind == "runs" and (text.startswith("/") or ".." in text.split("/")):
        raise ValueError(f"path_in_run must be a plain relative path inside the run, got {text!r}")
    return text
