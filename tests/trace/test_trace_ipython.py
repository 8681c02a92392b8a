"""Call tracing as a notebook user meets it, in a real IPython shell: cells, tracebacks, rich display."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def shell() -> Iterator[Any]:
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.colors = "nocolor"
    before = set(ip.user_ns)
    yield ip
    for name in set(ip.user_ns) - before:
        del ip.user_ns[name]


def run_cell(shell: Any, code: str) -> Any:
    return shell.run_cell(code, store_history=False)


def test_a_failing_traced_call_in_a_cell_hides_the_wrapper_frame(
    shell: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cell(
        shell,
        "from lineage_ext.trace import trace_func, TraceContext\n"
        "@trace_func(stage_name='clean')\n"
        "def clean(x):\n"
        "    return 1 / x\n",
    )
    result = run_cell(shell, "with TraceContext() as trace:\n    clean(2)\n    clean(0)\n")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    shown = capsys.readouterr().out
    assert "skipping hidden 1 frame" in shown
    assert "wrappers.py" not in shown
    assert "return 1 / x" in shown
    trace = shell.user_ns["trace"]
    assert [c.status for c in trace.clean] == ["ok", "error"]
    assert trace.clean[1].exception is result.error_in_exec


def test_trace_results_render_as_text_and_html_in_notebooks(shell: Any) -> None:
    run_cell(
        shell,
        "import lineage_ext\n"
        "@lineage_ext.trace_func(stage_name='load', result_name='rows')\n"
        "def load(n):\n"
        "    return list(range(n))\n"
        "with lineage_ext.TraceContext(limit=2) as trace:\n"
        "    for n in (3, 300, 3000):\n"
        "        load(n)\n",
    )
    data, _ = shell.display_formatter.format(shell.user_ns["trace"])
    assert data["text/plain"].splitlines()[1] == "stage 'load': 2 call(s), 1 past the limit"
    assert "rows=list len=300" in data["text/html"]
    assert "trace.load" in complete(shell, "trace.lo")
    run_cell(shell, "call = trace.load[1]")  # IPython's default completer evaluates no [] on our objects
    assert {"call.rows", "call.n"} <= complete(shell, "call.")


def complete(shell: Any, text: str) -> set[str]:
    """What the user sees on <tab> at the end of ``text`` (IPython's current completion API)."""
    from IPython.core.completer import provisionalcompleter

    with provisionalcompleter():
        found = shell.Completer.completions(text, len(text))
        return {text[: c.start] + c.text for c in found}
