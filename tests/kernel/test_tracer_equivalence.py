"""Equivalence: hypothesis generates small notebook programs; traced and untraced runs (each in its own
interpreter, a fresh namespace per program) must be observably identical. Programs are sent in batches to
two long-lived worker processes (one round trip per program) so thousands of programs fit in the normal
test run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORKER = Path(__file__).with_name("equivalence_worker.py")
ROOT = Path(__file__).resolve().parents[2]

names = st.sampled_from(["a", "b", "c"])
small = st.integers(min_value=-3, max_value=6)


def _statement(draw: st.DrawFn) -> str:
    v, w = draw(names), draw(names)
    n, m = draw(small), draw(small)
    templates = [
        f"{v} = [{n}, {m}]",
        f"{v} = {n}",
        f"{v} = {{'k': {n}}}",
        f"{v} = {w}",
        f"{v}.append({n})",
        f"{v} += [{n}]",
        f"{v} += {n}",
        f"del {v}",
        f"{v}[0] = {n}",
        f"{v}['k'] = {w}",
        f"print({v})",
        f"{v}",
        f"{v} = [x * 2 for x in {w}]",
        f"{v} = sorted({w})",
        f"{v} = {w}.pop()",
        f"{v} = len({w}) + {n}",
        f"if ({v} := {n}) > 2:\n    {w} = {v}",
        f"for i in range({n}):\n    {v} = i",
        f"try:\n    {v} = {w}[{n}]\nexcept (IndexError, KeyError, TypeError) as e:\n    {v} = str(e)",
        f"def f{n % 3}(x):\n    x.append({m})\n    return len(x)",
        f"{v} = f{n % 3}({w})",
        f"def g(x=None):\n    global {v}\n    {v} = x\ng({w})",
        f"{v} = lambda q: q + {n}\n{w} = {v}({m})",
        f"match {v}:\n    case [x, *rest]:\n        {w} = x\n    case {{'k': val}}:\n        {w} = val\n    case _:\n        {w} = None",
        f"{v} = {n} / {m}",
        f"{v} = {{x: {w} for x in range(2)}}",
        f"with open(__file__ if False else '/dev/null') as fh:\n    {v} = fh.read()",
        f"{v} = (yield_ for yield_ in range({n}))\n{w} = sum({v})",
        f"class K{n % 2}:\n    val = {m}\n    def bump(self):\n        self.val += 1\n{v} = K{n % 2}()\n{v}.bump()",
        f"{v}.sort()",
        f"{v} = {w}.get('k', {n})",
        f"print({v}, {w}, sep='|')\n{v}",
    ]
    return draw(st.sampled_from(templates))


statement = st.composite(_statement)()
cell = st.lists(statement, min_size=1, max_size=3).map("\n".join)
program = st.lists(cell, min_size=1, max_size=5)


class Workers:
    # a shell's history (In, _ih, execution counts) grows with every cell and slows later programs down
    PROGRAMS_PER_WORKER = 1000

    def __init__(self) -> None:
        self.seq = 0
        self.procs = self._start()

    def _start(self) -> dict[str, subprocess.Popen[str]]:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "LINEAGE_EXT_PERSIST": "0", "MPLBACKEND": "Agg"}
        return {
            mode: subprocess.Popen(
                [sys.executable, str(WORKER), mode],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
                cwd=str(ROOT),
            )
            for mode in ("untraced", "traced")
        }

    def run(self, programs: list[list[str]]) -> dict[str, list[dict[str, object]]]:
        if self.seq and self.seq % self.PROGRAMS_PER_WORKER == 0:
            self.close()
            self.procs = self._start()
        self.seq += 1
        line = json.dumps({"seq": self.seq, "programs": programs}) + "\n"
        for proc in self.procs.values():
            assert proc.stdin is not None
            proc.stdin.write(line)
            proc.stdin.flush()
        results = {}
        for mode, proc in self.procs.items():
            assert proc.stdout is not None
            reply: dict[str, Any] = {"seq": -1}
            while reply["seq"] < self.seq:  # an interrupted earlier round trip left its answer behind
                answer = proc.stdout.readline()
                assert answer, f"{mode} worker died"
                reply = json.loads(answer)
            assert reply["seq"] == self.seq, f"{mode} worker answered request {reply['seq']}, not {self.seq}"
            results[mode] = reply["results"]
        return results

    def close(self) -> None:
        for proc in self.procs.values():
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(30)


@pytest.fixture(scope="module")
def workers() -> Iterator[Workers]:
    pool = Workers()
    yield pool
    pool.close()


def _assert_equivalent(workers: Workers, programs: list[list[str]]) -> None:
    results = workers.run(programs)
    for index, (untraced, traced) in enumerate(zip(results["untraced"], results["traced"], strict=True)):
        assert traced["cells"] == untraced["cells"], f"program {programs[index]!r}"
        assert traced["names"] == untraced["names"], f"program {programs[index]!r}"
        assert traced["untraced_cells"] == [], f"tracer failed internally on {programs[index]!r}"


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(program)
def test_generated_programs_behave_identically(workers, program):
    _assert_equivalent(workers, [program])


@pytest.mark.slow
@pytest.mark.timeout(3600)  # 20,000 programs take ~20 min; the default per-test timeout would cut them off
@settings(max_examples=20000, deadline=None, suppress_health_check=list(HealthCheck))
@given(program)
def test_generated_programs_behave_identically_stress(workers, program):
    _assert_equivalent(workers, [program])
