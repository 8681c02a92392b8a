"""The command line as a whole: every registered sub-command is offered by --help; status; progress."""

from __future__ import annotations

import io

from cli_helpers import CLI

from lineage_ext.cli import build_parser
from lineage_ext.cli.progress import Progress


def registered_commands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if a.dest == "command"]
    return sorted(actions[0].choices)


def test_help_lists_every_registered_sub_command(cli: CLI) -> None:
    commands = registered_commands()
    assert {"python", "notebook", "status"} <= set(commands)
    result = cli("--help")
    assert result.code == 0
    for command in commands:
        assert f"    {command}" in result.stdout, command
    for command in ("python", "notebook", "status"):
        sub = cli(command, "--help")
        assert sub.code == 0
        assert "--json" in sub.stdout


def test_no_command_and_unknown_command_are_usage_errors(cli: CLI) -> None:
    assert cli().code == 2
    unknown = cli("frobnicate")
    assert unknown.code == 2
    assert "invalid choice" in unknown.stderr


def test_status_on_a_new_store_does_not_create_it(cli: CLI, store: object) -> None:
    result = cli("status", "--json")
    assert result.code == 0
    status = result.json()
    assert status["exists"] is False
    assert status["store_source"] == "$LINEAGE_EXT_STORE"
    assert (status["artifacts"], status["versions"], status["sessions"]) == (0, 0, 0)
    text = cli("status")
    assert "not created yet" in text.stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_only() -> None:
    terminal = Terminal()
    with Progress(4, "cells", stream=terminal) as progress:
        for index in range(4):
            progress.advance(detail=f"cell {index + 1}")
    output = terminal.getvalue()
    assert output.startswith("\rcells [")
    assert output.endswith("4/4 cell 4\n")
    assert progress.line() == "cells [########################] 4/4"

    quiet_json = Terminal()
    with Progress(4, "cells", json_output=True, stream=quiet_json) as progress:
        progress.advance()
    assert quiet_json.getvalue() == ""
    pipe = io.StringIO()
    with Progress(2, "cells", stream=pipe) as progress:
        progress.advance(2)
    assert pipe.getvalue() == ""
