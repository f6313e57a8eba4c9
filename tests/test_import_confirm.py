"""``quiz import`` into a deck file that already exists lists the cards it will add and asks
first; without a terminal to ask on it needs ``--yes``, and refuses in one line, writing
nothing. A new deck file is made without asking."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.commands import import_cards

DECK = (
    '[deck]\nid = "geo"\ntitle = "Geo"\n\n[[card]]\nid = "peru"\nkind = "text"\n'
    'prompt = "Capital of Peru?"\nanswer = "Lima"\n'
)


def run(*args: str, given: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=given)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    deck = tmp_path / "geo.toml"
    deck.write_text(DECK, encoding="utf-8")
    cards = tmp_path / "cards.csv"
    cards.write_text(
        "prompt,answer\nCapital of Peru?,Lima\nCapital of Chile?,Santiago\n"
        "Capital of Bolivia?,Sucre\n",
        encoding="utf-8",
    )
    return deck, cards


def test_without_a_terminal_or_yes_nothing_is_written(files: tuple[Path, Path]) -> None:
    deck, cards = files
    result = run("import", str(cards), "--deck", str(deck))
    assert result.exit_code == 1
    refusal = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert refusal == [
        "Error: not adding to an existing deck file without confirmation: "
        "run in a terminal, or pass --yes"
    ]
    assert deck.read_text(encoding="utf-8") == DECK


def test_it_lists_what_it_adds_and_asks(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    deck, cards = files
    monkeypatch.setattr(import_cards, "interactive", lambda: True)
    declined = run("import", str(cards), "--deck", str(deck), given="n\n")
    assert declined.exit_code == 1
    assert "Capital of Chile?" in declined.output and "Capital of Bolivia?" in declined.output
    assert "Add 2 card(s) to" in declined.output and "geo.toml" in declined.output
    assert deck.read_text(encoding="utf-8") == DECK
    accepted = run("import", str(cards), "--deck", str(deck), given="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "Added 2 card(s)" in accepted.output


def test_yes_adds_without_asking(files: tuple[Path, Path]) -> None:
    deck, cards = files
    result = run("import", str(cards), "--deck", str(deck), "--yes")
    assert result.exit_code == 0, result.output
    assert "Added 2 card(s)" in result.output and "?" not in result.output.split("Added")[1]


def test_a_new_deck_file_is_made_without_asking(files: tuple[Path, Path]) -> None:
    _, cards = files
    new = cards.with_name("new.toml")
    result = run("import", str(cards), "--deck", str(new))
    assert result.exit_code == 0, result.output
    assert "Added 3 card(s)" in result.output and new.exists()


def test_nothing_new_needs_no_confirmation(files: tuple[Path, Path]) -> None:
    deck, cards = files
    assert run("import", str(cards), "--deck", str(deck), "--yes").exit_code == 0
    again = run("import", str(cards), "--deck", str(deck))
    assert again.exit_code == 0 and "No new cards to add." in again.output


def test_a_long_list_is_cut_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = tmp_path / "geo.toml"
    deck.write_text(DECK, encoding="utf-8")
    cards = tmp_path / "cards.csv"
    rows = "".join(f"Question {n}?,Answer {n}\n" for n in range(40))
    cards.write_text("prompt,answer\n" + rows, encoding="utf-8")
    monkeypatch.setattr(import_cards, "interactive", lambda: True)
    result = run("import", str(cards), "--deck", str(deck), given="n\n")
    assert "Question 0?" in result.output and "Question 39?" not in result.output
    assert "and 20 more" in result.output
