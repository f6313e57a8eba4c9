"""Everything quiz prints fits the terminal, broken at spaces (issue 26, findings 4 and 9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.ui.table import display_width
from quizdeck.ui.text import fit, fit_text
from wide_deck import NOT_KNOWN, assert_whole, shown_texts, write_deck


def test_a_line_that_fits_is_left_as_it_is() -> None:
    assert fit("  a)  two  spaces", 40) == ["  a)  two  spaces"]


def test_a_long_line_breaks_at_spaces_and_hangs_under_its_list_mark() -> None:
    line = "  b) Because the supply roads behind them had been cut by the spring floods"
    assert fit(line, 42) == [
        "  b) Because the supply roads behind them",
        "     had been cut by the spring floods",
    ]
    assert fit("  12. one two three four five six seven", 21) == [
        "  12. one two three",
        "      four five six",
        "      seven",
    ]
    assert fit("    indented words go on and on here", 22) == [
        "    indented words go",
        "    on and on here",
    ]


def test_wide_characters_take_two_columns_and_colour_none() -> None:
    cities = "東京 大阪 京都 奈良 神戸 横浜 札幌 仙台 広島 福岡"
    lines = fit(cities, 21)
    assert len(lines) > 1 and all(display_width(line) <= 20 for line in lines)
    assert " ".join(lines) == cities
    green = "\x1b[32mRight\x1b[0m   Answer: Baghdad"
    assert fit(green, 29) == [green]


def test_fit_text_fits_each_line() -> None:
    assert fit_text("one two three four five six\nseven", 21) == [
        "one two three four",
        "five six",
        "seven",
    ]


@pytest.mark.parametrize("command", ["practice", "start", "exam"])
@pytest.mark.parametrize("columns", [40, 60, 80, 200])
def test_a_plain_session_fits_the_width_of_columns(
    tmp_path: Path, columns: int, command: str
) -> None:
    deck = write_deck(tmp_path)
    count = ["--new", "5"] if command == "start" else ["--count", "5"]
    result = CliRunner().invoke(
        main,
        [command, str(deck), "--plain", *count, "--seed", "4"],
        input=NOT_KNOWN,
        env={"COLUMNS": str(columns)},
    )
    assert "Traceback" not in result.output
    assert result.output.count("Question ") >= 5, result.output
    assert_whole(result.output.splitlines(), shown_texts(deck), columns)


def test_a_plain_session_fits_80_columns_when_columns_is_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Output to a pipe (as here: the runner's) is wrapped to $COLUMNS, else 80."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("sys.__stdout__", None)  # no terminal to ask for its size
    deck = write_deck(tmp_path)
    result = CliRunner().invoke(
        main, ["practice", str(deck), "--plain", "--count", "5", "--seed", "4"], input=NOT_KNOWN
    )
    assert_whole(result.output.splitlines(), shown_texts(deck), 80)
    assert max(display_width(line) for line in result.output.splitlines()) > 70
