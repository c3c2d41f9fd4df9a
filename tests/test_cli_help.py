"""The help of every command reads as written for people: no parser jargon, no default twice."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from readout_diff.cli import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def help_of(runner: CliRunner, command: str) -> str:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_value_is_named_for_what_it_is(runner: CliRunner, command: str) -> None:
    """``--width COLUMNS``, not the parser's ``--width <int range>`` or ``[name]:<a|b>``."""
    text = help_of(runner, command)
    jargon = re.findall(r"<(?:str|text|int|integer|float|file|path|directory)(?: range)?>", text)
    assert jargon == [], jargon
    assert not re.search(r"\[?[a-z_]+\]?:<", text)


@pytest.mark.parametrize("command", COMMANDS)
def test_no_default_is_given_twice(command: str) -> None:
    """A help that says its default in words shows no ``[default: ...]`` beside it."""
    group = get_command(app)
    for param in group.commands[command].params:  # type: ignore[attr-defined]
        if param.param_type_name != "option" or "default" not in (param.help or ""):
            continue
        shown = param.show_default is not False and param.default not in (None, False)
        assert not shown, f"{command} {param.name}: {param.help!r} and [default: {param.default}]"


def test_review_offers_no_color_without_naming_an_option_it_lacks(runner: CliRunner) -> None:
    text = help_of(runner, "review")
    assert "--no-color" in text and "--color" not in text.replace("--no-color", "")
