"""The process side of a slice repair: `python -m lineage_ext.slicing.repair_worker SPEC_JSON`.

Loads the saved value once, then tries the widening stages of the spec in order: each candidate slice
runs in a forked child (a fresh `__main__` namespace; the fork, after the candidates' package imports ran
once in the worker, makes a try cost about the slice's own run time instead of an interpreter start and
imports) and is compared with the saved value. The first stage that reproduces the value is shrunk by
delta debugging (`ddmin.minimize`) over the lines it added, while it still reproduces. Everything stops
at the spec's budget; the result (`state`, the kept line indices, `reason`, the closest slice's stage,
the number of tries) goes to the spec's `out` file.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any

from .ddmin import OutOfBudget, minimize
from .program import SliceLine, render

# how close a failed candidate came: it ran and bound the value (but differed) > it raised > out of time
_RANK = {"mismatch": 2, "raised": 1, "timeout": 0}


@dataclass(frozen=True)
class Outcome:
    kind: str  # "match", "mismatch", "raised" or "timeout"
    detail: str


class ForkTester:
    """Runs candidate slices in forked children until `deadline` (a `time.monotonic()` value)."""

    def __init__(self, saved: Any, variable: str, deadline: float) -> None:
        self.saved, self.variable, self.deadline = saved, variable, deadline
        self.tries = 0

    def run(self, code: str) -> Outcome:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return Outcome("timeout", "the repair's time budget was spent")
        self.tries += 1
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, compare, report, never return into the worker
            os.close(read_end)
            _child(code, self.variable, self.saved, write_end)
        os.close(write_end)
        try:
            data = _read_until(read_end, self.deadline)
        finally:
            os.close(read_end)
        if data is None:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if data is None:
            return Outcome("timeout", "the repair's time budget was spent while a candidate ran")
        if not data:
            return Outcome("raised", "the candidate's process died without a result")
        result = json.loads(data)
        return Outcome(result["kind"], result["detail"])


def _child(code: str, variable: str, saved: Any, write_end: int) -> None:
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        result = _evaluate(code, variable, saved)
        os.write(write_end, json.dumps(result).encode("utf-8"))
    finally:
        os._exit(0)


def _no_save(*_: Any, **__: Any) -> None:
    """`save` inside a candidate: a repair only re-runs code, it never writes artifact versions."""


def _evaluate(code: str, variable: str, saved: Any) -> dict[str, str]:
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        # in this forked child only; by module name, since the public API sits layers above slicing (the
        # package root is always loaded: this module is inside it)
        for module_name in ("lineage_ext", "lineage_ext.api"):
            if module_name in sys.modules:
                setattr(sys.modules[module_name], "save", _no_save)  # noqa: B010
        exec(compile(code, "<slice>", "exec"), namespace)
        if variable not in namespace:
            return {"kind": "raised", "detail": f"the slice did not bind {variable!r}"}
        from .compare import difference

        found = difference(namespace[variable], saved, variable)
    except BaseException as exc:
        return {"kind": "raised", "detail": traceback.format_exception_only(exc)[-1].strip()}
    return {"kind": "match", "detail": ""} if found is None else {"kind": "mismatch", "detail": found}


def _read_until(fd: int, deadline: float) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _lines(items: list[dict[str, Any]]) -> list[SliceLine]:
    return [SliceLine(tuple(i["key"]), i["node_id"], i["text"], i["hoist"]) for i in items]


def preload_imports(items: list[dict[str, Any]]) -> None:
    """Run the candidates' installed-package imports once here, so every forked try inherits the modules
    instead of importing them again (a try then costs the slice's own work, not pandas' import)."""
    for text in dict.fromkeys(item["text"] for item in items if item["hoist"]):
        try:
            exec(compile(text, "<preload>", "exec"), {"__name__": "lineage_ext_preload"})
        except Exception:
            continue  # the try that needs it reports the failure itself


def search(spec: dict[str, Any], tester: ForkTester) -> dict[str, Any]:
    """Try the stages in order; shrink the first that reproduces. See the module docstring."""
    preload_imports([*spec["base"], *(item for stage in spec["stages"] for item in stage["lines"])])
    base = _lines(spec["base"])
    closest, closest_rank, last = "base", _RANK.get(spec.get("base_outcome", "raised"), 1), ""
    for stage in spec["stages"]:
        extra = _lines(stage["lines"])
        outcome = tester.run(render([*base, *extra]))
        if outcome.kind == "match":
            kept = _shrink(base, extra, tester)
            return {"state": "repaired", "stage": stage["label"], "kept": kept, "tries": tester.tries}
        last = f"with the {stage['label']} statements added: {outcome.detail}"
        if _RANK[outcome.kind] > closest_rank:
            closest, closest_rank = stage["label"], _RANK[outcome.kind]
        if outcome.kind == "timeout":
            break
    reason = f"no widened slice reproduced the value ({last})" if last else "there was nothing to add"
    return {"state": "failed", "reason": reason, "closest": closest, "tries": tester.tries}


def _shrink(base: list[SliceLine], extra: list[SliceLine], tester: ForkTester) -> list[int]:
    def reproduces(subset: list[int]) -> bool:
        outcome = tester.run(render([*base, *(extra[i] for i in subset)]))
        if outcome.kind == "timeout":
            raise OutOfBudget
        return outcome.kind == "match"

    return minimize(list(range(len(extra))), reproduces)


def main(argv: list[str]) -> int:
    started = time.monotonic()
    with open(argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    try:
        from lineage_ext.store import open_store

        store = open_store()
        try:
            saved = store.load_value(spec["name"], spec["version"])
        finally:
            store.close()  # no connection may cross a fork
        result = search(spec, ForkTester(saved, spec["variable"], started + float(spec["budget"])))
    except Exception as exc:
        last = traceback.format_exception_only(exc)[-1].strip()
        result = {"state": "failed", "reason": f"the repair could not run: {last}", "closest": "base"}
    with open(spec["out"], "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
