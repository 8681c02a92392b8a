"""The fresh-interpreter side of slice verification: `python -m lineage_ext.slicing.runner SPEC_JSON`.

Runs the slice in a new `__main__` namespace, loads the saved value from the store named by the
environment (on a thread, while the slice runs), compares the two (`compare.difference`) and writes
`{"status", "reason", "slice_seconds"}` to the spec's `out` file. The slice's own output goes to this
process's stdout/stderr, never into the result.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import traceback
from typing import Any

_MISSING = object()


class _SavedValue(threading.Thread):
    """Loads the saved value while the slice runs: the store's imports and the read overlap with it."""

    def __init__(self, name: str, version: int) -> None:
        super().__init__(name="lineage_ext-load-saved", daemon=True)
        self.artifact = (name, version)
        self.value: Any = _MISSING
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            from lineage_ext.store import open_store

            self.value = open_store().load_value(*self.artifact)
        except BaseException as exc:
            self.error = exc

    def result(self) -> Any:
        self.join()
        if self.error is not None:
            raise self.error
        return self.value


def run_spec(spec: dict[str, Any]) -> dict[str, Any]:
    saved = _SavedValue(spec["name"], spec["version"])
    saved.start()
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
    started = time.perf_counter()
    try:
        exec(compile(spec["code"], "<slice>", "exec"), namespace)
    except BaseException as exc:
        last = traceback.format_exception_only(exc)[-1].strip()
        return {"status": "failed", "reason": f"the slice raised {last}", "slice_seconds": None}
    slice_seconds = time.perf_counter() - started
    value = namespace.get(spec["variable"], _MISSING)
    if value is _MISSING:
        reason = f"the slice ran but did not bind {spec['variable']!r}"
        return {"status": "failed", "reason": reason, "slice_seconds": slice_seconds}
    from lineage_ext.errors import PickleRefused

    from .compare import difference

    try:
        expected = saved.result()
    except PickleRefused as exc:  # the trust policy applies to verification too: say so, do not guess
        reason = f"the saved value was not loaded to compare: {exc}"
        return {"status": "not_applicable", "reason": reason, "slice_seconds": slice_seconds}
    found = difference(value, expected, spec["variable"])
    if found is None:
        return {"status": "verified", "reason": None, "slice_seconds": slice_seconds}
    reason = f"the slice recomputes a different value: {found}"
    return {"status": "failed", "reason": reason, "slice_seconds": slice_seconds}


def main(argv: list[str]) -> int:
    with open(argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    try:
        result = run_spec(spec)
    except Exception as exc:  # loading or comparing failed: report it, do not guess
        last = traceback.format_exception_only(exc)[-1].strip()
        reason = f"could not compare with the saved value: {last}"
        result = {"status": "failed", "reason": reason, "slice_seconds": None}
    with open(spec["out"], "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
