"""``quiz accept``: a teacher adds an answer the grader refused, and the file keeps its layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.kinds import grade
from quizdeck.model import Card

DECK = """\
# The revolution deck. Comments and layout must survive quiz accept.
[deck]
id = "revolution"
title = "The French Revolution"

[[card]]
id = "prison"
kind = "text"
prompt = "Which Paris prison was stormed in July 1789?"
answer = "the Bastille"   # the fortress
explanation = "Its fall became the national holiday."

[[card]]
id = "king"
kind = "person"
prompt = "Which king was executed in 1793?"
answer = "Louis XVI"
accept = ["Louis Capet"]

[[card]]
id = "storming"
kind = "year"
prompt = "In which year was the Bastille stormed?"
answer = 1789

[[card]]
id = "order"
kind = "order"
prompt = "Oldest first."
answer = ["Estates-General", "Bastille", "Terror"]
"""


def quiz(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "revolution.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def card_of(path: Path, card_id: str) -> Card:
    found, problems = check_deck_file(path)
    assert found is not None, problems
    return next(card for card in found.cards if card.id == card_id)


def test_a_refused_answer_is_accepted_from_then_on(deck: Path) -> None:
    refused = "the royal fortress prison"
    assert not grade(card_of(deck, "prison"), refused).correct
    result = quiz("accept", str(deck), "prison", refused)
    assert result.exit_code == 0, result.output
    assert "now accepts: the royal fortress prison" in result.output
    assert grade(card_of(deck, "prison"), refused).correct


def test_the_file_keeps_its_comments_and_layout(deck: Path) -> None:
    quiz("accept", str(deck), "king", "Citizen Capet")
    text = deck.read_text(encoding="utf-8")
    assert text.startswith("# The revolution deck. Comments and layout must survive quiz accept.")
    assert 'answer = "the Bastille"   # the fortress' in text
    assert 'accept = ["Louis Capet", "Citizen Capet"]' in text
    assert text.replace(', "Citizen Capet"', "") == DECK


def test_an_answer_already_accepted_changes_nothing(deck: Path) -> None:
    result = quiz("accept", str(deck), "king", "louis xvi")
    assert result.exit_code == 0
    assert "already accepts" in result.output
    assert deck.read_text(encoding="utf-8") == DECK


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("prisn", "x"), "no card 'prisn' (did you mean 'prison'?)"),
        (("order", "x"), "order cards have no 'accept' list"),
        (("storming", "the year of the revolution"), "does not read as a year"),
        (("prison", "   "), "the answer to accept is empty"),
    ],
)
def test_what_cannot_be_accepted_is_one_line_and_changes_nothing(
    deck: Path, args: tuple[str, str], message: str
) -> None:
    result = quiz("accept", str(deck), *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert deck.read_text(encoding="utf-8") == DECK


def test_a_broken_deck_is_reported_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(DECK + "\n[[card]\n", encoding="utf-8")
    result = quiz("accept", str(path), "prison", "the fortress")
    assert result.exit_code == 1
    assert "broken.toml:" in result.output
    assert path.read_text(encoding="utf-8") == DECK + "\n[[card]\n"


GLOSSARY_DECK = DECK.replace(
    '[[card]]\nid = "prison"',
    '[[entity]]\nnames = ["Louis XVI", "Louis Capet"]\n\n[[card]]\nid = "prison"',
    1,
)


def test_with_glossary_the_name_goes_to_the_entity_the_answer_names(tmp_path: Path) -> None:
    path = tmp_path / "revolution.toml"
    path.write_text(GLOSSARY_DECK, encoding="utf-8")
    assert not grade(card_of(path, "king"), "Citizen Capet").correct
    result = quiz("accept", str(path), "king", "Citizen Capet", "--glossary")
    assert result.exit_code == 0, result.output
    assert "glossary" in result.output
    text = path.read_text(encoding="utf-8")
    assert 'names = ["Louis XVI", "Louis Capet", "Citizen Capet"]' in text
    assert 'accept = ["Louis Capet"]' in text  # the card itself is unchanged
    assert grade(card_of(path, "king"), "Citizen Capet").correct


def test_with_glossary_and_no_entity_yet_one_is_made(deck: Path) -> None:
    result = quiz("accept", str(deck), "prison", "la Bastille Saint-Antoine", "--glossary")
    assert result.exit_code == 0, result.output
    text = deck.read_text(encoding="utf-8")
    assert '[[entity]]\nnames = ["the Bastille", "la Bastille Saint-Antoine"]' in text
    assert grade(card_of(deck, "prison"), "la Bastille Saint-Antoine").correct
