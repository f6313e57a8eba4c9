"""The command table: every listed command loads, and its help line is its own."""

from __future__ import annotations

import importlib

import click
import pytest
from click.testing import CliRunner

from quizdeck.cli import COMMANDS, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_command_loads_with_matching_help(name: str) -> None:
    module_name, attribute, summary = COMMANDS[name]
    command = getattr(importlib.import_module(module_name), attribute)
    assert isinstance(command, click.Command)
    assert command.name == name
    first_line = (command.help or "").strip().splitlines()[0]
    assert summary == first_line


def test_every_command_has_help() -> None:
    runner = CliRunner()
    overview = runner.invoke(main, ["--help"])
    assert overview.exit_code == 0
    for name in main.list_commands(click.Context(main)):
        assert name in overview.output
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage: " in result.output


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["strat"])
    assert result.exit_code == 2
    assert "no such command 'strat'" in result.output


def test_help_groups_every_command_once() -> None:
    from quizdeck.cli import COMMANDS, SECTIONS

    listed = [name for names in SECTIONS.values() for name in names]
    assert sorted(listed) == sorted(COMMANDS)
    result = CliRunner().invoke(main, ["--help"])
    assert "Study:" in result.output and "Write and share decks:" in result.output
    assert "Other commands" not in result.output and "Examples:" in result.output


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = CliRunner().invoke(main, ["practise"])
    assert result.exit_code == 2
    assert "no such command 'practise' (did you mean 'practice'?)" in result.output
