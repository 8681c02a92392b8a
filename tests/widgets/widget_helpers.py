"""Helpers for widget tests: a traced notebook driven cell by cell."""

from __future__ import annotations

from typing import Any

from IPython.core.interactiveshell import InteractiveShell


class TracedNotebook:
    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell

    def run_cell(self, code: str, cell_id: str | None = None) -> Any:
        """Run `code` as notebook cell `cell_id` (re-running an id supersedes that cell's last run)."""
        result = self.shell.run_cell(code, store_history=True, cell_id=cell_id)
        error = result.error_before_exec or result.error_in_exec
        assert error is None, f"cell failed: {code!r}: {error!r}"
        return result.result

    @property
    def ns(self) -> dict[str, Any]:
        namespace: dict[str, Any] = self.shell.user_ns
        return namespace
