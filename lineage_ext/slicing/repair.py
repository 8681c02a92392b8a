"""Self-repairing slices: when verification fails, widen the slice until it reproduces, then shrink it.

Owns the repair of one artifact version (`repair_artifact`, and `repair_and_record`, which stores the
outcome): the widening stages come from `repair_plan`, the search runs in a worker process
(`repair_worker`: forked tries, delta debugging) within a time budget, and the slice it finds is re-run
once more by the ordinary verification runner before the artifact is marked "repaired". A repair that
finds nothing is recorded as "failed" with its reason and the closest slice. Nothing is ever marked
verified or repaired without a re-run that compared the value.

The budget is `$LINEAGE_EXT_REPAIR_BUDGET`: `5x` (the default: five times the failed verification's
run time, at least `MIN_BUDGET_SECONDS`), any other multiple such as `10x`, a number of seconds such as
`30s`, or `0`/`off` to never repair.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from lineage_ext.errors import LineageError

from .entry_points import graph_from_snapshot
from .program import SliceLine, render
from .repair_plan import RepairPlan, plan_repair, statement_kind
from .verify import Verification, environment, run_slice_code

if TYPE_CHECKING:
    from lineage_ext.store import ArtifactStore
    from lineage_ext.store.repairs import RepairRecord

log = logging.getLogger("lineage_ext")
REPAIR_ENV = "LINEAGE_EXT_REPAIR_BUDGET"
DEFAULT_BUDGET = "5x"
MIN_BUDGET_SECONDS = 10.0  # an interpreter start alone can take a second on a loaded machine
_STARTUP_GRACE_SECONDS = 60.0  # the worker's own start and the value's load, beyond the search budget


def repair_budget(original_seconds: float, setting: str | None = None) -> float | None:
    """Seconds a repair may take after a verification that took `original_seconds`; None: no repair."""
    text = (os.environ.get(REPAIR_ENV, "") if setting is None else setting).strip().lower() or DEFAULT_BUDGET
    if text in ("0", "0x", "0s", "off", "no", "false"):
        return None
    try:
        if text.endswith("x"):
            return max(float(text[:-1]) * original_seconds, MIN_BUDGET_SECONDS)
        return float(text.removesuffix("s"))
    except ValueError:
        raise ValueError(
            f"{REPAIR_ENV} must be a multiple like '5x', seconds like '30s', or 'off', not {text!r}"
        ) from None


def repair_artifact(
    store: ArtifactStore,
    name: str,
    version: int,
    failed: Verification,
    budget: float,
    *,
    store_uri: str | None = None,
    blob_uri: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> RepairRecord:
    """Search for a slice that reproduces `name` v`version` after the verification `failed`."""
    from lineage_ext.store.repairs import RepairRecord

    started = time.perf_counter()
    info = store.info(name, version, with_lineage=False)
    snapshot = store.get_graph_snapshot(name, version)
    if snapshot is None or info.node_id is None:
        return RepairRecord(name, version, "failed", "", "no lineage graph was recorded to repair from")
    try:
        plan = plan_repair(graph_from_snapshot(snapshot), info.node_id)
    except LineageError as exc:
        return RepairRecord(name, version, "failed", "", f"no slice could be planned: {exc}")
    job = _Job(name, version, budget, environment(store_uri, blob_uri), cwd)
    record = _outcome(plan, _search(plan, failed, job), job)
    return replace(record, seconds=time.perf_counter() - started)


@dataclass(frozen=True)
class _Job:
    name: str
    version: int
    budget: float
    env: dict[str, str]
    cwd: str | os.PathLike[str] | None


def _search(plan: RepairPlan, failed: Verification, job: _Job) -> dict[str, Any]:
    budget = job.budget
    spec: dict[str, Any] = {
        "name": job.name,
        "version": job.version,
        "variable": plan.variable,
        "budget": budget,
        "base": _wire(plan.base),
        "base_outcome": "mismatch" if failed.slice_seconds is not None else "raised",
        "stages": [{"label": stage.label, "lines": _wire(stage.lines)} for stage in plan.stages],
    }
    with tempfile.TemporaryDirectory(prefix="lineage_ext_repair_") as folder:
        spec["out"] = out = os.path.join(folder, "result.json")
        spec_path = os.path.join(folder, "spec.json")
        with open(spec_path, "w", encoding="utf-8") as handle:
            json.dump(spec, handle)
        command = [sys.executable, "-m", "lineage_ext.slicing.repair_worker", spec_path]
        timeout = budget + _STARTUP_GRACE_SECONDS
        try:
            subprocess.run(
                command, env=job.env, cwd=job.cwd, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return {"state": "failed", "reason": f"the repair did not end within {timeout:.0f} s"}
        if not os.path.exists(out):
            return {"state": "failed", "reason": "the repair process ended without a result"}
        with open(out, encoding="utf-8") as handle:
            result: dict[str, Any] = json.load(handle)
    return result


def _outcome(plan: RepairPlan, found: dict[str, Any], job: _Job) -> RepairRecord:
    from lineage_ext.store.repairs import RepairRecord

    name, version = job.name, job.version
    stages = {stage.label: stage for stage in plan.stages}
    if found["state"] != "repaired":
        closest = stages.get(found.get("closest", "base"))
        code = render([*plan.base, *(closest.lines if closest else ())])
        return RepairRecord(name, version, "failed", code, str(found["reason"]))
    stage = stages[found["stage"]]
    added = [stage.lines[i] for i in found["kept"]]
    code = render([*plan.base, *added])
    # the search ran in forked children: confirm once more exactly as verification does
    timeout = max(job.budget, 60.0)
    status, reason, _ = run_slice_code(
        code, plan.variable, name, version, env=job.env, cwd=job.cwd, timeout=timeout
    )
    if status != "verified":
        return RepairRecord(
            name, version, "failed", code, f"the repaired slice did not reproduce when re-run: {reason}"
        )
    why = {line.node_id: s.why for s in reversed(plan.stages) for line in s.lines}  # earliest stage wins
    items = [
        {"code": line.text, "kind": statement_kind(line.text), "why": why[line.node_id]} for line in added
    ]
    pattern = "+".join(sorted({item["kind"] for item in items}))
    what = f"added {len(items)} statement(s) from the session {stage.label}"
    return RepairRecord(name, version, "repaired", code, what, tuple(items), pattern)


def _wire(lines: Iterable[SliceLine]) -> list[dict[str, Any]]:
    return [
        {"key": list(line.key), "node_id": line.node_id, "text": line.text, "hoist": line.hoistable_import}
        for line in lines
    ]


def repair_and_record(
    store_uri: str | None,
    blob_uri: str | None,
    name: str,
    version: int,
    failed: Verification,
    *,
    cwd: str | os.PathLike[str] | None = None,
    budget: float | None = None,
) -> RepairRecord | None:
    """Repair after a failed verification and record the outcome; None when repairs are turned off."""
    from lineage_ext.store import open_store

    seconds = repair_budget(failed.total_seconds) if budget is None else budget
    if seconds is None:
        return None
    store = open_store(store_uri, blob_uri)
    try:
        record = repair_artifact(
            store, name, version, failed, seconds, store_uri=store_uri, blob_uri=blob_uri, cwd=cwd
        )
        store.set_repair(record, verification_reason(failed, record))
        return record
    finally:
        store.close()


def verification_reason(failed: Verification, record: RepairRecord) -> str:
    """The artifact's verification reason after a repair: the original failure, then what the repair did."""
    original = failed.reason or "the traced slice did not reproduce the value"
    if record.state == "repaired":
        listed = "; ".join(f"{item['code'].splitlines()[0][:60]} ({item['kind']})" for item in record.added)
        return f"repaired: {original}; {record.reason}: {listed}"
    return f"{original}; repair failed: {record.reason}"
