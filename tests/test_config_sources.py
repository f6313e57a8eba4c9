"""``quiz config get`` tells the student's own values from quiz's defaults and decks' values."""

from __future__ import annotations

from click.testing import CliRunner

from quizdeck.cli import main


def _lines(output: str) -> dict[str, str]:
    return {line.split()[0]: line for line in output.splitlines() if " = " in line}


def test_config_get_marks_the_students_own_values() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["config", "set", "new_per_day", "5"]).exit_code == 0
    assert runner.invoke(main, ["config", "set", "leech_action", "suspend"]).exit_code == 0
    result = runner.invoke(main, ["config", "get"])
    assert result.exit_code == 0, result.output
    lines = _lines(result.output)
    assert "(yours" in lines["new_per_day"] and "(yours)" in lines["leech_action"]
    assert "(default" in lines["reviews_per_day"] and "(yours" not in lines["reviews_per_day"]
    # a setting a deck may set for its own cards says so while the student has not set it
    assert "a deck may set" in lines["desired_retention"]
    assert "a deck may set" in lines["learning_steps"]
    assert "a deck may set" not in lines["reviews_per_day"]
    assert "over every deck" in lines["new_per_day"]
    # one value alone stays bare, for scripts
    assert runner.invoke(main, ["config", "get", "new_per_day"]).output == "5\n"
