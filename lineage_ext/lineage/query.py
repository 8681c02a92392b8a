"""``Query``: find MLflow runs by their lineage; ``render()`` gives a ``search_runs`` filter.

MLflow's filter language compares tag values with ``=``/``LIKE`` and cannot escape ``%`` or ``_``,
so the rendered filter may match a little more than asked (a path holding ``_`` or a quote is
matched with a one-character wildcard there). ``matches()`` is the exact test; ``find_runs``
applies it to what MLflow returns, so its answer is exact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .spec import LineageSpec
from .tags import KINDS, SIDES, LineageInfo, from_tags, tag_key

_LIKE_UNSAFE = str.maketrans({"%": "_", "'": "_", "\\": "_"})


class Query(LineageSpec):
    """Runs whose lineage includes every entry added with ``with_*`` (omitted version/path: any)."""

    def render(self) -> str:
        """A filter string for ``mlflow.search_runs(filter_string=...)`` (``""`` matches every run)."""
        clauses = []
        for side, info in (("inputs", self.inputs), ("outputs", self.outputs)):
            for kind in KINDS:
                for key, items in getattr(info, kind).items():
                    column = f"tags.`{tag_key(side, kind, key)}`"  # type: ignore[arg-type]
                    if not items:
                        clauses.append(f"{column} LIKE '%'")
                    for item in sorted(items):
                        pattern = json.dumps(item).translate(_LIKE_UNSAFE)
                        clauses.append(f"{column} LIKE '%{pattern}%'")
        return " AND ".join(clauses)

    def matches(self, tags: Mapping[str, str]) -> bool:
        """Whether a run with these tags satisfies the query exactly."""
        found = dict(zip(SIDES, from_tags(tags), strict=True))
        wanted = {"inputs": self.inputs, "outputs": self.outputs}
        return all(_covers(found[side], wanted[side]) for side in SIDES)


def _covers(found: LineageInfo, wanted: LineageInfo) -> bool:
    for kind in KINDS:
        have: dict[str, set[str]] = getattr(found, kind)
        for key, items in getattr(wanted, kind).items():
            if key not in have or not items <= have[key]:
                return False
    return True
