"""Each Anki deck of a package, subdecks included, can become its own quiz deck with its name
(``--deck-per-anki-deck``); by default the cards go into the one deck file named, tagged with
their Anki deck's name, and a package of one Anki deck gives a new deck file its name."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.model import Card


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def package(tmp_path: Path, extra: bool = False) -> Path:
    decks = {
        name: genanki.Deck(1000 + number, name)
        for number, name in enumerate(["History", "History::Revolution", "Geography"])
    }
    notes = [
        ("History", "Capital of France?", "Paris"),
        ("History::Revolution", "Bastille stormed?", "1789"),
        ("History::Revolution", "Who led the Cordeliers?", "Danton"),
        ("Geography", "Capital of Peru?", "Lima"),
    ]
    if extra:
        notes.append(("History::Revolution", "Who led the Jacobins?", "Robespierre"))
    for deck, front, back in notes:
        decks[deck].add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=[front, back]))
    path = tmp_path / "history.apkg"
    genanki.Package(list(decks.values())).write_to_file(str(path))
    return path


def cards(path: Path) -> tuple[str, list[Card]]:
    deck, problems = check_deck_file(path)
    assert deck is not None, problems
    return deck.title, list(deck.cards)


def test_each_anki_deck_becomes_a_deck_file(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    result = run("import", str(package(tmp_path)), "--deck-per-anki-deck", "--deck", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in folder.glob("*.toml")) == [
        "geography.toml",
        "history-revolution.toml",
        "history.toml",
    ]
    title, got = cards(folder / "history-revolution.toml")
    assert title == "History::Revolution"
    assert [(card.prompt, card.tags) for card in got] == [
        ("Bastille stormed?", ()),
        ("Who led the Cordeliers?", ()),
    ]
    assert cards(folder / "history.toml")[0] == "History"
    assert [card.prompt for card in cards(folder / "geography.toml")[1]] == ["Capital of Peru?"]
    assert "3 deck file(s)" in result.output


def test_importing_again_into_the_deck_files_asks_first(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    assert (
        run(
            "import", str(package(tmp_path)), "--deck-per-anki-deck", "--deck", str(folder)
        ).exit_code
        == 0
    )
    before = (folder / "history-revolution.toml").read_text(encoding="utf-8")
    bigger = package(tmp_path, extra=True)
    refused = run("import", str(bigger), "--deck-per-anki-deck", "--deck", str(folder))
    assert refused.exit_code == 1 and "--yes" in refused.output
    assert (folder / "history-revolution.toml").read_text(encoding="utf-8") == before
    added = run("import", str(bigger), "--deck-per-anki-deck", "--deck", str(folder), "--yes")
    assert added.exit_code == 0, added.output
    assert len(cards(folder / "history-revolution.toml")[1]) == 3


def test_by_default_one_deck_file_with_the_deck_names_as_tags(tmp_path: Path) -> None:
    result = run("import", str(package(tmp_path)), "--deck", str(tmp_path / "all.toml"))
    assert result.exit_code == 0, result.output
    assert "--deck-per-anki-deck" in result.output
    title, got = cards(tmp_path / "all.toml")
    assert title == "All"
    assert [card.tags for card in got][1] == ("History::Revolution",)


def test_a_package_of_one_anki_deck_names_the_new_deck(tmp_path: Path) -> None:
    deck = genanki.Deck(1234, "French Revolution")
    deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["Bastille?", "1789"]))
    genanki.Package(deck).write_to_file(str(tmp_path / "fr.apkg"))
    result = run("import", str(tmp_path / "fr.apkg"), "--deck", str(tmp_path / "fr.toml"))
    assert result.exit_code == 0, result.output
    assert cards(tmp_path / "fr.toml")[0] == "French Revolution"


@pytest.mark.parametrize("where", ["csv", "file"])
def test_deck_per_anki_deck_needs_a_package_and_a_folder(tmp_path: Path, where: str) -> None:
    source = tmp_path / "cards.csv" if where == "csv" else package(tmp_path)
    source.write_text("prompt,answer\na,b\n", encoding="utf-8") if where == "csv" else None
    target = tmp_path / "x.toml"
    if where == "file":
        target.write_text("", encoding="utf-8")
    result = run("import", str(source), "--deck-per-anki-deck", "--deck", str(target))
    assert result.exit_code == 2, result.output
    assert ("is for an Anki package" if where == "csv" else "names a folder") in result.output
