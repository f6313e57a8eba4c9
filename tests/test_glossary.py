"""A deck's glossary: its entities listed once with all their names, used by every card."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.loading import check_deck_files
from quizdeck.decks.reader import check_deck_file
from quizdeck.decks.schema import deck_schema
from quizdeck.kinds import grade
from quizdeck.model import Card

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DECK = """\
[deck]
id = "militias"
title = "Militias"

[[entity]]
names = ["Kataib Hezbollah", "KH", "Hezbollah Brigades"]

[[entity]]
names = ["Hezbollah", "Hizbullah"]

[[entity]]
names = ["Popular Mobilization Forces", "PMF", "PMU", "Hashd al-Shaabi"]

[[card]]
id = "raided"
kind = "text"
prompt = "Which militia did the June 2020 raid target?"
answer = "Kataib Hezbollah"

[[card]]
id = "umbrella"
kind = "text"
prompt = "Which state-funded umbrella group includes most Iran-backed militias?"
answer = "Popular Mobilization Forces"
accept = ["PMU", "the Hashd"]

[[card]]
id = "gap"
kind = "cloze"
prompt = "In 2020 the raid hit {{Kataib Hezbollah}}."

[[card]]
id = "pairs"
kind = "match"
prompt = "Match each group with its country."
answer = [["Kataib Hezbollah", "Iraq"], ["Hezbollah", "Lebanon"]]
"""


@pytest.fixture
def cards(tmp_path: Path) -> dict[str, Card]:
    path = tmp_path / "militias.toml"
    path.write_text(DECK, encoding="utf-8")
    deck, problems = check_deck_file(path)
    assert deck is not None, problems
    return {card.id: card for card in deck.cards}


@pytest.mark.parametrize("answer", ["KH", "the Hezbollah Brigades", "kataib hezbollah"])
def test_any_name_of_the_cards_entity_is_right(cards: dict[str, Card], answer: str) -> None:
    assert grade(cards["raided"], answer).correct


@pytest.mark.parametrize("answer", ["Hezbollah", "Hizbullah", "the PMF"])
def test_a_name_of_another_entity_is_wrong(cards: dict[str, Card], answer: str) -> None:
    assert not grade(cards["raided"], answer).correct


def test_cloze_blanks_and_match_partners_use_the_glossary(cards: dict[str, Card]) -> None:
    assert grade(cards["gap"], ["KH"]).correct
    assert not grade(cards["gap"], ["Hezbollah"]).correct
    assert grade(cards["umbrella"], "Hashd al-Shaabi").correct


def test_the_glossary_survives_the_deck_cache(tmp_path: Path) -> None:
    path = tmp_path / "militias.toml"
    path.write_text(DECK, encoding="utf-8")
    for _ in range(2):  # read, then from the cache
        decks, problems = check_deck_files([path], cached=True)
        assert not problems
        (raided,) = [card for card in decks[0].cards if card.id == "raided"]
        assert grade(raided, "KH").correct and not grade(raided, "Hizbullah").correct
        assert decks[0].glossary[0][0] == "Kataib Hezbollah"


def test_lint_says_an_accept_entry_the_glossary_gives(tmp_path: Path) -> None:
    path = tmp_path / "militias.toml"
    path.write_text(DECK, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert "accept 'PMU' is a name in the glossary: drop it" in result.output
    assert "accept 'the Hashd'" not in result.output


@pytest.mark.parametrize(
    ("entities", "message", "line"),
    [
        ('[[entity]]\nnames = "KH"\n', "'names' must be a list of strings, not a string", 6),
        ("[[entity]]\nnames = []\n", "'names' is empty", 6),
        ('[[entity]]\nnamez = ["KH"]\n', "unknown key 'namez' in [[entity]]", 6),
        ('[[entity]]\nnames = ["KH"]\n\n[[entity]]\nnames = ["kh"]\n', "'kh' names two", 9),
        ("entity = 3\n", "'entity' must be written as [[entity]] tables", 1),
    ],
)
def test_a_bad_glossary_is_one_line_with_its_place(
    tmp_path: Path, entities: str, message: str, line: int
) -> None:
    head, cards = DECK.split("[[entity]]", 1)[0], "[[card]]" + DECK.split("[[card]]", 1)[1]
    text = entities + head + cards if entities.startswith("entity =") else head + entities + cards
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    deck, problems = check_deck_file(path)
    assert deck is None
    found = [problem for problem in problems if message in problem.message]
    assert found, problems
    assert found[0].line == line


def test_the_schema_takes_the_glossary(tmp_path: Path) -> None:
    jsonschema.validate(tomllib.loads(DECK), deck_schema())
    bad = tomllib.loads(DECK.replace('names = ["Hezbollah", "Hizbullah"]', "names = [1]"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(json.dumps(bad)), deck_schema())
