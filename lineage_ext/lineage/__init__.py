"""Lineage tags on MLflow runs, compatible with mlopus's ``lineage`` module.

    from lineage_ext import lineage
    lineage.of(run).with_input_model("clean_data", 3).with_output_artifact(run_id, "model").register()
    runs = lineage.find_runs(lineage.Query().with_input_model("clean_data"))

``tags`` owns the stored layout, ``spec`` the chained builder, ``query`` search filters and
``runs`` the MLflow calls; ``auto`` links artifact saves and loads to an active run.
"""

from __future__ import annotations

from .query import Query
from .runs import Lineage, find_runs, of
from .tags import Inputs, LineageInfo, Outputs

__all__ = ["Inputs", "Lineage", "LineageInfo", "Outputs", "Query", "find_runs", "of"]
