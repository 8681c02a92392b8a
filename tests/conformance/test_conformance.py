"""LineaPy's end-to-end test programs as a conformance suite (see README.md in this folder).

Each usable program runs traced; every saved artifact's slice must reproduce its value in a fresh
interpreter and be no larger than the slice LineaPy's own test asserts. Known failures are listed in
`known_failures.txt` and marked xfail(strict=True): a fix makes its entry fail until it is removed, so
progress is visible and nothing passes silently. `benchmarks/conformance.py` prints the counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance_harness import known_failures, run_program, skip_reason, statement_count
from IPython.core.interactiveshell import InteractiveShell
from lineapy_programs import load_programs
from traitlets.config import Config

PROGRAMS = load_programs()
KNOWN = known_failures()


def _param(program):
    marks = []
    reason = skip_reason(program)
    if reason is not None:
        marks.append(pytest.mark.skip(reason=reason))
    elif program.id in KNOWN:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[program.id]))
    return pytest.param(program, id=program.id, marks=marks)


@pytest.fixture(scope="module")
def shell() -> InteractiveShell:
    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


def test_every_vendored_program_is_read():
    assert len(PROGRAMS) >= 230
    assert sum(1 for p in PROGRAMS if skip_reason(p) is None) >= 100
    assert sum(1 for p in PROGRAMS if p.expected) >= 100
    by_id = {p.id: p for p in PROGRAMS}
    inner = by_id["test_lists::test_list_append_mutates_inner"]
    assert inner.artifacts == ("x", "y")
    assert inner.expected == dict.fromkeys(("x", "y"), inner.code)
    second = by_id["test_linea_api::test_save_different_session#2"]
    assert second.setup == (by_id["test_linea_api::test_save_different_session#1"].code,)
    assert statement_count("import lineapy\nx = 1\nlineapy.save(x, 'x')\ny = [x]\n") == 2


# third-party programs: their warnings (pandas' chained assignment, deprecations) are not ours to fail on
@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("program", [_param(p) for p in PROGRAMS if skip_reason(p) != "saves no artifact"])
def test_lineapy_program(shell, program, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    outcome = run_program(shell, program, tmp_path / "store")
    assert outcome.passed, outcome.detail
