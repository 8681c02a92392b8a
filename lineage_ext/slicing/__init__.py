"""Slicing: the minimal code that recomputes a saved value, functions and modules built from slices,
task code for pipeline exporters, and verification that a slice re-runs to the saved value.

Public entry points live in `entry_points.py` (`code_from_snapshot`, `artifact_code`, `get_function`,
`get_module_definition`, `build_pipeline_tasks`, `parameter_candidates`) and `verify.py`
(`verify_artifact`, `schedule_verification`). This package reads graphs and the store; it never imports
the kernel or the server.
"""

from __future__ import annotations
