"""The deck JSON Schema: valid draft 2020-12, accepts every bundled deck, rejects broken ones,
and stays in step with the loader."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.format import CARD_KEYS, DECK_KEYS
from quizdeck.decks.loading import bundled_decks_dir
from quizdeck.decks.reader import check_deck_file
from quizdeck.decks.schema import deck_schema
from quizdeck.decks.template import new_deck_text
from quizdeck.kinds import KINDS
from quizdeck.model import Kind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BUNDLED = sorted(bundled_decks_dir().glob("*.toml"))
VALIDATOR = jsonschema.Draft202012Validator(deck_schema())


def as_json(value: Any) -> Any:
    """TOML data as JSON data: dates and times become ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def errors_of(text: str) -> list[str]:
    data = as_json(tomllib.loads(text))
    return [error.message for error in VALIDATOR.iter_errors(data)]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = deck_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_deck_validates(path: Path) -> None:
    assert errors_of(path.read_text(encoding="utf-8")) == []


def test_bundled_decks_found() -> None:
    assert len(BUNDLED) >= 5


def test_new_deck_template_validates() -> None:
    assert errors_of(new_deck_text("roman-history", "Roman history")) == []


def test_schema_follows_the_loader_keys_and_kinds() -> None:
    defs = deck_schema()["$defs"]
    assert list(defs["card"]["properties"]) == list(CARD_KEYS)
    assert list(defs["deck"]["properties"]) == list(DECK_KEYS)
    assert defs["card"]["properties"]["kind"]["enum"] == [kind.value for kind in Kind]
    assert set(KINDS) == set(Kind)
    assert len(defs["card"]["allOf"]) == len(Kind)


def test_every_key_is_described() -> None:
    defs = deck_schema()["$defs"]
    for table in ("deck", "card"):
        for key, value in defs[table]["properties"].items():
            assert value.get("description"), (table, key)


DECK = '[deck]\nid = "d"\ntitle = "D"\n\n'
CARD = '[[card]]\nid = "c"\nkind = "text"\nprompt = "Q?"\nanswer = "A"\n'


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (DECK, "'card' is a required property"),
        (CARD, "'deck' is a required property"),
        (DECK + CARD + "answr = 'x'\n", "Additional properties"),
        (DECK + CARD.replace('"text"', '"txt"'), "is not one of"),
        (DECK + CARD.replace('id = "c"', 'id = "Bad Id"'), "does not match"),
        (DECK.replace('title = "D"\n', "") + CARD, "'title' is a required property"),
        (DECK + '[[card]]\nid = "c"\nkind = "text"\nprompt = "Q?"\n', "'answer' is a required"),
        (DECK + CARD.replace('prompt = "Q?"', 'prompt = "  "'), "does not match"),
        (DECK + CARD.replace('"text"', '"date"').replace('"A"', '"yesterday"'), "is not valid"),
        (DECK + CARD.replace('"text"', '"year"').replace('"A"', '"19x9"'), "is not valid"),
        (DECK + CARD.replace('"text"', '"number"').replace('"A"', '"many"'), "is not valid"),
        (DECK + CARD.replace('"text"', '"truefalse"').replace('"A"', '"maybe"'), "is not valid"),
        (DECK + CARD.replace('"text"', '"order"').replace('"A"', '["one"]'), "is too short"),
        (DECK + CARD.replace('"text"', '"order"').replace('"A"', '["a", "a"]'), "non-unique"),
        (DECK + CARD.replace('"text"', '"choice"'), "is not valid"),
        (DECK + CARD + 'choices = ["A", "B"]\n', "should not be valid"),
        (DECK + CARD.replace('"text"', '"choice"') + 'distractors = "some"\n', "was expected"),
        (DECK + CARD.replace('"text"', '"cloze"'), "does not match"),
        (DECK + CARD.replace('"text"', '"cloze"').replace('"Q?"', '"{{x}}"'), "should not be"),
        (DECK + CARD + "tags = [1, 2]\n", "is not valid"),
        (DECK + CARD + "source = true\n", "is not valid"),
        ('[deck]\nid = "d"\ntitle = "D"\ntags = "one"\n\n' + CARD, "is not of type 'array'"),
        (DECK + CARD + "[extra]\nx = 1\n", "Additional properties"),
    ],
)
def test_broken_decks_fail_the_schema_and_the_loader(
    text: str, fragment: str, tmp_path: Path
) -> None:
    errors = errors_of(text)
    assert any(fragment in error for error in errors), errors
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    _deck, problems = check_deck_file(path)
    assert problems, "the loader should refuse this deck too"


@pytest.mark.parametrize(
    "card",
    [
        CARD,
        CARD.replace('"A"', '["A", "B"]'),
        CARD + 'accept = "a"\ntags = "t"\nsource = "3-4"\n',
        CARD.replace('"text"', '"date"').replace('"A"', "2021-11-07"),
        CARD.replace('"text"', '"date"').replace('"A"', '"2021-11"'),
        CARD.replace('"text"', '"year"').replace('"A"', "1989"),
        CARD.replace('"text"', '"number"').replace('"A"', '"1,200"'),
        CARD.replace('"text"', '"number"').replace('"A"', "3.5"),
        CARD.replace('"text"', '"truefalse"').replace('"A"', "true"),
        CARD.replace('"text"', '"truefalse"').replace('"A"', '"False"'),
        CARD.replace('"text"', '"choice"') + 'choices = ["A", "B"]\n',
        CARD.replace('"text"', '"choice"') + 'distractors = "auto"\n',
        CARD.replace('"text"', '"order"').replace('"A"', '["a", "b"]'),
        '[[card]]\nid = "c"\nkind = "cloze"\nprompt = "In {{year:1989}}, {{x|y}}"\n',
    ],
)
def test_valid_cards_pass_the_schema_and_the_loader(card: str, tmp_path: Path) -> None:
    text = DECK + card
    assert errors_of(text) == []
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    assert check_deck_file(path)[1] == []


def test_quiz_schema_prints_and_writes(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(main, ["schema"])
    assert printed.exit_code == 0
    assert json.loads(printed.output) == deck_schema()
    target = tmp_path / "deck.schema.json"
    written = runner.invoke(main, ["schema", "-o", str(target)])
    assert written.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == deck_schema()


def test_quiz_schema_reports_an_unwritable_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "no" / "s.json")])
    assert result.exit_code == 1
    assert "cannot write" in result.output
    assert "Traceback" not in result.output
