"""An Anki deck's options group comes back as the deck's ``[deck.study]``: new cards a day,
learning steps and desired retention, where they differ from Anki's defaults. The packages in
tests/anki/anki-options-*.apkg were made by anki 26.09.3 (see tests/anki/README.md): quiz's
own export of a deck with study settings imported into Anki with its options, then exported
again with them, beside a deck on Anki's Default options and one on a group of its own."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange.apkg_import import read_apkg_decks
from quizdeck.model import NO_STUDY, DeckStudy

ANKI = Path(__file__).parent / "anki"
PACKAGES = ["anki-options-current.apkg", "anki-options-legacy.apkg"]
GEOGRAPHY = DeckStudy(7, 0.85, (timedelta(minutes=2), timedelta(minutes=30)))


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def study_of(path: Path) -> DeckStudy:
    deck, problems = check_deck_file(path)
    assert problems == [] and deck is not None, problems
    return deck.study


@pytest.mark.parametrize("package", PACKAGES)
def test_the_options_that_differ_from_ankis_defaults_are_read(package: str) -> None:
    rows, _ = read_apkg_decks(ANKI / package)
    assert rows.studies == {
        "Geography": {"new_per_day": 7, "retention": 0.85, "learning_steps": ["2m", "30m"]},
        "History": {},
        "Latin": {"new_per_day": 5},
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_each_anki_deck_file_gets_its_options(tmp_path: Path, package: str) -> None:
    result = run("import", str(ANKI / package), "--deck", str(tmp_path), "--deck-per-anki-deck")
    assert result.exit_code == 0, result.output
    assert study_of(tmp_path / "geography.toml") == GEOGRAPHY
    assert study_of(tmp_path / "latin.toml") == DeckStudy(new_per_day=5)
    assert study_of(tmp_path / "history.toml") == NO_STUDY


def test_decks_of_different_options_in_one_file_keep_none_and_say_so(tmp_path: Path) -> None:
    target = tmp_path / "all.toml"
    result = run("import", str(ANKI / PACKAGES[0]), "--deck", str(target))
    assert result.exit_code == 0, result.output
    assert study_of(target) == NO_STUDY
    assert "options differ" in result.output and "--deck-per-anki-deck" in result.output


DECK = """\
[deck]
id = "geography"
title = "Geography"

[deck.study]
new_per_day = 7
retention = 0.85
learning_steps = ["2m", "30m"]

[[card]]
id = "peru"
kind = "text"
prompt = "Capital of Peru?"
answer = "Lima"
"""


def test_study_settings_survive_an_anki_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    source = tmp_path / "geography.toml"
    source.write_text(DECK, encoding="utf-8")
    package = tmp_path / "geography.apkg"
    assert run("export", str(source), "--format", "apkg", "-o", str(package)).exit_code == 0
    target = tmp_path / "back" / "geo.toml"
    target.parent.mkdir()
    result = run("import", str(package), "--deck", str(target))
    assert result.exit_code == 0, result.output
    assert study_of(target) == GEOGRAPHY


def test_an_existing_deck_file_is_left_as_it_is_with_a_note(tmp_path: Path) -> None:
    pytest.importorskip("genanki")
    source = tmp_path / "geography.toml"
    source.write_text(DECK, encoding="utf-8")
    package = tmp_path / "geography.apkg"
    assert run("export", str(source), "--format", "apkg", "-o", str(package)).exit_code == 0
    target = tmp_path / "mine.toml"
    target.write_text(DECK.replace('"peru"', '"lima"').split("[deck.study]")[0], encoding="utf-8")
    target.write_text(
        target.read_text(encoding="utf-8")
        + '[[card]]\nid = "x"\nkind = "text"\nprompt = "Q?"\nanswer = "A"\n',
        encoding="utf-8",
    )
    result = run("import", str(package), "--deck", str(target), "--yes")
    assert result.exit_code == 0, result.output
    assert study_of(target) == NO_STUDY
    assert "[deck.study]" in result.output and "new_per_day = 7" in result.output
